"""Draft a TechnicalPlan: read the brief, apply the skills' rules and the built-in ones,
then assemble every part with the requirement ids it serves."""

from __future__ import annotations

import re
from functools import lru_cache

from archnb.capacity import estimate_capacity
from archnb.engines.base import DraftRequest
from archnb.engines.offline import datamodel, endpoints, refine
from archnb.engines.offline.defaults import builtin_rules
from archnb.engines.offline.questions import builtin_questions, merge_questions
from archnb.engines.offline.reader import BriefFacts, read_brief
from archnb.engines.offline.requirements import (
    RequirementIndex,
    build_requirements,
    entity_facts,
)
from archnb.engines.offline.rules import (
    PlanParts,
    RuleRef,
    StepDraft,
    apply_rules,
    collect_rules,
    format_number,
)
from archnb.engines.offline.stack import base_stack
from archnb.plan import (
    Api,
    Architecture,
    Component,
    Connection,
    DataModel,
    Decision,
    Endpoint,
    Entity,
    OpenQuestion,
    Option,
    PlanMetadata,
    Relationship,
    Risk,
    Step,
    TechnicalPlan,
    personal_tables,
)
from archnb.skills import RuleStep


def draft_plan(request: DraftRequest) -> TechnicalPlan:
    """Return the plan for a request: its brief, refined by a parent plan and answers."""
    asked = request.parent
    if asked is None and getattr(request.options, "answers", None):
        # Answers without a parent refer to the questions this brief raises on its own.
        asked = plan_for_facts(read_brief(request.brief), request.skills)
    brief, answers = refine.effective_brief(request, asked)
    request.progress("reading the brief")
    facts = read_brief(brief)
    plan = plan_for_facts(facts, request.skills, request.progress)
    return refine.finish(plan, request, answers, asked)


def plan_for_facts(facts: BriefFacts, skills: list, progress=lambda m: None) -> TechnicalPlan:
    """Return the plan for facts already read (used by draft_plan and the benchmarks)."""
    reqs = build_requirements(facts)
    parts = PlanParts()
    _base(facts, reqs, parts)
    progress("applying the skills' rules")
    apply_rules(collect_rules(skills), facts, parts, reqs.for_when)
    apply_rules(_builtin_refs(), facts, parts, reqs.for_when, skip_topics=_already_decided)
    _design_entities(facts, reqs, parts)
    _name_the_tenant(facts, parts)
    if "multitenancy" in facts.features:
        _key_every_table_to_its_tenant(parts)  # not "tenants get an invoice" of an allotment
    progress("drafting the plan")
    return _assemble(facts, reqs, parts)


# --- the base every plan has ---------------------------------------------------------------


def _base(facts: BriefFacts, reqs: RequirementIndex, parts: PlanParts) -> None:
    """Client, API and database; the domain tables; the stack the brief constrains."""
    fr, core = reqs.functional, reqs.core()
    clients = "Web and mobile apps" if "mobile" in facts.features else "Web app"
    parts.add_component(Component(id="client", name=clients, kind="client",
                                  responsibility="The screens people use: " + _actor_text(facts),
                                  technology="Browser or mobile app", serves=fr))
    parts.add_component(Component(id="api", name="Application API", kind="service",
                                  responsibility=_api_responsibility(facts),
                                  technology=base_stack(facts)[0].choice, serves=fr + core))
    parts.add_component(Component(id="db", name="PostgreSQL", kind="database",
                                  responsibility="System of record for every module's tables.",
                                  technology="PostgreSQL 16 (managed)", serves=fr))
    parts.add_connection(Connection(source="client", target="api", label="calls the REST API",
                                    protocol="HTTPS"))
    parts.add_connection(Connection(source="api", target="db", label="reads and writes",
                                    protocol="SQL"))
    for choice in base_stack(facts):
        parts.add_stack(choice.model_copy(update={"serves": core}))
    if facts.accounts:
        parts.add_entity(datamodel.user_entity(facts, fr[:1] + _ids_for_accounts(facts, reqs)))
    entities, relationships = datamodel.build_entities(facts, reqs.for_entity)
    for entity in entities:
        parts.add_entity(entity)
        parts.domain_entities.append(entity.name)
        fact = reqs.entity_facts.get(entity.name)
        if fact is not None and not fact.attributes:
            parts.defaulted.add(entity.name)
    parts.relationships = relationships


def _actor_text(facts: BriefFacts) -> str:
    actors = [a.replace("_", " ") for a in facts.actors[:6]]
    return (", ".join(actors) if actors else "the product's users") + "."


def _api_responsibility(facts: BriefFacts) -> str:
    modules = _modules(facts)
    if not modules:
        return "Serves the REST API, enforces auth and business rules."
    return "Modular monolith; modules: " + "; ".join(
        f"{root} ({', '.join(members)})" if len(members) > 1 else root for root, members in modules
    ) + "."


def _modules(facts: BriefFacts) -> list[tuple[str, list[str]]]:
    """Group entities into modules: each top-level entity with the entities it owns."""
    children: dict[str, list[str]] = {}
    has_parent: set[str] = set()
    by_name = entity_facts(facts)
    for rel in facts.relationships:
        if rel.cardinality != "many-to-many" and not by_name[rel.parent].person:
            children.setdefault(rel.parent, []).append(rel.child)
            has_parent.add(rel.child)
    modules = []
    for fact in facts.entities:
        if fact.name in has_parent:
            continue
        members = [fact.name] + [c for c in children.get(fact.name, []) if c != fact.name]
        modules.append((fact.name, list(dict.fromkeys(members))))
    return modules[:12]


def _ids_for_accounts(facts: BriefFacts, reqs: RequirementIndex) -> list[str]:
    ids = []
    for actor in facts.actors:
        if actor in reqs.entity_facts:
            ids.extend(reqs.for_entity(actor))
    return list(dict.fromkeys(ids))[:6]


# --- rules ------------------------------------------------------------------------------


def _builtin_refs() -> list[RuleRef]:
    return list(_sorted_builtin_refs())


@lru_cache(maxsize=1)
def _sorted_builtin_refs() -> tuple[RuleRef, ...]:
    refs = [RuleRef(rule, None, i) for i, (_, rule) in enumerate(builtin_rules())]
    return tuple(sorted(refs, key=lambda r: (r.rule.priority, r.order)))


def _already_decided(ref: RuleRef, parts: PlanParts) -> bool:
    """Skip a built-in rule when an earlier decision (a skill's or a built-in variant's)
    already covers its topic: a decision title has a word starting with a topic word."""
    topic = _topic_patterns().get(ref.rule.id)
    if topic is None:
        return False
    titles = " | ".join(d.decision.title.lower() for d in parts.decisions)
    return bool(topic.search(titles))


@lru_cache(maxsize=1)
def _topic_patterns() -> dict[str, re.Pattern[str] | None]:
    """Return each built-in rule's topic words as one pattern (None for no words)."""
    patterns: dict[str, re.Pattern[str] | None] = {}
    for topic, rule in builtin_rules():
        words = "|".join(re.escape(word) for word in topic)
        patterns[rule.id] = re.compile(rf"\b(?:{words})") if topic else None
    return patterns


# --- entities the design itself needs ---------------------------------------------------------


# What a many-to-many verb's join is called when the reader joined the two already.
_JOINED_AS = {"follow": "follow", "like": "favorite", "favorite": "favorite", "member": "membership"}


def _draw_keys(parts: PlanParts, entity: Entity, skip: tuple[str | None, ...] = ()) -> None:
    """Draw an added table in the ERD as its keys say: one-to-many from each table it keys to,
    except those in `skip` (drawn already, with a label of their own)."""
    for owner in dict.fromkeys(a.foreign_key for a in entity.attributes if a.foreign_key):
        if owner not in skip:
            parts.relationships.append(Relationship(source=owner, target=entity.name,
                                                    cardinality="one-to-many", label=""))


def _pays_for(parts: PlanParts, record: str) -> None:
    """Key a payment that settles nothing yet to the record the brief implies ("guests order
    dishes... and pay at the table": the order; "fans buy tickets": the purchase)."""
    payment = parts.entities.get("payment")
    if payment is None or any(a.foreign_key and a.foreign_key != "user" for a in payment.attributes):
        return
    attributes = list(payment.attributes)
    attributes.insert(1, datamodel.fk_column(record))
    parts.entities["payment"] = payment.model_copy(update={"attributes": attributes})
    parts.relationships.append(Relationship(source=record, target="payment", cardinality="one-to-many",
                                            label="has"))


# What people pay for, when a sentence names it beside the payment.
_PAID_FOR = frozenset(("order", "booking", "reservation", "ticket", "seat", "session", "lesson", "class", "course",
                       "appointment", "quote", "fill", "prescription", "sale", "case", "piece", "item", "product",
                       "track", "membership", "permit", "licence", "license", "work", "entry", "registration",
                       "application", "rental", "hire", "loan", "fine", "stay", "trip", "ride", "delivery", "job",
                       "work_order", "checkout", "cart", "package", "enrollment", "enrolment", "tour", "visit",
                       "treatment", "consultation", "event", "pass", "voucher", "plot", "pitch", "claim"))

# The records a payment settles when no sentence says what it is for, most likely first.
_SETTLED_BY_PAYING = ("invoice", "order", "booking", "reservation", "appointment", "ticket", "rental", "enrollment",
                      "enrolment", "registration", "membership")


def _paid_record(facts: BriefFacts, parts: PlanParts) -> str | None:
    """The record a payment that settles nothing yet is for: the first thing, not a person, named
    in the sentence that takes the money ("submit up to three works, paying a handling fee per
    work by card": the work)."""
    if "payment" not in parts.entities or "payments" not in facts.features:
        return None
    for index in facts.feature_sentences.get("payments", []):
        low = facts.sentences[index].lower()
        here = [(low.find(e.name.replace("_", " ")), e.name) for e in facts.entities
                if index in e.sentences and not e.person and e.name in _PAID_FOR
                and e.name in parts.entities and e.name in parts.domain_entities]
        here = sorted((at, name) for at, name in here if at >= 0)
        if here:
            return here[0][1]
    # Else the brief's one record that is settled by paying: an invoice, an order, a booking...
    return next((n for n in _SETTLED_BY_PAYING if n in parts.entities and n in parts.domain_entities), None)



def _design_entities(facts: BriefFacts, reqs: RequirementIndex, parts: PlanParts) -> None:
    """Add the records the brief implies: "members book rooms" needs a booking, and
    contended items need expiring holds when nothing else claims them."""
    names = set(parts.entities)
    booked: set[str] = set()
    for nominal, resource, holder in datamodel.nominal_entities(facts, names):
        if nominal in names or resource not in names:
            continue
        if nominal in ("booking", "reservation") and resource in booked:
            continue  # "carriers reserve a compartment ... shoppers book a compartment": one kind of claim
        if nominal in ("booking", "reservation"):
            booked.add(resource)
        if nominal == "order" and "order_item" not in names:
            # "guests order dishes": an order of several dishes, a line for each
            order, line = datamodel.order_line_entities(resource, facts, nominal, reqs.for_entity(resource),
                                                        holder)
            parts.add_entity(order)
            parts.add_entity(line)
            parts.domain_entities.extend((nominal, line.name))
            names.update((nominal, line.name))
            parts.relationships.append(Relationship(source=nominal, target=resource, cardinality="many-to-many",
                                                    label="has", via=line.name))
            if holder:
                parts.relationships.append(Relationship(source=holder, target=nominal,
                                                        cardinality="one-to-many", label="places"))
            _draw_keys(parts, order, skip=(holder, "user"))  # the restaurant, the courier
            _pays_for(parts, nominal)
            continue
        parts.add_entity(datamodel.hold_entity(resource, facts, nominal, reqs.for_entity(resource),
                                               holder))
        if nominal in ("purchase", "booking", "reservation", "rental"):
            _pays_for(parts, nominal)
        parts.domain_entities.append(nominal)
        names.add(nominal)
        # Drawn in the ERD and reachable in the API: each copy has its loans, each member too.
        for owner in (resource, holder):
            if owner:
                parts.relationships.append(Relationship(source=owner, target=nominal,
                                                        cardinality="one-to-many", label=""))
    for bought in datamodel.bought_records(facts, names):
        _pays_for(parts, bought)  # "buy day tickets ..., paying by card": each payment is for a ticket
    paid = _paid_record(facts, parts)
    if paid:
        _pays_for(parts, paid)
    for reaction in facts.reactions:
        anyone = reaction.kind in ("revision", "version")  # a history needs no author
        needed = [reaction.target, reaction.place, reaction.actor if not anyone else ""]
        if reaction.table in names or any(n and n not in parts.entities for n in needed):
            continue
        if reaction.actor != reaction.target and any(
                {f"{reaction.actor}_id", f"{reaction.target}_id"} <= {a.name for a in e.attributes}
                and e.name in (_JOINED_AS.get(reaction.kind), f"{reaction.actor}_{reaction.target}")
                for e in parts.entities.values()):
            continue  # "fans follow artists" joined them already in a follow table
        serves = reqs.for_entity(reaction.target) or reqs.for_entity(reaction.actor)
        entity = datamodel.reaction_entity(reaction, serves)
        parts.add_entity(entity)
        parts.domain_entities.append(reaction.table)
        names.add(reaction.table)
        _draw_keys(parts, entity)  # a like under the user and the post
    claims = {"hold", "booking", "reservation", "appointment", "rental", "loan"}
    if "booking" in facts.features and not any(n in claims or n.endswith("_hold") for n in names):
        resource = datamodel.bookable_resource(facts, names)
        if resource:
            # Fought-over units are held while people pay; a diary's slots are simply booked.
            kind = "hold" if "contention" in facts.features else "booking"
            serves = reqs.for_when(_when(features_any=["booking"])) or reqs.for_entity(resource)
            hold = datamodel.hold_entity(resource, facts, kind, serves)
            parts.add_entity(hold)
            parts.domain_entities.append(kind)
            _draw_keys(parts, hold)  # the spot's bookings, and the user's
    owner = datamodel.attachment_owner(facts, names)  # None when a table of files exists
    if owner:
        # The file-storage decision keeps "only keys and metadata" in the database: this is where.
        serves = reqs.for_when(_when(features_any=["uploads"])) or reqs.for_entity(owner)
        files = datamodel.attachment_name(facts, names)
        parts.add_entity(datamodel.attachment_entity(owner, facts, serves, files))
        parts.domain_entities.append(files)
        parts.relationships.append(Relationship(source=owner, target=files,
                                                cardinality="one-to-many", label="has files"))
    datamodel.apply_patches(parts.entities, parts.domain_entities, parts.patches)


def _name_the_tenant(facts: BriefFacts, parts: PlanParts) -> None:
    """Key tenant-scoped rows to the brief's own tenant table ("Orgs (tenants)": organisation)
    rather than to a second, generic `tenant` table beside it. The key keeps its name,
    tenant_id, which the isolation decisions, the row-level security policy and the lint
    checks refer to; a second key to the same table ("Orgs connect repositories") goes."""
    word = facts.tenant_word
    if not word or word not in parts.entities or "tenant" not in parts.entities:
        return
    generic = parts.entities.pop("tenant")
    own = parts.entities[word]
    parts.add_entity(generic.model_copy(update={"name": word, "description": own.description}))
    own_key = f"{word}_id"
    for entity in list(parts.entities.values()):
        keyed = any(a.foreign_key == "tenant" for a in entity.attributes) and entity.name != word
        attributes = []
        for a in entity.attributes:
            if a.foreign_key == "tenant":
                if keyed:
                    attributes.append(a.model_copy(update={"foreign_key": word}))
            elif not (keyed and a.name == own_key and a.foreign_key == word):
                attributes.append(a)
        unique = [["tenant_id" if keyed and c == own_key else c for c in group]
                  for group in entity.unique_together]
        parts.entities[entity.name] = entity.model_copy(update={"attributes": attributes,
                                                                "unique_together": unique})
    relationships, seen = [], set()
    for r in parts.relationships:
        r = r.model_copy(update={"source": word if r.source == "tenant" else r.source,
                                 "target": word if r.target == "tenant" else r.target})
        if r.source != r.target and (r.source, r.target) not in seen:
            seen.add((r.source, r.target))
            relationships.append(r)
    parts.relationships = relationships
    parts.domain_entities = [word if n == "tenant" else n for n in parts.domain_entities]


def _key_every_table_to_its_tenant(parts: PlanParts) -> None:
    """In a multi-tenant plan, give every table the tenant key, not only the brief's own: the
    records the design adds (payments, notifications, files, jobs) belong to a tenant too.
    People's accounts stay global (a membership ties them to tenants), and so do the rows
    that only a person owns (their sessions). A row the design adds may be system-wide: its
    key may be null."""
    key = next((a for e in parts.entities.values() for a in e.attributes
                if a.name == "tenant_id" and a.foreign_key), None)
    if key is None:
        return
    people = personal_tables(parts.entities.values())
    domain = set(parts.domain_entities)
    for entity in list(parts.entities.values()):
        if entity.name in people or entity.name == key.foreign_key \
                or any(a.name == "tenant_id" for a in entity.attributes):
            continue
        own = key if entity.name in domain else key.model_copy(update={
            "nullable": True, "description": "Owning tenant; null for a system-wide row"})
        at = next((i for i, a in enumerate(entity.attributes) if a.name in ("created_at", "updated_at")),
                  len(entity.attributes))
        parts.entities[entity.name] = entity.model_copy(
            update={"attributes": [*entity.attributes[:at], own, *entity.attributes[at:]]})


def _when(**kwargs):
    from archnb.skills import When

    return When(**kwargs)


# --- assembling -------------------------------------------------------------------------------


def _assemble(facts: BriefFacts, reqs: RequirementIndex, parts: PlanParts) -> TechnicalPlan:
    entities = datamodel.finish_entities(list(parts.entities.values()))
    by_name = {e.name: e for e in entities}
    relationships = [r for r in parts.relationships if r.source in by_name and r.target in by_name]
    api_endpoints = _endpoints(facts, reqs, parts, by_name, relationships)
    components, connections = _architecture(parts)
    decisions = _decisions(parts)
    questions = _questions(facts, parts, decisions)
    steps = _steps(facts, reqs, parts, by_name)
    kinds = [c.kind for c in components] + [c.id for c in components]
    capacity = estimate_capacity(facts.numbers, kinds, facts.rates, facts.periods)
    return TechnicalPlan(
        title=facts.title,
        summary=_summary(facts, entities, api_endpoints, decisions, parts),
        brief=facts.text,
        assumptions=_assumptions(facts, parts, questions, capacity.assumptions),
        requirements=reqs.requirements,
        open_questions=questions,
        decisions=decisions,
        architecture=Architecture(style=_style(decisions, parts), summary=_arch_summary(components),
                                  components=components, connections=connections),
        data_model=DataModel(entities=entities, relationships=relationships),
        api=Api(style="REST", base_path="/api/v1",
                auth_scheme="oauth2" if "sso" in facts.features else "bearer",
                endpoints=api_endpoints),
        stack=list(parts.stack.values()),
        scalability=_scalability(parts, capacity),
        security=_security(facts, parts),
        observability=_observability(facts, parts),
        capacity=capacity,
        steps=steps,
        risks=_risks(facts, parts),
        metadata=PlanMetadata(engine="offline", skills_used=sorted(parts.skills_used)),
    )


def _endpoints(facts, reqs, parts, by_name, relationships) -> list[Endpoint]:
    out: dict[tuple[str, str], Endpoint] = {}

    def add(eps: list[Endpoint]) -> None:
        for ep in eps:
            key = (ep.method, _shape(ep.path))
            if key not in out and (ep.entity is None or ep.entity in by_name):
                out[key] = ep

    if "user" in by_name:
        add(endpoints.me_endpoints(by_name["user"].serves))
    joins = {r.via for r in relationships if r.via}
    reacted = {r.table: r for r in facts.reactions}
    for name in parts.domain_entities:
        entity = by_name.get(name)
        if entity is not None and name in reacted:
            add(endpoints.reaction_endpoints(reacted[name], entity, entity.serves))
        elif entity is not None and any(a.name == "storage_key" for a in entity.attributes):
            add(endpoints.file_endpoints(entity, entity.serves))
        elif entity is not None:
            add(endpoints.crud_endpoints(entity, facts, entity.serves, join=name in joins))
    for rel in relationships:
        if rel.target in reacted:
            continue  # a like is reached through what is liked, not listed under each user
        serves = reqs.for_sentences([], True) or by_name[rel.target].serves
        add(endpoints.nested_endpoints(rel, by_name, serves))
        add(endpoints.link_endpoints(rel, by_name, serves))
    for op in facts.operations:
        serves = reqs.for_sentences([op.sentence], True) or reqs.for_entity(op.entity)
        add(endpoints.action_endpoints(op, by_name, serves))
    add([_normalised(ep, reqs) for ep in parts.endpoints.values()])
    return list(out.values())


def _normalised(ep: Endpoint, reqs: RequirementIndex) -> Endpoint:
    """A rule's endpoint, made consistent with the rest of the API (lists are paginated)."""
    update: dict = {"serves": ep.serves or reqs.core()}
    if ep.method == "GET" and ep.response == "list":
        update["paginated"] = True
    return ep.model_copy(update=update)


_PATH_PARAMETER = re.compile(r"\{[^}]*\}")


def _shape(path: str) -> str:
    return _PATH_PARAMETER.sub("{}", path)


def _architecture(parts: PlanParts) -> tuple[list[Component], list[Connection]]:
    components = list(parts.components.values())
    ids = {c.id for c in components}
    connections = [c for c in parts.connections.values() if c.source in ids and c.target in ids]
    # A hop through a load balancer, gateway or pooler replaces the direct line it stands in
    # for: with a pooler, the API reaches PostgreSQL only through it.
    middle = {c.id for c in components if c.kind in ("edge", "gateway")}
    hops = {(c.source, c.target) for c in connections}
    connections = [c for c in connections if not any(
        (c.source, m) in hops and (m, c.target) in hops for m in middle - {c.source, c.target})]
    linked = {e for c in connections for e in (c.source, c.target)}
    for comp in components:
        if comp.id not in linked:
            source, target = ("api", comp.id) if comp.kind != "client" else (comp.id, "api")
            connections.append(Connection(source=source, target=target, label="uses",
                                          mode="async" if comp.kind in ("queue", "worker") else "sync"))
    return components, connections


def _decisions(parts: PlanParts) -> list[Decision]:
    out = []
    for i, draft in enumerate(parts.decisions, start=1):
        d = draft.decision
        out.append(Decision(
            id=f"D-{i:03d}", title=d.title, context=d.context,
            options=[Option(name=o.name, pros=o.pros, cons=o.cons) for o in d.options],
            choice=d.choice, rationale=d.rationale, consequences=d.consequences,
            serves=draft.serves, source_skill=draft.source_skill,
        ))
    return out


def _questions(facts: BriefFacts, parts: PlanParts, decisions: list[Decision]) -> list[OpenQuestion]:
    merged = merge_questions(builtin_questions(facts), parts.questions)
    by_title = {d.title.lower(): d.id for d in decisions}
    out = []
    for q in merged:
        affects = [by_title[t.lower()] for t in q.affects if t.lower() in by_title]
        out.append(OpenQuestion(id="", question=q.question, why_it_matters=q.why_it_matters,
                                assumption=q.assumption, options=q.options, affects=affects))
    return out  # numbered after answers are applied (refine.finish)


def _steps(facts, reqs: RequirementIndex, parts: PlanParts, by_name) -> list[Step]:
    drafts = list(parts.steps)
    first = drafts[:1]
    rest = drafts[1:]
    schema = StepDraft(RuleStep(title="Schema and migrations",
                                description="Create the tables, keys, checks and indexes of the "
                                "data model as versioned migrations.",
                                deliverables=["Migrations for " + ", ".join(list(by_name)[:8])]),
                       [i for e in by_name.values() for i in e.serves][:8] or reqs.core())
    modules = []
    for root, members in _modules(facts)[:8]:
        serves = list(dict.fromkeys(i for m in members if m in by_name for i in by_name[m].serves))
        modules.append(StepDraft(RuleStep(
            title=f"Module: {root.replace('_', ' ')}",
            description="Endpoints, validation and tests for " + ", ".join(members) + ".",
            deliverables=[f"{root} endpoints with tests"]), serves or reqs.functional[:1]))
    launch = StepDraft(RuleStep(title="Launch readiness",
                                description="Load test at the expected peak, dashboards and "
                                "alerts, backup restore drill, runbook.",
                                deliverables=["Load test report", "Alerts", "Runbook"]),
                       reqs.core())
    ordered = first + [schema] + rest[:1] + modules + rest[1:] + [launch]
    steps: list[Step] = []
    for i, draft in enumerate(ordered, start=1):
        sid = f"S{i}"
        if i == 1:
            deps = []
        elif draft is launch:
            deps = [s.id for s in steps[1:]] or ["S1"]
        elif i == 2:
            deps = ["S1"]
        else:
            deps = ["S2"]
        steps.append(Step(id=sid, title=draft.step.title, description=draft.step.description,
                          depends_on=deps, deliverables=draft.step.deliverables,
                          serves=draft.serves or reqs.core()))
    return steps


_ARCH_STYLE_TITLE = re.compile(r"\barchitect(?:ure|ural)\s+style\b", re.I)


def _style(decisions: list[Decision], parts: PlanParts) -> str:
    """Return architecture.style: the rules' `style` effect, else the choice of an
    architecture-style decision (not an API or coding style), else a modular monolith."""
    if parts.style:
        return parts.style[:80]
    style = next((d.choice for d in decisions if _ARCH_STYLE_TITLE.search(d.title)),
                 "Modular monolith")
    return style[:80]


def _arch_summary(components: list[Component]) -> str:
    names = [c.name for c in components if c.id not in ("client", "api", "db")]
    extra = f", plus {', '.join(names)}" if names else ""
    return f"Clients call one application API backed by PostgreSQL{extra}."


def _summary(facts, entities, eps, decisions, parts) -> str:
    needs = ", ".join(f.replace("_", " ") for f in facts.features[:6]) or "core CRUD"
    domain = [e.name.replace("_", " ") for e in entities if e.name in parts.domain_entities][:6]
    return (f"{_style(decisions, parts)} design for {facts.domain or 'the product'}: "
            f"{len(entities)} tables ({', '.join(domain)}), {len(eps)} endpoints and "
            f"{len(decisions)} decisions. Key needs: {needs}.")


# What each figure the engine works out is, in an assumption's words.
_DERIVED_NAMES = {"rps": "Peak requests per second", "rows": "Rows in the largest table",
                  "events_per_second": "Events per second", "storage_gb": "Stored data in GB",
                  "concurrent_users": "Concurrent users", "daily_active_users": "Daily active users"}


def _assumptions(facts, parts, questions, capacity_notes) -> list[str]:
    out = [f"Out of scope, as the brief says: {'; '.join(_clip(p) for p in facts.left_out)}."]\
        if facts.left_out else []
    if facts.passing:
        named = ", ".join(n.replace("_", " ") for n in facts.passing)
        out.append(f"Named only in passing, so given no table (ask for any that should be one): {named}.")
    out += [q.assumption for q in questions]
    out += [a for a in parts.assumptions if a not in out]
    for nf in facts.number_facts:
        if nf.derived:
            what = _DERIVED_NAMES.get(nf.key, nf.key.replace("_", " ").capitalize())
            out.append(f"{what} estimated at {format_number(nf.value)} ({nf.source}).")
    out += capacity_notes
    return list(dict.fromkeys(out))


def _clip(phrase: str, limit: int = 120) -> str:
    if phrase[1:2].islower():
        phrase = phrase[0].lower() + phrase[1:]  # "Event ticketing" inside a sentence
    return phrase if len(phrase) <= limit else phrase[:limit].rsplit(" ", 1)[0] + " ..."


def _scalability(parts: PlanParts, capacity) -> object:
    scal = parts.scalability.model_copy(deep=True)
    peak = next((r for r in capacity.rows if r.metric == "Peak requests per second"), None)
    inst = next((r for r in capacity.rows if r.metric == "API instances"), None)
    if peak and inst:
        scal.notes = [*scal.notes, f"Peak of {peak.value:,.0f} req/s served by {inst.value:.0f} "
                      "stateless API instances (see capacity)."]
    if not scal.caching:
        scal.caching = ["HTTP caching headers on public reads; no shared cache until load needs it."]
    return scal


def _security(facts: BriefFacts, parts: PlanParts):
    sec = parts.security.model_copy(deep=True)
    roles = ", ".join(r.replace("_", " ") for r in facts.roles) or "member, admin"
    if not sec.authorization:
        sec.authorization = (f"Role-based access ({roles}); every query is scoped to the records "
                             "the caller owns or is assigned to.")
    if not sec.authentication:
        sec.authentication = "Bearer tokens from the identity provider, verified on every request."
    names = {"gdpr": "GDPR", "hipaa": "HIPAA", "pci": "PCI DSS", "soc2": "SOC 2", "ccpa": "CCPA",
             "ferpa": "FERPA", "iso27001": "ISO 27001"}
    sec.compliance = list(dict.fromkeys([*sec.compliance, *(names.get(c, c) for c in facts.compliance)]))
    if "gdpr" in facts.compliance:
        sec.data_protection = [*sec.data_protection, "GDPR: data inventory, export and erasure "
                               "on request, processing records, EU hosting where required."]
    if "hipaa" in facts.compliance:
        sec.data_protection = [*sec.data_protection, "HIPAA: BAAs with every provider touching "
                               "health data; access to records is logged and reviewed."]
    return sec


def _observability(facts: BriefFacts, parts: PlanParts):
    obs = parts.observability.model_copy(deep=True)
    n = facts.numbers
    latency = n.get("latency_ms")
    label = facts.number_fact("latency_ms").unit if facts.number_fact("latency_ms") else "p95"
    slos = [f"{label} API latency under {latency:,.0f} ms" if latency else
            "p95 API latency under 300 ms (assumed)",
            f"Availability {n['availability']}% per month" if "availability" in n else
            "Availability 99.9% per month (assumed)"]
    obs.slos = list(dict.fromkeys([*obs.slos, *slos]))
    return obs


def _risks(facts: BriefFacts, parts: PlanParts) -> list[Risk]:
    risks = list(parts.risks)
    if not any(k in facts.numbers for k in ("rps", "concurrent_users", "users",
                                            "daily_active_users", "events_per_second")):
        risks.append(Risk(risk="Real load differs from the assumed scale", likelihood="medium",
                          impact="medium", mitigation="Load test before launch and watch "
                          "saturation metrics; the design scales out by adding instances."))
    return risks
