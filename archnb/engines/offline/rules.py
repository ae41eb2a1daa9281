"""Skill rules (docs/skill-rules.md): test `when` against the brief, merge effects into a plan.

`when_holds(when, facts, plan=None)` decides whether a rule applies. `apply_rules` runs
rules in priority order (lower first; ties by skill name, then file order) and merges
their effects into `PlanParts`: an item whose id or name is already present is not added
again, so the first rule to say something wins and rules compose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from archnb.engines.offline.reader import BriefFacts
from archnb.plan import (
    Attribute,
    Component,
    Connection,
    Endpoint,
    Entity,
    Observability,
    Relationship,
    Risk,
    Scalability,
    Security,
    StackChoice,
    TechnicalPlan,
    Threat,
)
from archnb.skills import Rule, RuleDecision, RuleQuestion, RuleStep, When

ServesFor = Callable[[When], list[str]]


def when_holds(when: When | dict | None, facts: BriefFacts, plan: TechnicalPlan | None = None) -> bool:
    """Return True when every clause of `when` holds for the brief (an empty `when` holds)."""
    if when is None:
        return True
    if isinstance(when, dict):
        when = When.model_validate(when)
    have = set(facts.features)
    if when.features_any and not have.intersection(when.features_any):
        return False
    if when.features_all and not set(when.features_all) <= have:
        return False
    if when.features_none and have.intersection(when.features_none):
        return False
    if when.keywords_any and not any(facts.sentences_with(w) for w in when.keywords_any):
        return False
    if when.compliance_any and not set(facts.compliance).intersection(
        c.lower() for c in when.compliance_any
    ):
        return False
    for key, floor in when.min.items():
        if key not in facts.numbers or facts.numbers[key] < floor:
            return False
    for key, ceiling in when.max.items():
        if key not in facts.numbers or facts.numbers[key] > ceiling:
            return False
    if when.entities_any:
        names = (
            {e.name for e in plan.data_model.entities} if plan is not None else set(facts.entity_names())
        )
        if not names.intersection(when.entities_any):
            return False
    return True


# --- the plan being built ------------------------------------------------------------------


@dataclass
class DecisionDraft:
    """A decision before it is numbered: what a rule said, who said it, what it serves."""

    decision: RuleDecision
    source_skill: str | None
    serves: list[str]
    topic: str = ""


@dataclass
class StepDraft:
    step: RuleStep
    serves: list[str]


@dataclass
class QuestionDraft:
    question: RuleQuestion
    affects_title: str = ""


@dataclass
class PlanParts:
    """A plan under construction. Dicts keep first-come order and make 'already there' cheap."""

    decisions: list[DecisionDraft] = field(default_factory=list)
    components: dict[str, Component] = field(default_factory=dict)
    connections: dict[tuple[str, str, str], Connection] = field(default_factory=dict)
    stack: dict[str, StackChoice] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    domain_entities: list[str] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    defaulted: set[str] = field(default_factory=set)  # entities whose columns are guesses
    patches: list[tuple[str, Attribute]] = field(default_factory=list)
    endpoints: dict[tuple[str, str], Endpoint] = field(default_factory=dict)
    scalability: Scalability = field(default_factory=Scalability)
    security: Security = field(default_factory=Security)
    observability: Observability = field(default_factory=Observability)
    steps: list[StepDraft] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    questions: list[QuestionDraft] = field(default_factory=list)
    style: str | None = None  # a rule's `style` effect; a later rule wins
    rules_applied: list[str] = field(default_factory=list)
    skills_used: list[str] = field(default_factory=list)

    def add_component(self, component: Component) -> None:
        if component.id not in self.components:
            self.components[component.id] = component

    def add_connection(self, connection: Connection) -> None:
        key = (connection.source, connection.target, connection.label)
        if not any(k[:2] == key[:2] for k in self.connections):
            self.connections[key] = connection

    def add_stack(self, choice: StackChoice) -> None:
        key = choice.layer.strip().lower()
        if key not in self.stack:
            self.stack[key] = choice

    def add_entity(self, entity: Entity) -> None:
        existing = self.entities.get(entity.name)
        if existing is None:
            if not entity.primary_key():
                entity = entity.model_copy(
                    update={"attributes": [_id_column(), *entity.attributes]}
                )
            self.entities[entity.name] = entity
            return
        # The entity exists (often from the brief): add the columns the rule knows and it lacks.
        # Columns the engine only guessed give way to the rule's, which know the domain.
        keep = existing.attributes
        if entity.name in self.defaulted:
            keep = [a for a in keep if _structural(a)]
            self.defaulted.discard(entity.name)
        have = {a.name for a in keep}
        extra = [a for a in entity.attributes if a.name not in have and not a.primary_key]
        tail = [a for a in keep if a.name in ("created_at", "updated_at")]
        head = [a for a in keep if a.name not in ("created_at", "updated_at")]
        have_tail = {a.name for a in tail}
        existing.attributes = [*head, *[a for a in extra if a.name not in have_tail], *tail]

    def add_endpoint(self, endpoint: Endpoint) -> None:
        key = (endpoint.method, endpoint.path)
        if key not in self.endpoints:
            self.endpoints[key] = endpoint


def _structural(attr: Attribute) -> bool:
    """Keys, links, states and timestamps: what the brief implied, not guessed columns."""
    return bool(attr.primary_key or attr.foreign_key or attr.name in (
        "status", "created_at", "updated_at", "tenant_id"))


def _id_column() -> Attribute:
    return Attribute(name="id", type="uuid", primary_key=True, nullable=False, default="random_uuid")


# --- applying rules ------------------------------------------------------------------------


@dataclass
class RuleRef:
    """A rule with the skill it comes from and its position, for a stable order."""

    rule: Rule
    skill: str | None
    order: int


def collect_rules(skills: Iterable[Any]) -> list[RuleRef]:
    """Return every rule of the skills, sorted by priority, skill name and file order."""
    refs = []
    for skill in skills:
        rules = getattr(skill, "rules", None)
        if rules is None:
            continue
        for order, rule in enumerate(rules.rules):
            refs.append(RuleRef(rule, skill.name, order))
    refs.sort(key=lambda r: (r.rule.priority, r.skill or "", r.order))
    return refs


def apply_rules(
    refs: list[RuleRef],
    facts: BriefFacts,
    parts: PlanParts,
    serves_for: ServesFor,
    skip_topics: Callable[[RuleRef, PlanParts], bool] | None = None,
) -> None:
    """Merge the effects of every rule whose `when` holds into `parts`, in order."""
    numbers = facts.numbers
    for ref in refs:
        view = _entities_view(parts) if ref.rule.when.entities_any else None
        if not when_holds(ref.rule.when, facts, view):
            continue
        if skip_topics is not None and skip_topics(ref, parts):
            continue
        rule = fill_placeholders(ref.rule, numbers)
        apply_rule(rule, ref.skill, parts, serves_for(ref.rule.when))
        label = f"{ref.skill}/{rule.id}" if ref.skill else rule.id
        parts.rules_applied.append(label)
        if ref.skill and ref.skill not in parts.skills_used:
            parts.skills_used.append(ref.skill)


class _EntitiesView:
    """Just enough of a plan for `entities_any`: the names of the entities so far."""

    def __init__(self, parts: PlanParts) -> None:
        self.data_model = type("DM", (), {"entities": list(parts.entities.values())})()


def _entities_view(parts: PlanParts) -> Any:
    return _EntitiesView(parts)


def apply_rule(rule: Rule, skill: str | None, parts: PlanParts, serves: list[str]) -> None:
    """Merge one rule's effects into `parts` (see docs/skill-rules.md, Effects)."""
    if rule.decision is not None:
        parts.decisions.append(DecisionDraft(rule.decision, skill, serves))
    if rule.style:
        parts.style = rule.style
    for component in rule.components:
        parts.add_component(component.model_copy(update={"serves": component.serves or serves}))
    for connection in rule.connections:
        parts.add_connection(connection)
    for choice in rule.stack:
        parts.add_stack(choice.model_copy(update={"serves": choice.serves or serves}))
    for entity in rule.entities:
        parts.add_entity(entity.model_copy(update={"serves": entity.serves or serves}))
    for patch in rule.attributes:
        data = patch.model_dump(exclude={"entity"})
        parts.patches.append((patch.entity, Attribute.model_validate(data)))
    for endpoint in rule.endpoints:
        parts.add_endpoint(endpoint.model_copy(update={"serves": endpoint.serves or serves}))
    if rule.scalability is not None:
        merge_section(parts.scalability, rule.scalability)
    if rule.security is not None:
        merge_section(parts.security, rule.security)
    if rule.observability is not None:
        merge_section(parts.observability, rule.observability)
    titles = {s.step.title for s in parts.steps}
    for step in rule.steps:
        if step.title not in titles:
            parts.steps.append(StepDraft(step, serves))
            titles.add(step.title)
    known_risks = {r.risk for r in parts.risks}
    parts.risks.extend(r for r in rule.risks if r.risk not in known_risks)
    parts.assumptions.extend(a for a in rule.assumptions if a not in parts.assumptions)
    asked = {q.question.question for q in parts.questions}
    title = rule.decision.title if rule.decision else ""
    parts.questions.extend(QuestionDraft(q, title) for q in rule.questions if q.question not in asked)


def merge_section(target: Any, extra: Any) -> None:
    """Append list fields and fill empty string fields of a plan section, in place."""
    for name in type(extra).model_fields:
        value = getattr(extra, name)
        current = getattr(target, name)
        if isinstance(value, list):
            if name == "threats":
                known = {t.threat for t in current}
                new = [t if isinstance(t, Threat) else Threat.model_validate(t) for t in value]
                added = [t for t in new if t.threat not in known]
            else:
                added = [v for v in value if v not in current]
            if added:  # assigning validates the whole list again: only when it grows
                setattr(target, name, current + added)
        elif isinstance(value, str) and value and not current:
            setattr(target, name, value)


# --- {number} placeholders ---------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def format_number(value: float) -> str:
    """Return a brief figure for text: 50000 -> '50,000', 99.95 -> '99.95', 2.5 -> '2.5'."""
    if value == int(value):
        return f"{int(value):,}"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def fill_text(text: str, numbers: dict[str, float]) -> str:
    """Replace `{name}` with the brief's figure for `name`; unknown names stay as written."""
    if "{" not in text:
        return text

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        return format_number(numbers[key]) if key in numbers else match.group(0)

    return _PLACEHOLDER.sub(sub, text)


_PLACEHOLDER_KEYS: dict[int, tuple[Rule, frozenset[str]]] = {}


def _placeholder_keys(rule: Rule) -> frozenset[str]:
    """Return the placeholder names a rule's texts use (cached: rules are read-only)."""
    cached = _PLACEHOLDER_KEYS.get(id(rule))
    if cached is not None and cached[0] is rule:
        return cached[1]
    keys = frozenset(_PLACEHOLDER.findall(rule.model_dump_json()))
    _PLACEHOLDER_KEYS[id(rule)] = (rule, keys)
    return keys


def fill_placeholders(rule: Rule, numbers: dict[str, float]) -> Rule:
    """Return `rule` with number placeholders filled in every text, except paths and names."""
    if not _placeholder_keys(rule).intersection(numbers):
        return rule
    data = rule.model_dump()
    filled = _fill(data, numbers, key="")
    return Rule.model_validate(filled)


def _fill(value: Any, numbers: dict[str, float], key: str) -> Any:
    if isinstance(value, str):
        # Paths hold {param} segments and ids must stay identifiers: leave them alone.
        return value if key in ("path", "id", "name", "source", "target", "entity") else fill_text(value, numbers)
    if isinstance(value, list):
        return [_fill(v, numbers, key) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, numbers, k) for k, v in value.items()}
    return value
