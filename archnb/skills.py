"""Skills: find SKILL.md folders, parse and check them, choose the ones a brief needs.

Discovery order (a later source overrides an earlier one by name):
packaged skills, ~/.archnb/skills, ./skills, ./.claude/skills, then each folder of
ARCHNB_SKILLS_PATH (os.pathsep-separated). A broken skill becomes a warning, never a crash.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from archnb.errors import SkillError
from archnb.plan import (
    Attribute,
    Component,
    Connection,
    Endpoint,
    Entity,
    Observability,
    Risk,
    Scalability,
    Security,
    StackChoice,
)

AREAS: dict[str, tuple[str, ...]] = {
    "Architecture": (
        "architecture-patterns",
        "designing-architecture",
        "microservices-patterns",
        "senior-architect",
    ),
    "Planning": ("brainstorming", "concept-workflow"),
    "API": ("designing-apis", "auth-implementation-patterns"),
    "Database": ("postgresql-table-design", "senior-data-engineer"),
    "Patterns": ("saga-orchestration", "workflow-orchestration-patterns", "error-handling-patterns"),
    "Performance": ("optimizing-performance", "cost-optimization"),
    "RAG/Vectors": ("rag-implementation", "embedding-strategies"),
    "Learning": ("continuous-learning",),
}
_AREA_OF = {name: area for area, names in AREAS.items() for name in names}

_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FRONTMATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_ALLOWED_FIELDS = {"name", "description", "license", "allowed-tools", "metadata", "compatibility"}


# --- the rules file (docs/skill-rules.md) ---------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class When(_Strict):
    features_any: list[str] = Field(default_factory=list)
    features_all: list[str] = Field(default_factory=list)
    features_none: list[str] = Field(default_factory=list)
    keywords_any: list[str] = Field(default_factory=list)
    compliance_any: list[str] = Field(default_factory=list)
    min: dict[str, float] = Field(default_factory=dict)
    max: dict[str, float] = Field(default_factory=dict)
    entities_any: list[str] = Field(default_factory=list)
    unless: When | None = Field(None, description="Holds only when this nested condition does not")


class RuleOption(_Strict):
    name: str
    pros: list[str] = Field(default_factory=list)
    cons: list[str] = Field(default_factory=list)


class RuleDecision(_Strict):
    title: str
    context: str
    options: list[RuleOption] = Field(default_factory=list)
    choice: str
    rationale: str
    consequences: list[str] = Field(default_factory=list)


class RuleStep(_Strict):
    title: str
    description: str = ""
    deliverables: list[str] = Field(default_factory=list)


class RuleQuestion(_Strict):
    question: str
    why_it_matters: str
    assumption: str
    options: list[str] = Field(default_factory=list)


class AttributePatch(Attribute):
    entity: str = Field(description="Entity name, or '*' for every domain entity.")


class Rule(_Strict):
    id: str
    priority: int = 50
    when: When = Field(default_factory=When)
    decision: RuleDecision | None = None
    style: str | None = Field(None, description="Sets architecture.style; later rules win")
    components: list[Component] = Field(default_factory=list)
    connections: list[Connection] = Field(default_factory=list)
    stack: list[StackChoice] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    attributes: list[AttributePatch] = Field(default_factory=list)
    endpoints: list[Endpoint] = Field(default_factory=list)
    scalability: Scalability | None = None
    security: Security | None = None
    observability: Observability | None = None
    steps: list[RuleStep] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    questions: list[RuleQuestion] = Field(default_factory=list)


class LintRequire(_Strict):
    @model_validator(mode="before")
    @classmethod
    def _yaml_on_key(cls, data: Any) -> Any:
        # YAML 1.1 reads an unquoted `on:` key as the boolean True; accept it as written.
        if isinstance(data, dict) and True in data:
            data = {("on" if k is True else k): v for k, v in data.items()}
        return data

    component_kind: str | None = None
    stack_layer: str | None = None
    entity: str | None = None
    attribute: str | None = None
    on: Literal["any", "all"] = "any"
    text: str | None = None


class LintCheck(_Strict):
    id: str
    severity: Literal["info", "warning", "error", "critical"] = "warning"
    when: When = Field(default_factory=When)
    require: LintRequire
    message: str
    hint: str = ""


class SkillRules(_Strict):
    version: Literal[1] = 1
    always: bool = False
    triggers: list[str] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    lint: list[LintCheck] = Field(default_factory=list)


# --- skills ---------------------------------------------------------------------------


@dataclass
class Skill:
    """One skill folder. The body is read only when asked for (progressive disclosure)."""

    name: str
    description: str
    area: str
    path: Path
    source: str
    rules: SkillRules | None = None

    @cached_property
    def body(self) -> str:
        text = (self.path / "SKILL.md").read_text(encoding="utf-8")
        match = _FRONTMATTER.match(text)
        return text[match.end() :].strip() + "\n" if match else text

    def references(self) -> list[str]:
        folder = self.path / "references"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix == ".md")

    def read_reference(self, filename: str) -> str:
        """Return one file from references/; names outside that folder are refused."""
        if filename not in self.references():
            known = ", ".join(self.references()) or "none"
            raise SkillError(
                f"skill {self.name!r} has no reference {filename!r}", hint=f"it has: {known}"
            )
        return (self.path / "references" / filename).read_text(encoding="utf-8")


@dataclass
class SkillSet:
    """The skills found, by name, plus a warning for each one that could not be loaded."""

    skills: dict[str, Skill] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def get(self, name: str) -> Skill:
        if name in self.skills:
            return self.skills[name]
        raise SkillError(f"unknown skill {name!r}", hint=_suggest(name, self.skills))

    def by_area(self) -> dict[str, list[Skill]]:
        grouped: dict[str, list[Skill]] = {}
        for skill in sorted(self.skills.values(), key=lambda s: (_area_rank(s.area), s.name)):
            grouped.setdefault(skill.area, []).append(skill)
        return grouped


def _area_rank(area: str) -> int:
    names = list(AREAS)
    return names.index(area) if area in names else len(names)


def _suggest(name: str, choices: Any) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}? `archnb skills` lists them all"
    return "`archnb skills` lists them all"


def packaged_skills_dir() -> Path:
    """Return the skills shipped with archnb: inside the wheel, or the repository's skills/."""
    here = Path(__file__).resolve().parent
    bundled = here / "_skills"
    return bundled if bundled.is_dir() else here.parent / "skills"


def skill_sources(cwd: Path | None = None, env: dict[str, str] | None = None) -> list[tuple[str, Path]]:
    """Return (source label, folder) pairs in override order, lowest priority first."""
    cwd = Path(cwd or Path.cwd())
    env = os.environ if env is None else env
    sources = [
        ("packaged", packaged_skills_dir()),
        ("user", Path.home() / ".archnb" / "skills"),
        ("project", cwd / "skills"),
        ("project", cwd / ".claude" / "skills"),
    ]
    for part in env.get("ARCHNB_SKILLS_PATH", "").split(os.pathsep):
        if part.strip():
            sources.append(("ARCHNB_SKILLS_PATH", Path(part.strip()).expanduser()))
    seen: set[Path] = set()
    unique = []
    for label, folder in sources:
        resolved = folder.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append((label, folder))
    return unique


_SKILL_CACHE: dict[tuple[Path, str], tuple[tuple, tuple[Skill | None, list[str]]]] = {}


def parse_skill(folder: Path, source: str = "packaged") -> tuple[Skill | None, list[str]]:
    """Parse one skill folder; return the skill (or None) and the problems found.

    Memoised by the size and mtime of SKILL.md and rules.yaml, so a notebook that plans
    many times reads each skill once.
    """
    key = tuple(_stat_key(folder / name) for name in ("SKILL.md", "rules.yaml"))
    cached = _SKILL_CACHE.get((folder, source))
    if cached and cached[0] == key:
        return cached[1]
    result = _parse_skill(folder, source)
    _SKILL_CACHE[(folder, source)] = (key, result)
    return result


def _stat_key(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, -1)
    return (stat.st_mtime_ns, stat.st_size)


def _parse_skill(folder: Path, source: str) -> tuple[Skill | None, list[str]]:
    skill_md = folder / "SKILL.md"
    where = str(skill_md)
    try:
        text = skill_md.read_text(encoding="utf-8")
    except OSError as err:
        return None, [f"{where}: cannot read ({err.strerror or err})"]
    match = _FRONTMATTER.match(text)
    if not match:
        return None, [f"{where}: no YAML frontmatter (start the file with --- name/description ---)"]
    try:
        meta = _yaml(match.group(1)) or {}
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        at = f" line {line + 2}" if line is not None else ""
        return None, [f"{where}{at}: frontmatter is not valid YAML"]
    if not isinstance(meta, dict):
        return None, [f"{where}: frontmatter must be a mapping of fields"]
    problems = _frontmatter_problems(meta, folder, where)
    if problems:
        return None, problems
    metadata = meta.get("metadata") or {}
    area = str(metadata.get("area") or _AREA_OF.get(meta["name"], "Custom"))
    rules, rule_problems = _load_rules(folder)
    skill = Skill(
        name=meta["name"],
        description=" ".join(str(meta["description"]).split()),
        area=area,
        path=folder,
        source=source,
        rules=rules,
    )
    return skill, rule_problems


def _frontmatter_problems(meta: dict, folder: Path, where: str) -> list[str]:
    problems = []
    extra = sorted(set(meta) - _ALLOWED_FIELDS)
    if extra:
        problems.append(f"{where}: field {extra[0]!r} is not allowed in frontmatter")
    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: field 'name' is missing")
    elif not _NAME.match(name) or len(name) > 64:
        problems.append(
            f"{where}: field 'name' {name!r} must be lowercase letters, digits and single "
            "hyphens, at most 64 characters"
        )
    elif name != folder.name:
        problems.append(f"{where}: field 'name' {name!r} must equal the folder name {folder.name!r}")
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        problems.append(f"{where}: field 'description' is missing")
    elif len(description) > 1024:
        problems.append(f"{where}: field 'description' is {len(description)} characters (max 1024)")
    metadata = meta.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        problems.append(f"{where}: field 'metadata' must be a mapping")
    return problems


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~7x faster


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader


def _load_rules(folder: Path) -> tuple[SkillRules | None, list[str]]:
    """Parse rules.yaml (parse_skill memoises the result by the file's size and mtime)."""
    path = folder / "rules.yaml"
    if not path.is_file():
        return None, []
    try:
        data = _yaml(path.read_text(encoding="utf-8")) or {}
        return SkillRules.model_validate(data), []
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        return None, [f"{path}{at}: not valid YAML; its rules are ignored"]
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        return None, [f"{path}: field {loc}: {first['msg']}{more}; its rules are ignored"]


def load_skills(cwd: Path | None = None, env: dict[str, str] | None = None) -> SkillSet:
    """Find every skill in the discovery order; later sources override earlier ones by name."""
    found = SkillSet()
    for label, folder in skill_sources(cwd, env):
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if not child.is_dir() or child.name.startswith((".", "_")):
                continue
            if not (child / "SKILL.md").is_file():
                continue
            skill, problems = parse_skill(child, label)
            found.warnings.extend(problems)
            if skill is not None:
                found.skills[skill.name] = skill
    return found


def select_skills(
    brief: str,
    skillset: SkillSet,
    names: list[str] | None = None,
    areas: list[str] | None = None,
) -> list[Skill]:
    """Choose skills: explicit names, else areas, else core skills plus those the brief triggers."""
    if names:
        return [skillset.get(n) for n in _dedupe(names)]
    if areas:
        known = {a.lower(): a for a in {s.area for s in skillset.skills.values()} | set(AREAS)}
        chosen = []
        for area in areas:
            if area.lower() not in known:
                raise SkillError(f"unknown area {area!r}", hint=_suggest(area, AREAS))
            wanted = known[area.lower()]
            chosen += [s for s in skillset.skills.values() if s.area == wanted]
        return sorted(chosen, key=lambda s: s.name)
    words = _BriefWords(brief)
    picked = []
    for skill in skillset.skills.values():
        rules = skill.rules
        if rules is None:
            continue
        if rules.always or any(words.has_phrase(t) for t in rules.triggers):
            picked.append(skill)
    return sorted(picked, key=lambda s: s.name)


def trigger_hits(text: str, triggers: list[str]) -> int:
    """Count the triggers that occur in `text` as whole words or phrases (plurals too)."""
    words = _BriefWords(text)
    return sum(1 for t in triggers if words.has_phrase(t))


_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def _words(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


class _BriefWords:
    """A brief reduced to lower-case words separated by single spaces, so a phrase test is
    a substring test (~100x faster than one regex per trigger), plus the set of its words
    so most triggers are ruled out by a set lookup before any scan of a long brief."""

    def __init__(self, text: str) -> None:
        words = _NON_WORD.sub(" ", text.lower()).strip()
        self.padded = f" {words} "
        self.vocabulary = set(words.split(" "))

    def has_phrase(self, trigger: str) -> bool:
        """Whether `trigger` occurs as whole words, its last word maybe plural."""
        phrase, leading, last_forms = _trigger_words(trigger)
        if not phrase or self.vocabulary.isdisjoint(last_forms):
            return False
        if not leading:
            return True
        if not self.vocabulary.issuperset(leading):
            return False
        return any(f" {phrase}{end} " in self.padded for end in _PLURAL_ENDINGS)


_PLURAL_ENDINGS = ("", "s", "es")


@lru_cache(maxsize=4096)
def _trigger_words(trigger: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Return a trigger as its reduced phrase, the words before the last one, and the last
    word's forms (as written, +s, +es)."""
    phrase = _words(trigger)
    *leading, last = phrase.split(" ")
    return phrase, tuple(leading), tuple(last + end for end in _PLURAL_ENDINGS)


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in items if i.strip()))


def available_skills_block(skills: list[Skill]) -> str:
    """Return the <available_skills> block for a system prompt: names and descriptions only."""
    lines = ["<available_skills>"]
    for skill in skills:
        lines += [
            "  <skill>",
            f"    <name>{_xml(skill.name)}</name>",
            f"    <area>{_xml(skill.area)}</area>",
            f"    <description>{_xml(skill.description)}</description>",
        ]
        refs = skill.references()
        if refs:
            lines.append(f"    <references>{_xml(', '.join(refs))}</references>")
        lines.append("  </skill>")
    lines.append("</available_skills>")
    return "\n".join(lines)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def check_main(argv: list[str] | None = None) -> int:
    """`python -m archnb.skills check`: print every problem in the discovered skills."""
    skillset = load_skills()
    for warning in skillset.warnings:
        print(warning)
    for skill in skillset.skills.values():
        status = "rules ok" if skill.rules else "no rules"
        print(f"{skill.name:34} {skill.area:13} {status}  ({skill.source})")
    return 1 if skillset.warnings else 0


if __name__ == "__main__":
    sys.exit(check_main(sys.argv[1:]))
