"""Read a Mermaid `erDiagram`: entity blocks, attributes with PK/FK/UK, crow's-foot relationships."""

from __future__ import annotations

import re

from archnb.review.design import AttrDraft, Design, EntityDraft, RelDraft
from archnb.review.lists import is_section_start
from archnb.review.source import Line, ReviewParseError

_NAME = r'(?:"[^"]+"|[A-Za-z_][\w-]*)'
_ALIAS = r"(?:\[[^\]]*\])?"
_ENTITY_START = re.compile(rf"^(?P<name>{_NAME}){_ALIAS}\s*\{{\s*(?P<rest>.*)$")
_LONE_ENTITY = re.compile(rf"^(?P<name>{_NAME}){_ALIAS}$")
_SYMBOL_REL = re.compile(
    rf"^(?P<a>{_NAME})\s*(?P<left>\|o|\|\||\}}o|\}}\|)(?:--|\.\.)(?P<right>o\||\|\||o\{{|\|\{{)"
    rf"\s*(?P<b>{_NAME})\s*(?::\s*(?P<label>.*))?$"
)
_CARD_WORDS = r"one or zero|zero or one|one or more|one or many|many\(1\)|1\+|zero or more|zero or many|many\(0\)|0\+|only one|1"
_WORD_REL = re.compile(
    rf"^(?P<a>{_NAME})\s+(?P<left>{_CARD_WORDS})\s+(?:optionally to|to)\s+(?P<right>{_CARD_WORDS})"
    rf"\s+(?P<b>{_NAME})\s*(?::\s*(?P<label>.*))?$"
)
_TYPE = r"\*?[A-Za-z_][\w\-\[\]]*(?:\([^)]*\))?(?:\[\])?"
_ATTRIBUTE = re.compile(
    rf"^(?P<type>{_TYPE})\s+(?P<name>\*?[A-Za-z_][\w\-\[\]()]*)"
    r"(?P<keys>(?:[\s,]+(?i:PK|FK|UK)\b)*)\s*(?:\"(?P<comment>[^\"]*)\")?\s*$"
)
_IGNORED = re.compile(r"^(%%|direction\b|title\b|accTitle\b|accDescr\b|classDef\b|class\b|style\b)")
_ERD_MARKS = ("{", "}", "|", "--", "..")
ATTRIBUTE_FORM = '`type name [PK|FK|UK] ["comment"]`'
TOP_LEVEL_FORM = "an entity block `NAME {`, or a relationship like `CUSTOMER ||--o{ ORDER : places`"
MARKERS_HINT = (
    "cardinality markers are |o || }o }| on the left and o| || o{ |{ on the right, "
    "joined by -- for identifying or .. for non-identifying relationships"
)


def parse_erd(lines: list[Line], start: int, design: Design, bare: bool) -> int:
    """Read the erDiagram whose header is lines[start]; return the index of the first line after it.

    In bare text the diagram ends at a heading, another kind of section, or a line of prose;
    inside a fence every line must belong to the diagram.
    """
    i = start + 1
    while i < len(lines):
        line = lines[i]
        text = line.stripped
        if not text or _IGNORED.match(text):
            i += 1
            continue
        if bare and _ends_diagram(text):
            return i
        entity = _ENTITY_START.match(text)
        if entity:
            i = _entity_block(lines, i, entity, design)
            continue
        if _stray_attribute(text):
            raise ReviewParseError(
                line.number,
                f"the attribute `{text}` is outside an entity block",
                line.text,
                "put it between `NAME {` and `}`",
            )
        if not _relationship(line, design) and not _lone_entity(line, design):
            hint = MARKERS_HINT if any(m in text for m in ("--", "..")) else ""
            raise line.fail(TOP_LEVEL_FORM, hint)
        i += 1
    return i


def _ends_diagram(text: str) -> bool:
    if is_section_start(text):
        return True
    if _ENTITY_START.match(text) or _SYMBOL_REL.match(text) or _WORD_REL.match(text):
        return False
    looks_erd = any(mark in text for mark in _ERD_MARKS) or _stray_attribute(text)
    return not looks_erd and not (_LONE_ENTITY.match(text) and text.isupper())


def _stray_attribute(text: str) -> bool:
    """Return True for `string title` written outside a block: an error, not prose."""
    from archnb.review.types import map_type

    match = _ATTRIBUTE.match(text)
    return bool(match) and len(text.split()) <= 4 and map_type(match["type"])[2]


def _entity_block(lines: list[Line], i: int, match: re.Match, design: Design) -> int:
    """Read `NAME {` ... `}` starting at lines[i]; return the index after the closing brace."""
    opening = lines[i]
    entity = _entity(design, unquote(match["name"]), opening.number)
    rest = match["rest"].strip()
    if rest:
        closed = rest.endswith("}")
        inner = rest[:-1].strip() if closed else rest
        if inner:
            entity.attributes.append(_attribute(Line(opening.number, inner), entity.name))
        if closed:
            return i + 1
    i += 1
    while i < len(lines):
        line = lines[i]
        text = line.stripped
        if text == "}":
            return i + 1
        if text and not text.startswith("%%"):
            if text.endswith("}"):
                entity.attributes.append(_attribute(Line(line.number, text[:-1]), entity.name))
                return i + 1
            entity.attributes.append(_attribute(line, entity.name))
        i += 1
    raise ReviewParseError(
        opening.number,
        f"the `{{` of entity {entity.name} is never closed",
        opening.text,
        "add a line with } after its last attribute",
    )


def _attribute(line: Line, entity: str) -> AttrDraft:
    match = _ATTRIBUTE.match(line.stripped)
    if not match:
        raise line.fail(
            f"an attribute {ATTRIBUTE_FORM} in entity {entity}",
            "one attribute per line, type first as in `string title`, then } to close the entity",
        )
    keys = {k.upper() for k in re.findall(r"[A-Za-z]{2}", match["keys"] or "")}
    return AttrDraft(
        name=match["name"].lstrip("*"),
        type=match["type"].lstrip("*"),
        line=line.number,
        primary_key="PK" in keys,
        marked_fk="FK" in keys,
        unique="UK" in keys,
        nullable="PK" not in keys,
        comment=match["comment"] or "",
    )


def _relationship(line: Line, design: Design) -> bool:
    text = line.stripped
    match = _SYMBOL_REL.match(text)
    if match:
        left_many = match["left"].startswith("}")
        right_many = match["right"].endswith("{")
    else:
        match = _WORD_REL.match(text)
        if not match:
            return False
        left_many = _many(match["left"])
        right_many = _many(match["right"])
    a, b = unquote(match["a"]), unquote(match["b"])
    for name in (a, b):
        _entity(design, name, line.number)
    label = unquote((match["label"] or "").strip())
    design.relationships.append(RelDraft(a, b, left_many, right_many, label, line.number))
    return True


def _many(words: str) -> bool:
    return "many" in words or "more" in words or "+" in words


def _lone_entity(line: Line, design: Design) -> bool:
    match = _LONE_ENTITY.match(line.stripped)
    if not match:
        return False
    _entity(design, unquote(match["name"]), line.number)
    return True


def _entity(design: Design, name: str, line: int) -> EntityDraft:
    """Return the ERD entity called `name`, declaring it at `line` if it is new."""
    for entity in design.entities:
        if entity.origin == "erd" and entity.name == name:
            return entity
    entity = EntityDraft(name=name, line=line, origin="erd")
    design.entities.append(entity)
    return entity


def unquote(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text
