"""Semantic diff of two plans: what was added, removed or changed, part by part.

Items are paired by what they are, not where they sit: entities by name, endpoints by
method and path, decisions by the decision they replace (`supersedes`) or their title,
steps by title. So a refinement that renumbers steps shows the steps that really changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from archnb.plan import Attribute, Entity, TechnicalPlan

Kind = Literal["added", "removed", "changed"]
MARK = {"added": "+", "removed": "-", "changed": "~"}


@dataclass
class FieldChange:
    """One field of a matched item that differs: its name, old value and new value."""

    field: str
    before: Any
    after: Any


@dataclass
class Change:
    """One item of a plan section that was added, removed or changed."""

    section: str
    kind: Kind
    key: str
    detail: str = ""
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class PlanDiff:
    """The changes from plan `a` to plan `b`, in section order."""

    a_id: str
    b_id: str
    a_title: str
    b_title: str
    changes: list[Change] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, dict[str, int]]:
        """Return {section: {added, removed, changed}} for the sections that changed."""
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            row = counts.setdefault(change.section, {"added": 0, "removed": 0, "changed": 0})
            row[change.kind] += 1
        return counts

    def find(self, section: str, kind: str | None = None) -> list[Change]:
        return [c for c in self.changes if c.section == section and kind in (None, c.kind)]

    def to_text(self) -> str:
        """Return the diff for a terminal: a header, then one line per change by section."""
        head = f"plan {self.a_id} ({self.a_title}) -> plan {self.b_id} ({self.b_title})"
        if self.is_empty:
            return f"{head}: no differences\n"
        lines = [f"{head}: {len(self.changes)} change(s)"]
        for section, changes in self._by_section():
            lines.append(section)
            lines += [f"  {MARK[c.kind]} {_line(c)}" for c in changes]
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """Return the diff as Markdown for a notebook: a heading and a list per section."""
        from archnb.exports.text import code, inline

        head = f"### Plan changes: {code(self.a_id)} → {code(self.b_id)}"
        if self.is_empty:
            return f"{head}\n\nNo differences.\n"
        lines = [head, "", f"{len(self.changes)} change(s).", ""]
        for section, changes in self._by_section():
            lines += [f"**{section}**", ""]
            for c in changes:
                text = f"- *{c.kind}* {code(c.key)}"
                if c.detail:
                    text += f": {inline(c.detail)}"
                if c.fields:
                    text += ": " + "; ".join(_field_markdown(f) for f in c.fields)
                lines.append(text)
            lines.append("")
        return "\n".join(lines).rstrip("\n") + "\n"

    def to_json(self) -> str:
        """Return the diff as JSON: both plans, `equal`, counts per section and every change."""
        data = {
            "a": {"plan_id": self.a_id, "title": self.a_title},
            "b": {"plan_id": self.b_id, "title": self.b_title},
            "equal": self.is_empty,
            "counts": self.counts(),
            "changes": [asdict(c) for c in self.changes],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def _by_section(self) -> list[tuple[str, list[Change]]]:
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.section, []).append(change)
        return list(grouped.items())


def _field_markdown(change: FieldChange) -> str:
    from archnb.exports.text import code, inline

    delta = list_delta(change.before, change.after)
    if delta is not None:
        return f"{inline(change.field)} {code(delta)}"
    return f"{inline(change.field)} " + " → ".join(code(v) for v in _shown(change.before, change.after))


def _line(change: Change) -> str:
    text = change.key
    if change.detail:
        text += f": {change.detail}"
    if change.fields:
        text += ": " + "; ".join(_field_text(f) for f in change.fields)
    return text


def _field_text(change: FieldChange) -> str:
    delta = list_delta(change.before, change.after)
    if delta is not None:
        return f"{change.field} {delta}"
    return f"{change.field} {' -> '.join(_shown(change.before, change.after))}"


def list_delta(before: Any, after: Any) -> str | None:
    """Return '+a -b' for two lists of plain values (ids, names), or None for anything else."""
    plain = (str, int, float)
    if not (isinstance(before, list) and isinstance(after, list)):
        return None
    if not all(isinstance(v, plain) for v in [*before, *after]):
        return None
    added = [f"+{v}" for v in dict.fromkeys(after) if v not in before]
    removed = [f"-{v}" for v in dict.fromkeys(before) if v not in after]
    if not added and not removed:
        return "reordered"
    return " ".join([*added, *removed])


def _shown(before: Any, after: Any, limit: int = 60) -> tuple[str, str]:
    """Return both values shortened; long texts start near their first difference."""
    if isinstance(before, str) and isinstance(after, str):
        a, b = " ".join(before.split()), " ".join(after.split())
        if max(len(a), len(b)) > limit:
            same = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            start = max(0, same - 20)
            if start:
                return _short("…" + a[start:], limit), _short("…" + b[start:], limit)
    return _short(before, limit), _short(after, limit)


def _short(value: Any, limit: int = 60) -> str:
    if value is None:
        text = "none"
    elif isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, list):
        text = "[" + ", ".join(_short(v, limit) for v in value) + "]"
    elif isinstance(value, dict) and "name" in value:  # an option: its name and pro/con counts
        pros, cons = len(value.get("pros") or []), len(value.get("cons") or [])
        text = f"{value['name']} (+{pros}/-{cons})" if pros or cons else str(value["name"])
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the diff -------------------------------------------------------------------------


def diff_plans(a: TechnicalPlan, b: TechnicalPlan) -> PlanDiff:
    """Return the semantic differences from plan `a` to plan `b`."""
    result = PlanDiff(a.plan_id or a.content_hash(), b.plan_id or b.content_hash(), a.title, b.title)
    out = result.changes
    out += _scalars("plan", a, b, PLAN_FIELDS)
    out += _items("requirements", a.requirements, b.requirements,
                  keys=[lambda r: (r.id, r.text), lambda r: r.text, lambda r: r.id],
                  name=lambda r: r.id, describe=lambda r: r.text)
    out += _items("open questions", a.open_questions, b.open_questions,
                  keys=[lambda q: q.question, lambda q: q.id],
                  name=lambda q: q.id, describe=lambda q: q.question)
    out += _items("entities", a.data_model.entities, b.data_model.entities,
                  keys=[lambda e: e.name], name=lambda e: e.name, describe=_entity_detail,
                  ignore={"attributes"})
    out += _attributes(a, b)
    out += _items("relationships", a.data_model.relationships, b.data_model.relationships,
                  keys=[lambda r: (r.source, r.target, r.label), lambda r: (r.source, r.target)],
                  name=lambda r: f"{r.source} -> {r.target}",
                  describe=lambda r: " ".join(filter(None, [r.cardinality, r.label])))
    out += _items("endpoints", a.api.endpoints, b.api.endpoints,
                  keys=[lambda e: (e.method, e.path)], name=lambda e: f"{e.method} {e.path}",
                  describe=lambda e: e.summary)
    out += _items("components", a.architecture.components, b.architecture.components,
                  keys=[lambda c: c.id, lambda c: c.name], name=lambda c: c.id,
                  describe=lambda c: ", ".join(filter(None, [c.kind, c.name, c.technology])))
    out += _items("connections", a.architecture.connections, b.architecture.connections,
                  keys=[lambda c: (c.source, c.target, c.label), lambda c: (c.source, c.target)],
                  name=lambda c: f"{c.source} -> {c.target}",
                  describe=lambda c: f"{c.label} ({c.protocol}, {c.mode})".strip())
    out += _items("stack", a.stack, b.stack, keys=[lambda s: s.layer.lower()],
                  name=lambda s: s.layer, describe=lambda s: s.choice)
    out += _decisions(a, b)
    out += _items("steps", a.steps, b.steps, keys=[lambda s: s.title.lower(), lambda s: s.id],
                  name=lambda s: s.title,
                  describe=lambda s: f"{s.id}, after {', '.join(s.depends_on) or 'nothing'}")
    out += _items("risks", a.risks, b.risks, keys=[lambda r: r.risk], name=lambda r: r.risk,
                  describe=lambda r: r.mitigation)
    out += _strings("assumptions", a.assumptions, b.assumptions)
    for part in ("scalability", "security", "observability"):
        out += _part(part, getattr(a, part), getattr(b, part))
    out += _items("capacity", a.capacity.rows, b.capacity.rows, keys=[lambda r: r.metric],
                  name=lambda r: r.metric, describe=lambda r: f"{r.value:g} {r.unit}")
    out += _scalars("capacity", a.capacity, b.capacity, ["monthly_cost_usd"])
    return result


PLAN_FIELDS = [
    "title", "summary", "brief", "architecture.style", "architecture.summary",
    "api.style", "api.base_path", "api.auth_scheme",
]


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _scalars(section: str, a: Any, b: Any, names: Sequence[str]) -> list[Change]:
    changes = []
    for name in names:
        before, after = _get(a, name), _get(b, name)
        if before != after:
            changes.append(Change(section, "changed", name, fields=[FieldChange(name, before, after)]))
    return changes


def _match(
    old: Sequence[Any], new: Sequence[Any], keys: Sequence[Callable[[Any], Any]]
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Pair items of `old` and `new` by the first key that pairs them uniquely.

    Returns (pairs, removed, added), each in the order the items appear."""
    left, right = list(old), list(new)
    pairs: list[tuple[Any, Any]] = []
    for key in keys:
        index: dict[Any, list[Any]] = {}
        for item in right:
            index.setdefault(key(item), []).append(item)
        remaining = []
        for item in left:
            candidates = index.get(key(item), [])
            if candidates:
                partner = candidates.pop(0)
                pairs.append((item, partner))
                right = [r for r in right if r is not partner]
            else:
                remaining.append(item)
        left = remaining
    order = {id(item): n for n, item in enumerate(new)}
    pairs.sort(key=lambda p: order[id(p[1])])
    return pairs, left, right


def _field_changes(a: Any, b: Any, ignore: set[str] = frozenset()) -> list[FieldChange]:
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    return [FieldChange(k, da[k], db.get(k)) for k in da if k not in ignore and da[k] != db.get(k)]


def _items(
    section: str,
    old: Sequence[Any],
    new: Sequence[Any],
    *,
    keys: Sequence[Callable[[Any], Any]],
    name: Callable[[Any], str],
    describe: Callable[[Any], str],
    ignore: set[str] = frozenset(),
) -> list[Change]:
    pairs, removed, added = _match(old, new, keys)
    changes = [Change(section, "removed", name(i), describe(i)) for i in removed]
    changes += [Change(section, "added", name(i), describe(i)) for i in added]
    for before, after in pairs:
        fields = _field_changes(before, after, ignore)
        if fields:
            changes.append(Change(section, "changed", name(after), fields=fields))
    return changes


def _strings(section: str, old: Sequence[str], new: Sequence[str]) -> list[Change]:
    changes = [Change(section, "removed", s) for s in old if s not in new]
    return changes + [Change(section, "added", s) for s in new if s not in old]


def _part(section: str, a: Any, b: Any) -> list[Change]:
    """Diff a plan part made of text fields, string lists and (for security) threats."""
    changes: list[Change] = []
    for name, _info in type(a).model_fields.items():
        before, after = getattr(a, name), getattr(b, name)
        if before == after:
            continue
        label = f"{section} {name.replace('_', ' ')}"
        if name == "threats":
            changes += _items(section, before, after, keys=[lambda t: t.threat],
                              name=lambda t: f"threat: {t.threat}", describe=lambda t: t.mitigation)
        elif isinstance(before, list):
            changes += [Change(section, c.kind, f"{name.replace('_', ' ')}: {c.key}")
                        for c in _strings(label, before, after)]
        else:
            changes.append(Change(section, "changed", name, fields=[FieldChange(name, before, after)]))
    return changes


def _decisions(a: TechnicalPlan, b: TechnicalPlan) -> list[Change]:
    # A new decision that names an old one in `supersedes` pairs with it first: both sides
    # get the new decision's identity as their key.
    replacing = {d.supersedes: d for d in b.decisions if d.supersedes}

    def link_key(decision):
        partner = replacing.get(decision.id) if any(decision is d for d in a.decisions) else None
        return id(partner if partner is not None else decision)

    return _items("decisions", a.decisions, b.decisions,
                  keys=[link_key, lambda d: d.title.strip().lower(), lambda d: d.id],
                  name=lambda d: d.title, describe=lambda d: f"{d.id}: {d.choice}")


def _attributes(a: TechnicalPlan, b: TechnicalPlan) -> list[Change]:
    """Attribute changes of entities present in both plans (new entities list theirs)."""
    changes: list[Change] = []
    old_entities = {e.name: e for e in a.data_model.entities}
    for entity in b.data_model.entities:
        before = old_entities.get(entity.name)
        if before is None:
            continue
        changes += _items("attributes", before.attributes, entity.attributes,
                          keys=[lambda x: x.name], name=lambda x, e=entity.name: f"{e}.{x.name}",
                          describe=_attribute_detail)
    return changes


def _attribute_detail(attribute: Attribute) -> str:
    flags = [attribute.type]
    if attribute.primary_key:
        flags.append("pk")
    if attribute.foreign_key:
        flags.append(f"fk {attribute.foreign_key}")
    if not attribute.nullable and not attribute.primary_key:
        flags.append("required")
    if attribute.unique:
        flags.append("unique")
    if attribute.indexed:
        flags.append("indexed")
    return " ".join(flags)


def _entity_detail(entity: Entity) -> str:
    return "; ".join(f"{a.name} {_attribute_detail(a)}" for a in entity.attributes)


# --- a line-per-item text form, for `git diff` --------------------------------------


def plan_outline(plan: TechnicalPlan) -> list[str]:
    """Return the plan as stable lines, one per item, so a line diff shows item changes."""
    lines = [f"plan {plan.plan_id}: {plan.title}"]
    meta = plan.metadata
    lines.append(f"  made by: {meta.engine}{' ' + meta.model if meta.model else ''}; "
                 f"refines: {meta.parent_id or 'nothing'}")
    lines.append(f"  summary: {_flat(plan.summary)}")
    lines += [f"  requirement {r.id} [{r.kind}]: {_flat(r.text)}" for r in plan.requirements]
    lines += [f"  question {q.id}: {_flat(q.question)} (assumed: {_flat(q.assumption)})"
              for q in plan.open_questions]
    lines += [f"  decision {d.id} {_flat(d.title)}: {_flat(d.choice)}" for d in plan.decisions]
    lines.append(f"  architecture: {_flat(plan.architecture.style)}")
    lines += [f"  component {c.id} [{c.kind}] {_flat(c.name)}: {_flat(c.technology) or '-'}"
              for c in plan.architecture.components]
    lines += [f"  connection {c.source} -> {c.target}: {_flat(c.label)} ({c.protocol}, {c.mode})"
              for c in plan.architecture.connections]
    for entity in plan.data_model.entities:
        lines.append(f"  entity {entity.name}: {_flat(entity.description)}")
        lines += [f"    {entity.name}.{a.name} {_attribute_detail(a)}" for a in entity.attributes]
    lines += [f"  relationship {r.source} {r.cardinality} {r.target}: {_flat(r.label)}"
              for r in plan.data_model.relationships]
    for e in plan.api.endpoints:
        flags = [f for f, on in (("public", not e.auth_required), ("paginated", e.paginated),
                                 ("idempotent", e.idempotent)) if on]
        suffix = f" [{', '.join(flags)}]" if flags else ""
        lines.append(f"  endpoint {e.method} {e.path}: {_flat(e.summary)}{suffix}")
    lines += [f"  stack {_flat(s.layer)}: {_flat(s.choice)}" for s in plan.stack]
    lines += [f"  step {s.id} {_flat(s.title)} (after {', '.join(s.depends_on) or '-'})"
              for s in plan.steps]
    lines += [f"  risk: {_flat(r.risk)}" for r in plan.risks]
    return lines


def _flat(text: str) -> str:
    return " ".join(str(text).split())
