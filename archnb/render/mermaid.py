"""Mermaid sources for a plan: the architecture flowchart and the ERD (no fences).

Facts about Mermaid 11 that shape this module (checked with its own parser):
- `%%{...}%%` directives are pulled out of any text, even quoted labels, and `#name;`
  is read as a character code, so `%` and `#` are written as codes too.
- nbconvert pastes the source into HTML unescaped, and Mermaid rewrites `<tag a="b">`,
  so `<`, `>` and `&` are written as codes as well.
- A `style...:...#...;` run on one line loses its last `;`, so `:` is encoded too;
  `$` is encoded so no page-level math typesetter picks up `$$...$$` from a label.
- Inside an ERD entity block, two `~` in a quoted comment ("~x~") are read as a generic
  type and the block no longer parses, so `~` is written as a code (and `{`, `}` too).
- Empty quoted node labels do not parse; ERD attribute types and names are single
  tokens, and an attribute named `pk`, `fk` or `uk` reads as a key marker.
Every label is quoted and every node has a generated id, so no name can become syntax.
"""

from __future__ import annotations

from archnb.plan import Attribute, Component, Entity, TechnicalPlan
from archnb.render.common import ModelIndex, one_line, without_cycle_collection

_CODES = {
    "#": "#35;",
    "%": "#37;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    ":": "#58;",
    "$": "#36;",
    "{": "#123;",
    "}": "#125;",
    "~": "#126;",
}
_CODE_TABLE = str.maketrans(_CODES)
_KEY_WORDS = {"pk", "fk", "uk"}

# (opening, closing) around the quoted label, by component kind.
_SHAPES = {
    "client": ('(["', '"])'),
    "edge": ('[\\"', '"\\]'),
    "gateway": ('{{"', '"}}'),
    "service": ('["', '"]'),
    "worker": ('[["', '"]]'),
    "scheduler": ('[["', '"]]'),
    "database": ('[("', '")]'),
    "search": ('[("', '")]'),
    "vector_store": ('[("', '")]'),
    "storage": ('[("', '")]'),
    "cache": ('("', '")'),
    "queue": ('>"', '"]'),
    "external": ('[/"', '"/]'),
    "observability": ('[/"', '"\\]'),
}
_LAYERS = (
    ("Clients", ("client",)),
    ("Edge", ("edge", "gateway")),
    ("Services", ("service", "worker", "scheduler")),
    ("Data", ("database", "cache", "queue", "storage", "search", "vector_store")),
    ("External", ("external",)),
    ("Operations", ("observability",)),
)


def label(text: str) -> str:
    """Return `text` as the inside of a quoted Mermaid label: one line, specials as codes."""
    return one_line(text).translate(_CODE_TABLE)


def render_architecture(plan: TechnicalPlan) -> str:
    """Return the plan's architecture as a Mermaid `flowchart LR` (components and connections)."""
    components = plan.architecture.components
    ids: dict[str, str] = {}
    for index, component in enumerate(components):
        ids.setdefault(component.id, f"n{index}")
    lines = ["flowchart LR"]
    group = 0
    for title, kinds in _LAYERS:
        members = [(i, c) for i, c in enumerate(components) if c.kind in kinds]
        if not members:
            continue
        lines.append(f'  subgraph g{group}["{label(title)}"]')
        lines.extend(f"    {_node(f'n{i}', c)}" for i, c in members)
        lines.append("  end")
        group += 1
    for connection in plan.architecture.connections:
        source, target = ids.get(connection.source), ids.get(connection.target)
        if source is None or target is None:
            continue  # lint reports connections to unknown components
        arrow = "-.->" if connection.mode == "async" else "-->"
        text = _edge_text(connection.label, connection.protocol)
        middle = f'{arrow}|"{text}"|' if text else arrow
        lines.append(f"  {source} {middle} {target}")
    if not components:
        lines.append('  n0["No components yet"]')
    return "\n".join(lines) + "\n"


def _node(node_id: str, component: Component) -> str:
    opening, closing = _SHAPES.get(component.kind, _SHAPES["service"])
    name = one_line(component.name) or component.id
    technology = one_line(component.technology)
    text = f"{name} ({technology})" if technology and technology != name else name
    return f"{node_id}{opening}{label(text)}{closing}"


def _edge_text(text: str, protocol: str) -> str:
    text, protocol = one_line(text), one_line(protocol)
    if text and protocol:
        return label(f"{text} [{protocol}]")
    return label(text or protocol)


@without_cycle_collection
def render_erd(plan: TechnicalPlan) -> str:
    """Return the plan's data model as a Mermaid `erDiagram` with crow's-foot relationships."""
    index = ModelIndex(plan.data_model)
    lines = ["erDiagram"]
    for entity in index.entities:
        lines.extend(_entity_block(index, entity))
    lines.extend(_relationship_lines(index))
    return "\n".join(lines) + "\n"


def _entity_block(index: ModelIndex, entity: Entity) -> list[str]:
    rows = [f'  "{entity.name}" {{']
    for attribute in index.attributes(entity):
        rows.append(f"    {_attribute_line(index, attribute)}")
    rows.append("  }")
    return rows


def _attribute_line(index: ModelIndex, attribute: Attribute) -> str:
    kind = index.column_type(attribute).replace(", ", ",").replace(" ", "_")
    name = attribute.name
    notes = []
    if name in _KEY_WORDS:
        notes.append(f"column {name}")
        name += "_"
    keys = []
    if attribute.primary_key:
        keys.append("PK")
    if attribute.foreign_key:
        keys.append("FK")
    if attribute.unique and not attribute.primary_key:
        keys.append("UK")
    description = erd_note(attribute.description)
    if description:
        notes.append(description)
    line = f"{kind} {name}"
    if keys:
        line += " " + ", ".join(keys)
    if notes:
        line += f' "{label("; ".join(notes))}"'
    return line


ERD_NOTE_CHARS = 32


def erd_note(text: str) -> str:
    """Return an attribute description short enough for an ERD box.

    Long comments make every entity box wide, and a dozen wide boxes in one row shrink
    the whole diagram until JupyterLab shows it unreadably small; the report's data
    model table carries the full text, and the relationship lines show the references.
    """
    text = one_line(text)
    if len(text) <= ERD_NOTE_CHARS:
        return text
    return text[: ERD_NOTE_CHARS - 1].rstrip() + "…"


def _relationship_lines(index: ModelIndex) -> list[str]:
    """Return relationship lines: every FK, then declared relationships not already drawn."""
    model = index.model
    lines: list[str] = []
    linked: set[frozenset[str]] = set()
    for entity in index.entities:
        for attribute in index.attributes(entity):
            ref = index.reference(attribute)
            if ref is None:
                continue
            lines.append(_fk_line(index, entity, attribute, ref.entity.name))
            linked.add(frozenset((entity.name, ref.entity.name)))
    known = {e.name for e in model.entities}
    for rel in model.relationships:
        if rel.source not in known or rel.target not in known:
            continue
        text = label(rel.label or rel.cardinality)
        if rel.cardinality == "many-to-many" and rel.via in known:
            pairs = [(rel.source, rel.via), (rel.target, rel.via)]
            symbol = "||--o{"
        else:
            pairs = [(rel.source, rel.target)]
            symbol = {"one-to-one": "||--o|", "one-to-many": "||--o{"}.get(
                rel.cardinality, "}o--o{"
            )
        for one, other in pairs:
            if frozenset((one, other)) in linked:
                continue
            linked.add(frozenset((one, other)))
            lines.append(f'  "{one}" {symbol} "{other}" : "{text}"')
    return lines


def _fk_line(index: ModelIndex, entity: Entity, attribute: Attribute, target: str) -> str:
    """Return the crow's-foot line for one FK: the target side is one, the owner side many
    (or at most one when the column is unique); a nullable FK makes the target optional."""
    target_end = "|o" if attribute.nullable and not attribute.primary_key else "||"
    key = index.primary_key(entity)
    single = attribute.unique or (len(key) == 1 and key[0] is attribute)
    owner_end = "o|" if single else "o{"
    line = "--" if attribute.primary_key else ".."  # identifying when the FK is in the key
    return f'  "{target}" {target_end}{line}{owner_end} "{entity.name}" : "{label(attribute.name)}"'
