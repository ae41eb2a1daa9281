"""Design heuristics for a reviewed design (REV rules) and the suggestions a student reads.

Lint checks consistency; these rules add what a reviewer would say about a student's
schema and API: money in floats, no timestamps, emails without a unique key, passwords in
clear, N+1-prone lists, verbs in URLs, payments without idempotency. Suggestions turn every
finding into one concrete instruction, with the SQL or the line to write when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from archnb.plan import Attribute, Entity, Finding, TechnicalPlan
from archnb.review.assemble import Origin, entity_named

_MONEY = re.compile(
    r"(^|_)(price|amount|total|subtotal|cost|balance|fee|fees|salary|tax|revenue|payment|refund|discount)(_|$)"
)
_EMAIL = re.compile(r"^(email|email_address|e_mail)$")
_PASSWORD = re.compile(r"^(password|passwd|pwd|pass|password_plain|plain_password)$")
_NATURAL_KEY = re.compile(
    r"^(code|short_code|slug|handle|username|user_name|sku|isbn|external_id|stripe_\w+_id)$"
)
_CREATED = re.compile(r"^(created_at|created|created_on|inserted_at|created_time|creation_date)$")
_VERB_PATH = re.compile(
    r"/(get|create|add|update|delete|remove|fetch|list|make|do|set)[A-Z_-]?[A-Za-z]*", re.I
)
_MONEY_PATH = re.compile(
    r"(pay|payment|charge|checkout|order|transfer|refund|invoice|booking|purchase)", re.I
)
_FLOATS = ("real", "double precision")
SEVERITY_ORDER = {"critical": 0, "error": 1, "warning": 2, "info": 3}

Rule = Callable[[TechnicalPlan], Iterator[Finding]]
_RULES: list[Rule] = []


def _rule(func: Rule) -> Rule:
    _RULES.append(func)
    return func


def _f(rule: str, severity: str, message: str, where: str, hint: str) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, where=where, hint=hint)


def _attrs(plan: TechnicalPlan) -> Iterator[tuple[Entity, Attribute, str]]:
    for entity in plan.data_model.entities:
        for attr in entity.attributes:
            yield entity, attr, f"data_model.entities[{entity.name}].{attr.name}"


def review_findings(plan: TechnicalPlan) -> list[Finding]:
    """Return the review heuristics' findings for `plan` (rule ids REV001...), most severe first."""
    found = [finding for rule in _RULES for finding in rule(plan)]
    return sorted(found, key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.where))


# --- data model -----------------------------------------------------------------------


@_rule
def _money_as_float(plan: TechnicalPlan) -> Iterator[Finding]:
    for entity, attr, where in _attrs(plan):
        if attr.type.removesuffix("[]") in _FLOATS and _MONEY.search(attr.name):
            yield _f(
                "REV001",
                "warning",
                f"{entity.name}.{attr.name} stores money as {attr.type}",
                where,
                "use numeric(12,2) or integer cents: binary floats cannot hold 0.10 exactly",
            )


@_rule
def _timestamps(plan: TechnicalPlan) -> Iterator[Finding]:
    for entity in plan.data_model.entities:
        stamped = any(
            _CREATED.match(a.name) or (a.type.startswith("timestamp") and a.default == "now")
            for a in entity.attributes
        )
        if entity.attributes and not stamped:
            yield _f(
                "REV002",
                "info",
                f"{entity.name} has no created_at",
                f"data_model.entities[{entity.name}]",
                "add created_at timestamptz NOT NULL DEFAULT now()",
            )
    for entity, attr, where in _attrs(plan):
        if attr.type == "timestamp":
            yield _f(
                "REV004",
                "warning",
                f"{entity.name}.{attr.name} is a timestamp without time zone",
                where,
                "use timestamptz: it stores an instant, whatever the server's time zone",
            )


@_rule
def _emails(plan: TechnicalPlan) -> Iterator[Finding]:
    for entity, attr, where in _attrs(plan):
        alone = [attr.name] in entity.unique_together
        if _EMAIL.match(attr.name) and not (attr.unique or attr.primary_key or alone):
            yield _f(
                "REV003",
                "warning",
                f"{entity.name}.{attr.name} is not unique",
                where,
                "add a unique index on lower(email)",
            )


@_rule
def _natural_keys(plan: TechnicalPlan) -> Iterator[Finding]:
    for entity, attr, where in _attrs(plan):
        alone = [attr.name] in entity.unique_together
        if _NATURAL_KEY.match(attr.name) and not (attr.unique or attr.primary_key or alone):
            yield _f(
                "REV013",
                "warning",
                f"{entity.name}.{attr.name} is looked up by value but is not unique",
                where,
                f"add UNIQUE to {attr.name}: two rows with one {attr.name} make lookups ambiguous",
            )


@_rule
def _passwords(plan: TechnicalPlan) -> Iterator[Finding]:
    for entity, attr, where in _attrs(plan):
        if _PASSWORD.match(attr.name):
            yield _f(
                "REV009",
                "error",
                f"{entity.name}.{attr.name} looks like a password in clear",
                where,
                "store password_hash made with argon2id or bcrypt, never the password",
            )


@_rule
def _implicit_references(plan: TechnicalPlan) -> Iterator[Finding]:
    names = [e.name for e in plan.data_model.entities]
    for entity, attr, where in _attrs(plan):
        if (
            attr.foreign_key
            or attr.primary_key
            or not attr.name.endswith("_id")
            or attr.name == "id"
        ):
            continue
        target = entity_named(attr.name[:-3], names)
        if target:
            yield _f(
                "REV005",
                "warning",
                f"{entity.name}.{attr.name} looks like a reference to {target} "
                "but is no foreign key",
                where,
                f"declare it REFERENCES {target}",
            )


@_rule
def _relationship_columns(plan: TechnicalPlan) -> Iterator[Finding]:
    model = plan.data_model
    for rel in model.relationships:
        if rel.cardinality == "many-to-many":
            continue
        source, target = model.entity(rel.source), model.entity(rel.target)
        if source is None or target is None:
            continue
        # A column named after the source without a REFERENCES is REV005's finding already.
        named = any(
            a.name.endswith("_id") and entity_named(a.name[:-3], [rel.source])
            for a in target.attributes
        )
        backed = (
            named
            or any(a.foreign_key == rel.source for a in target.attributes)
            or (
                rel.cardinality == "one-to-one"
                and any(a.foreign_key == rel.target for a in source.attributes)
            )
        )
        if not backed:
            yield _f(
                "REV006",
                "warning",
                f"the relationship {rel.source} -> {rel.target} has no foreign key column",
                f"data_model.relationships[{rel.source}->{rel.target}]",
                f"add {rel.target}.{rel.source}_id REFERENCES {rel.source}",
            )


# --- API ------------------------------------------------------------------------------


@_rule
def _list_joins(plan: TechnicalPlan) -> Iterator[Finding]:
    for ep in plan.api.endpoints:
        entity = plan.data_model.entity(ep.entity) if ep.entity else None
        if ep.method != "GET" or ep.response != "list" or entity is None:
            continue
        known = {
            entity_named(s, [e.name for e in plan.data_model.entities])
            for s in ep.path.split("/")[:-1]
        }
        targets = sorted(
            {
                a.foreign_key
                for a in entity.attributes
                if a.foreign_key and a.foreign_key != entity.name and a.foreign_key not in known
            }
        )
        if targets:
            yield _f(
                "REV007",
                "info",
                f"{ep.method} {ep.path} lists {entity.name} rows that point at "
                f"{', '.join(targets)}",
                f"api.endpoints[{ep.method} {ep.path}]",
                "load the related rows in the same query, not one query per row (N+1)",
            )


@_rule
def _verbs_in_paths(plan: TechnicalPlan) -> Iterator[Finding]:
    for ep in plan.api.endpoints:
        if _VERB_PATH.search(ep.path):
            yield _f(
                "REV010",
                "info",
                f"{ep.method} {ep.path} has a verb in its URL",
                f"api.endpoints[{ep.method} {ep.path}]",
                "name the resource and let the method be the verb",
            )


@_rule
def _idempotent_money(plan: TechnicalPlan) -> Iterator[Finding]:
    for ep in plan.api.endpoints:
        creates = "{" not in ep.path  # POST /orders creates; POST /orders/{id}/cancel acts
        if ep.method == "POST" and creates and not ep.idempotent and _MONEY_PATH.search(ep.path):
            yield _f(
                "REV011",
                "warning",
                f"POST {ep.path} is not idempotent",
                f"api.endpoints[POST {ep.path}]",
                "accept an Idempotency-Key header so a retried request does not charge twice",
            )


@_rule
def _auth_unstated(plan: TechnicalPlan) -> Iterator[Finding]:
    stated = not any("does not say how callers authenticate" in a for a in plan.assumptions)
    if plan.api.endpoints and not stated:
        yield _f(
            "REV008",
            "info",
            "the design does not say how callers authenticate",
            "api",
            "add a line like `auth: bearer` and mark public endpoints (public)",
        )


# --- architecture ---------------------------------------------------------------------


@_rule
def _shared_database(plan: TechnicalPlan) -> Iterator[Finding]:
    kinds = {c.id: c.kind for c in plan.architecture.components}
    users: dict[str, set[str]] = {}
    for conn in plan.architecture.connections:
        if kinds.get(conn.source) == "service" and kinds.get(conn.target) == "database":
            users.setdefault(conn.target, set()).add(conn.source)
    for db, services in sorted(users.items()):
        if len(services) > 1:
            yield _f(
                "REV012",
                "info",
                f"services {', '.join(sorted(services))} share database {db}",
                f"architecture.components[{db}]",
                "give each service its own schema, or say why they share tables",
            )


# --- suggestions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """One instruction: what it is about (`loans.member_id (line 14)`, maybe empty) and what to do."""

    subject: str
    advice: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.advice}" if self.subject else self.advice


def suggestion_items(
    plan: TechnicalPlan, findings: list[Finding], origin: Origin | None = None
) -> list[Suggestion]:
    """Return the suggestions for `findings` plus the review heuristics, most severe first."""
    seen_keys = {(f.rule, f.where) for f in findings}
    every = list(findings) + [
        f for f in review_findings(plan) if (f.rule, f.where) not in seen_keys
    ]
    every.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.where))
    items: list[Suggestion] = []
    for group in _grouped(every):
        item = _suggest(group, plan, origin or {})
        if item not in items:
            items.append(item)
    return items


def review_suggestions(
    plan: TechnicalPlan, findings: list[Finding], origin: Origin | None = None
) -> list[str]:
    """Return one concrete instruction per problem in `findings` plus the review heuristics.

    `origin` (from read_design) maps plan locations to the student's lines, so each
    suggestion can say where to look. Suggestions come most severe first, without repeats.
    """
    return [str(item) for item in suggestion_items(plan, findings, origin)]


_GROUPED = ("REV002", "ARCH001", "REQ002")


def _grouped(findings: list[Finding]) -> list[list[Finding]]:
    """Return findings one per group, except rules that read better as one list (REV002...)."""
    groups: list[list[Finding]] = []
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.rule in _GROUPED:
            if finding.rule not in by_rule:
                by_rule[finding.rule] = []
                groups.append(by_rule[finding.rule])
            by_rule[finding.rule].append(finding)
        elif finding.rule != "REV102":  # a skipped statement is no advice
            groups.append([finding])
    return groups


def _subject(where: str) -> str:
    """Return `loans.member_id` for `data_model.entities[loans].member_id`, and so on."""
    match = re.match(r"data_model\.entities\[(\w+)\](?:\.(\w+))?$", where)
    if match:
        return ".".join(p for p in match.groups() if p)
    match = re.match(
        r"(?:api\.endpoints|architecture\.components|data_model\.relationships)\[(.+)\]$", where
    )
    return match.group(1) if match else ""


def _line_of(where: str, origin: Origin) -> int | None:
    if where.startswith("line "):
        return int(where.split()[1])
    while where:
        if where in origin:
            return origin[where]
        where = where.rsplit(".", 1)[0] if "]." in where else ""
    return None


def _suggest(group: list[Finding], plan: TechnicalPlan, origin: Origin) -> Suggestion:
    first = group[0]
    body = _ADVICE.get(first.rule, _generic)(group, plan)
    line = _line_of(first.where, origin) if len(group) == 1 else None
    subject = _subject(first.where) if len(group) == 1 else ""
    if subject and line:
        subject = f"{subject} (line {line})"
    elif line:
        subject = f"Line {line}"
    return Suggestion(subject, body if subject else body[0].upper() + body[1:])


def _generic(group: list[Finding], plan: TechnicalPlan) -> str:
    finding = group[0]
    message = finding.message.rstrip(". ")
    if not finding.hint:
        return f"{message}."
    hint = finding.hint.rstrip(". ")
    return f"{message}; {hint[0].lower()}{hint[1:]}."


def _hint_only(group: list[Finding], plan: TechnicalPlan) -> str:
    """For findings whose subject already says what is wrong: the fix, with its reason."""
    return f"{group[0].hint.rstrip('. ')}."


def _entity_attr(finding: Finding) -> tuple[str, str]:
    subject = _subject(finding.where)
    entity, _, attr = subject.partition(".")
    return entity, attr


def _sql_name(name: str) -> str:
    from archnb.render.sql import quote_ident

    reserved = {
        "user",
        "order",
        "group",
        "table",
        "check",
        "select",
        "from",
        "where",
        "limit",
        "offset",
    }
    return quote_ident(name) if name in reserved else name


def _index(group: list[Finding], plan: TechnicalPlan) -> str:
    entity, attr = _entity_attr(group[0])
    return (
        f"add `CREATE INDEX ON {_sql_name(entity)} ({attr});` PostgreSQL does not index foreign keys "
        f"by itself, so joins from the parent and deletes of a parent row scan all of {entity}."
    )


def _status(group: list[Finding], plan: TechnicalPlan) -> str:
    entity, attr = _entity_attr(group[0])
    return (
        f"list the allowed values, `CHECK ({attr} IN ('pending', 'active', ...))`, so a typo like "
        f"'shiped' cannot be stored in {entity}."
    )


def _timestamps_advice(group: list[Finding], plan: TechnicalPlan) -> str:
    names = ", ".join(_entity_attr(f)[0] for f in group)
    return (
        f"add `created_at timestamptz NOT NULL DEFAULT now()` (and updated_at where rows change) to {names}: "
        "you will want them to debug, audit and sort."
    )


def _email(group: list[Finding], plan: TechnicalPlan) -> str:
    entity, attr = _entity_attr(group[0])
    return (
        f"make it unique, `CREATE UNIQUE INDEX ON {_sql_name(entity)} (lower({attr}));`, so two accounts "
        "cannot share an address (lower() makes the check case-insensitive)."
    )


def _money(group: list[Finding], plan: TechnicalPlan) -> str:
    return (
        "store money as numeric(12,2) (or bigint cents), not a float: 0.1 + 0.2 is not 0.3 in binary, "
        "so totals drift by a cent."
    )


def _pagination(group: list[Finding], plan: TechnicalPlan) -> str:
    return (
        "paginate it: take `?limit=` (with a maximum) and `?cursor=`, return `next_cursor`; an unbounded "
        "list gets slower and bigger as the table grows."
    )


def _mutation_auth(group: list[Finding], plan: TechnicalPlan) -> str:
    return (
        "require authentication for this change, or write down why it is public "
        "(a webhook verifies the sender's signature instead)."
    )


def _no_key(group: list[Finding], plan: TechnicalPlan) -> str:
    entity, _ = _entity_attr(group[0])
    return (
        f"give {entity} a primary key, e.g. `id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`."
    )


def _many_to_many(group: list[Finding], plan: TechnicalPlan) -> str:
    pair = _subject(group[0].where).split("->")
    join = "_".join(pair)
    return (
        f"model it as a join table {join} with foreign keys to {' and '.join(pair)} and "
        f"PRIMARY KEY ({pair[0]}_id, {pair[-1]}_id)."
    )


def _unconnected(group: list[Finding], plan: TechnicalPlan) -> str:
    names = ", ".join(_subject(f.where) for f in group)
    return (
        f"Say how {names} talk to the rest: add lines like `- client -> api: HTTPS` and "
        "`- api -> db: SQL` (use ~> for asynchronous messages)."
    )


def _n_plus_one(group: list[Finding], plan: TechnicalPlan) -> str:
    targets = group[0].message.rsplit("point at ", 1)[-1]
    return (
        f"load the related {targets} in the same query (a JOIN) or in one batched "
        "`WHERE id = ANY(...)`, not one query per row (N+1)."
    )


def _relationship_column(group: list[Finding], plan: TechnicalPlan) -> str:
    return f"nothing stores this relationship: {group[0].hint} (and index it)."


def _reference(group: list[Finding], plan: TechnicalPlan) -> str:
    return f"{group[0].hint}, so the database rejects rows that point at nothing (and index it)."


def _verb(group: list[Finding], plan: TechnicalPlan) -> str:
    return (
        "name the resource, not the action: `POST /orders` rather than `POST /createOrder`; "
        "the HTTP method is the verb."
    )


def _idempotency(group: list[Finding], plan: TechnicalPlan) -> str:
    if "webhook" in group[0].where:
        return (
            "providers deliver webhooks at least once: store each event id in a processed_event "
            "table under a unique constraint and skip an event you have already handled."
        )
    return (
        "accept an `Idempotency-Key` header and store it under a unique constraint with the "
        "response: a client that retries after a timeout must not pay twice."
    )


def _natural_key(group: list[Finding], plan: TechnicalPlan) -> str:
    entity, attr = _entity_attr(group[0])
    return (
        f"make it unique, `ALTER TABLE {_sql_name(entity)} ADD UNIQUE ({attr});`: the "
        f"database then refuses a second row with the same {attr}, and the lookup uses the index."
    )


_ADVICE: dict[str, Callable[[list[Finding], TechnicalPlan], str]] = {
    "DM002": _no_key,
    "DM003": _index,
    "DM007": _many_to_many,
    "DM009": _status,
    "API002": _mutation_auth,
    "API003": _pagination,
    "ARCH001": _unconnected,
    "REV001": _money,
    "REV002": _timestamps_advice,
    "REV003": _email,
    "REV005": _reference,
    "REV006": _relationship_column,
    "REV004": _hint_only,
    "REV007": _n_plus_one,
    "REV009": _hint_only,
    "REV010": _verb,
    "REV011": _idempotency,
    "REV013": _natural_key,
}
