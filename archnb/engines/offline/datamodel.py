"""The data model from the brief's facts: tables with keys, columns, states and join tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from archnb.engines.offline.lexicon import (
    NOMINAL_VERBS,
    PERSON_NOUNS,
    VERB_FORMS,
    plural,
    singular,
    with_article,
)
from archnb.engines.offline.reader import (
    LINKED_LABELS,
    SERVICE_PROVIDERS,
    STOCK_TABLES,
    BriefFacts,
    EntityFact,
    RelationFact,
)
from archnb.engines.offline.vocabulary import (
    BOUGHT_AS_RECORDS,
    DEFAULT_COLUMNS,
    GENERIC_COLUMNS,
    LIFECYCLES,
    NOMINAL_GROUPS,
    VERB_STATES,
    column_kind,
)
from archnb.plan import Attribute, Entity, Relationship

_PERSON_COLUMNS = DEFAULT_COLUMNS["person"]
_PERSON_COLUMNS_AS_USERS = frozenset((
    "assignee", "owner", "author", "creator", "reviewer", "approver", "manager", "requester",
    "reporter", "assigned_to", "created_by", "updated_by", "approved_by",
))
_BOOKABLE = ("seat", "room", "slot", "table", "copy", "court", "bike", "car", "vehicle", "spot",
             "desk", "ticket", "product", "item", "unit", "bed", "session", "class", "book")


def column(name: str, description: str = "") -> Attribute:
    """Return a column named `name` with the type and constraints its name suggests."""
    return _copy(_column(name, description))


@lru_cache(maxsize=2048)
def _column(name: str, description: str) -> Attribute:
    kind = column_kind(name)
    return Attribute(
        name=name,
        type=kind.type,
        nullable=kind.nullable,
        unique=kind.unique,
        indexed=kind.indexed,
        default=kind.default,
        description=description,
    )


def id_column() -> Attribute:
    return _copy(_ID_COLUMN)


def fk_column(target: str, nullable: bool = False, unique: bool = False, name: str = "") -> Attribute:
    return _copy(_fk_column(target, nullable, unique, name))


@lru_cache(maxsize=2048)
def _fk_column(target: str, nullable: bool, unique: bool, name: str) -> Attribute:
    return Attribute(
        name=name or f"{target}_id",
        type="uuid",
        foreign_key=target,
        nullable=nullable,
        unique=unique,
        indexed=not unique,
    )


def timestamps() -> list[Attribute]:
    return [_copy(a) for a in _TIMESTAMPS]


def _copy(template: Attribute) -> Attribute:
    """Return a copy of a column validated once: the same bytes as validating it again,
    about 1.5x faster (a long brief builds thousands of columns). Its list is its own."""
    return template.model_copy(update={"choices": list(template.choices)})


_ID_COLUMN = Attribute(name="id", type="uuid", primary_key=True, nullable=False,
                       default="random_uuid")
_TIMESTAMPS = (
    Attribute(name="created_at", type="timestamptz", nullable=False, default="now"),
    Attribute(name="updated_at", type="timestamptz", nullable=False, default="now"),
)


def user_entity(facts: BriefFacts, serves: list[str]) -> Entity:
    """Return the account table: one row per person who signs in, with their role."""
    roles = [r.replace("-", "_") for r in facts.roles if r not in ("user",)] or ["member"]
    roles = list(dict.fromkeys(["admin", *roles]))
    attributes = [
        id_column(),
        Attribute(name="email", type="varchar(320)", nullable=False, unique=True),
        Attribute(name="display_name", type="varchar(100)"),
        Attribute(name="role", type="varchar(30)", nullable=False, choices=roles[:12]),
        Attribute(name="external_subject", type="varchar(255)", unique=True,
                  description="Subject id at the identity provider"),
        *timestamps(),
    ]
    return Entity(name="user", description="A person who signs in, with one role.",
                  attributes=attributes, serves=serves)


def build_entities(facts: BriefFacts, serves_for_entity) -> tuple[list[Entity], list[Relationship]]:
    """Return the domain tables and relationships the brief describes."""
    names = [e.name for e in facts.entities]
    parents: dict[str, list[tuple[str, bool, bool]]] = {n: [] for n in names}
    relationships: list[Relationship] = []
    joins: list[Entity] = []
    for rel in facts.relationships:
        if rel.cardinality == "many-to-many":
            join = _join_entity(rel, names, serves_for_entity, facts)
            if join is not None and join.name not in names:
                joins.append(join)
                names.append(join.name)
            relationships.append(Relationship(source=rel.parent, target=rel.child,
                                              cardinality="many-to-many", label=rel.label or "",
                                              via=join.name if join is not None else None))
            continue
        one_to_one = rel.cardinality == "one-to-one"
        # "a courier is assigned to each delivery": the delivery exists before anyone takes it
        parents[rel.child].append((rel.parent, one_to_one, rel.label in LINKED_LABELS))
        relationships.append(Relationship(source=rel.parent, target=rel.child,
                                          cardinality=rel.cardinality, label=rel.label or ""))
    people = {e.name for e in facts.entities if e.person}
    for child in facts.user_owned:
        # "Users create short links": the account table owns them, unless the brief named another
        # owner; "users upload files" to a folder still keeps who uploaded each file.
        if child in parents and not any(p in people or p == "user" for p, _one, _late in parents[child]):
            parents[child].append(("user", False, False))
            relationships.append(Relationship(source="user", target=child, cardinality="one-to-many",
                                              label="creates"))
    brief = _BriefLookups.of(facts)
    entities = [
        _domain_entity(fact, parents.get(fact.name, []), facts, serves_for_entity(fact.name),
                       brief)
        for fact in facts.entities
    ]
    entities = _role_keys(facts, entities, relationships, joins, names, serves_for_entity)
    stocked = {n for rel in facts.relationships if rel.label == "stocks" or rel.parent in STOCK_TABLES
               or rel.child in STOCK_TABLES for n in (rel.parent, rel.child)}
    for entity in entities:
        if entity.name in stocked and entity.name not in STOCK_TABLES:
            # Counted in the stock table: a column here would be a second count, soon stale.
            entity.attributes = [a for a in entity.attributes if a.name not in ("stock", "stock_level")]
    return entities + joins, relationships


@dataclass
class _BriefLookups:
    """What every entity's table asks of the whole brief, worked out once per brief (asking
    per entity was quadratic in the number of entities: slow for long briefs)."""

    sentences: list[str]
    owners: dict[str, set[str]]  # spoken form ("line items") -> the entities named so
    verbs: dict[str, list[str]]  # entity -> the verbs of its operations, in brief order
    mentions_refunds: bool
    tails_by_sentence: dict[int, tuple[re.Pattern[str], ...]] = field(default_factory=dict)

    def definition_tails(self, i: int) -> tuple[re.Pattern[str], ...]:
        """Return the definition tails found anywhere in sentence `i`: only those can follow
        an entity's name there, and most sentences have none (asked per entity, kept)."""
        if i not in self.tails_by_sentence:
            sentence = self.sentences[i]
            self.tails_by_sentence[i] = tuple(t for t in _DEFINITION_TAILS if t.search(sentence))
        return self.tails_by_sentence[i]

    @classmethod
    def of(cls, facts: BriefFacts) -> _BriefLookups:
        owners: dict[str, set[str]] = {}
        for e in facts.entities:
            for form in (e.name.replace("_", " "), plural(e.name).replace("_", " ")):
                owners.setdefault(form, set()).add(e.name)
        verbs: dict[str, list[str]] = {}
        for op in facts.operations:
            verbs.setdefault(op.entity, []).append(op.verb)
        return cls(facts.sentences, owners, verbs, "refund" in facts.text.lower())


def _role_keys(facts: BriefFacts, entities: list[Entity], relationships: list[Relationship],
               joins: list[Entity], names: list[str], serves_for_entity) -> list[Entity]:
    """Give a record the key of the user who acts on it in a role ("reviewers record a decision":
    decision.reviewer_id -> user); several of them at once are a join ("each application is
    assigned to two or three reviewers": reviewer_assignment)."""
    by_name = {e.name: e for e in entities}
    for rel in facts.role_links:
        role, child = rel.parent, rel.child
        key = f"{role}_id"
        if rel.cardinality == "many-to-many":
            name = rel.via or f"{child}_{role}"
            if name in names:
                continue
            joins.append(Entity(
                name=name, description=f"Which {plural(role).replace('_', ' ')} work on each "
                                       f"{child.replace('_', ' ')} (many-to-many).",
                attributes=[id_column(), fk_column(child), fk_column("user", name=key),
                            Attribute(name="created_at", type="timestamptz", nullable=False, default="now")],
                unique_together=[[f"{child}_id", key]], serves=serves_for_entity(child)))
            names.append(name)
            relationships.append(Relationship(source=child, target="user", cardinality="many-to-many",
                                              label=rel.label or "", via=name))
            continue
        entity = by_name.get(child)
        if entity is None or any(a.name == key for a in entity.attributes):
            continue
        attrs = list(entity.attributes)
        attrs.insert(1, fk_column("user", nullable=True, name=key))
        by_name[child] = entity.model_copy(update={"attributes": attrs})
        relationships.append(Relationship(source="user", target=child, cardinality="one-to-many",
                                          label=rel.label or f"as {role.replace('_', ' ')}"))
    return [by_name[e.name] for e in entities]


def _domain_entity(fact: EntityFact, parents: list[tuple[str, bool, bool]], facts: BriefFacts,
                   serves: list[str], brief: _BriefLookups) -> Entity:
    attributes = [id_column()]
    taken = {"id"}
    for parent, one_to_one, later in parents:
        attr = fk_column(parent, nullable=later, unique=one_to_one)
        if attr.name not in taken:
            attributes.append(attr)
            taken.add(attr.name)
    if fact.person and facts.accounts and "user_id" not in taken:
        attributes.append(fk_column("user", nullable=True, unique=True))
        taken.add("user_id")
    for name in _columns_for(fact, facts):
        if name in taken or f"{name}_id" in taken:
            continue
        if name == "nightly_rate" and _BY_THE_HOUR.search(facts.text):
            name = "hourly_rate"  # "private rooms, booked by the hour"
        elif name == "nightly_rate" and not _BY_THE_NIGHT.search(facts.text):
            continue  # a hospital's or a school's rooms are not let by the night
        if name in _PERSON_COLUMNS_AS_USERS and facts.accounts:
            # "an assignee", "the author": a person who signs in, so a link to user.
            attributes.append(fk_column("user", nullable=True, name=f"{name}_id"))
            taken.add(f"{name}_id")
            continue
        attributes.append(column(name))
        taken.add(name)
    states = _states_for(fact, brief)
    if states:
        attributes.append(Attribute(name="status", type="varchar(30)", nullable=False,
                                    indexed=True, choices=states))
    attributes.extend(timestamps())
    description = _description(fact, facts, brief)
    return Entity(name=fact.name, description=description, attributes=attributes, serves=serves)


# Plans that are prices: what a subscriber or member pays for.
_PRICED_PLANS = frozenset(("subscription", "membership", "pricing", "price", "billing", "service", "payment",
                           "tariff", "data", "phone", "mobile", "hosting", "support"))


_BY_THE_NIGHT = re.compile(r"\b(?:nights?|nightly|overnight|hotels?|hostels?|guests?|b&b|inns?)\b", re.IGNORECASE)


_BY_THE_HOUR = re.compile(r"\bby\s+the\s+hour\b|\bper\s+hour\b|\bhourly\s+(?:rate|price|hire|booking)", re.IGNORECASE)


# A plan that is sold ("a paid premium subscription", "£9 a month"), not a care or exercise plan.
_PRICED = re.compile(r"\bsubscri\w*|\bpric\w*|\bbill\w*|\bper\s+(?:month|year)|/\s?(?:mo|month|yr|year)\b|"
                     r"\b(?:monthly|annual|yearly)\s+(?:fee|plan|subscription)|\btiers?\b|[£$€]\s?\d", re.IGNORECASE)
# Money lent, not a book lent: "apply for a personal loan (amount up to £15,000)", "repayments".
# Not "lender requirements" of an art loan, "points of interest" or a school's principal.
_MONEY_LOAN = re.compile(r"(?<!of\s)(?<!express\s)(?<!register\s)\binterest\b(?!\s+in\b)|"
                         r"\b(?:repayments?|repay|apr|underwrit\w*|credit\s+(?:union|score|check)|"
                         r"mortgages?|instal(?:l)?ments?)\b|[£$€]\s?\d", re.IGNORECASE)
_MONEY_LOAN_COLUMNS = ["amount", "currency", "term_months", "interest_rate", "purpose", "disbursed_at"]


def _columns_for(fact: EntityFact, facts: BriefFacts) -> list[str]:
    listed = [a for a in fact.attributes if a not in ("created_at", "updated_at")]
    if listed:
        # A person is listed by name: "drivers log on with their driver number" still keeps each
        # driver's name beside the number.
        if (fact.person or fact.name.split("_")[-1] in PERSON_NOUNS) and not any("name" in a for a in listed):
            return ["full_name", *listed]
        return listed
    if fact.name == "loan" and _MONEY_LOAN.search(_kept_text(facts)):
        return _MONEY_LOAN_COLUMNS
    key = fact.name if fact.name in DEFAULT_COLUMNS else fact.name.split("_")[-1]
    if key == "tenant" and fact.person:
        return _PERSON_COLUMNS  # a tenant who rents a home, not a tenant of the product
    if key == "plan" and key != fact.name and fact.name.split("_")[0] not in _PRICED_PLANS:
        key = ""  # a care plan or a seating plan has no price; a subscription plan does
    if fact.name == "plan" and not _PRICED.search(_kept_text(facts)):
        key = ""  # "each physio builds a plan for a patient": nothing is sold by the plan
    if key in DEFAULT_COLUMNS:
        return DEFAULT_COLUMNS[key]
    if fact.person or fact.name.split("_")[-1] in PERSON_NOUNS:
        return _PERSON_COLUMNS
    return GENERIC_COLUMNS


def _kept_text(facts: BriefFacts) -> str:
    """The brief without what it rules out ("No booking or billing: that stays in our practice
    system"), joined once by the reader."""
    return facts.sentence_index.text if facts.sentence_index is not None else "\n".join(facts.sentences)


def _states_for(fact: EntityFact, brief: _BriefLookups) -> list[str]:
    """Return the allowed states: the brief's own words first, else the usual life cycle."""
    verbs = brief.verbs.get(fact.name, [])
    if fact.states:
        states = list(fact.states)
    else:
        key = fact.name if fact.name in LIFECYCLES else fact.name.split("_")[-1]
        states = list(LIFECYCLES.get(key, []))
        if not states and not any(v in VERB_STATES for v in verbs):
            return []
        if not states:
            states = ["active"]
    for verb in verbs:
        state = VERB_STATES.get(verb)
        if state and state not in states:
            states.append(state)
    if brief.mentions_refunds and fact.name in ("order", "payment", "booking") and (
        "refunded" not in states
    ):
        states.append("refunded")
    return [s for s in dict.fromkeys(states) if s][:12]


def _description(fact: EntityFact, facts: BriefFacts, brief: _BriefLookups) -> str:
    """Return a short description of one entity: the brief's own definition of it ("a cart,
    the items a customer is about to buy"), else a generic line naming the product."""
    name = fact.name.replace("_", " ")
    forms = sorted({name, plural(name)}, key=len, reverse=True)

    def is_other(word: str) -> bool:
        return any(owner != fact.name for owner in brief.owners.get(word, ()))

    for i in sorted(fact.sentences):
        tails = brief.definition_tails(i)
        found = _definition(facts.sentences[i], forms, is_other, tails) if tails else ""
        if found:
            return found
    article = "An" if name[:1] in "aeiou" else "A"
    built = _described_by_model(fact, facts, name, article)
    if built:
        return built
    domain = facts.domain.strip()
    if domain and domain != "backend" and len(domain.split()) <= 4 and "," not in domain:
        return f"{article} {name} of the {domain}."
    return f"{article} {name} the product keeps track of."


def _described_by_model(fact: EntityFact, facts: BriefFacts, name: str, article: str) -> str:
    """Return a description made of what the brief says about the entity: its owner and the
    details it names ("A dish of a menu, with its name, price and allergens"), or ""."""
    owner = next((r for r in facts.relationships if r.child == fact.name
                  and r.cardinality == "one-to-many" and r.parent != fact.name), None)
    text = f"{article} {name}"
    if owner is not None:
        verb = VERB_FORMS.get(owner.label, "")
        if owner.label and verb == owner.label and owner.label not in ("has", "have", "be"):
            # "An order that a pupil places": a verb's -s form is spelled as a noun's plural
            text += f" that {with_article(owner.parent)} {plural(verb)}"
        else:
            text += f" of {with_article(owner.parent)}"
    details = [a.replace("_", " ") for a in fact.attributes
               if a not in ("name", "created_at", "updated_at") and a.count("_") <= 1][:3]
    if details:
        listed = details[0] if len(details) == 1 else ", ".join(details[:-1]) + " and " + details[-1]
        text += f", with its {listed}"
    if owner is None and not details:
        return ""
    return text + "." if len(text) <= 100 else ""


_ARTICLE = r"(?:a|an|the|one|any)\s"
_DEFINITION_BODY = r"(?P<d>" + _ARTICLE + r"[^,.;:()<>\[\]{}]{3,100}?)\s*(?:[,.;:]|$)"
# What follows the entity's name in a definition: an appositive ("cart, the items ...") or a
# copula ("a cart is a ..."). Compiled once; only the name differs from entity to entity.
_DEFINITION_TAILS = (re.compile(r",\s+" + _DEFINITION_BODY, re.IGNORECASE),
                     re.compile(r"\s+(?:is|are)\s+" + _DEFINITION_BODY, re.IGNORECASE))
_WORD_CHAR = re.compile(r"\w")


def _definition(sentence: str, forms: list[str], is_other,
                tails: tuple[re.Pattern[str], ...] = _DEFINITION_TAILS) -> str:
    """Return the definition a sentence gives of the entity called `forms` (longest first:
    an appositive or "X is a ..."), or "" when it gives none. A comma list of other entities
    (`is_other`) is not a definition. `tails`: the definition tails worth trying (those
    that occur in the sentence at all), in the order of _DEFINITION_TAILS."""
    for m in _definition_matches(sentence, forms, tails):
        if not m:
            continue
        text = " ".join(m.group("d").split())
        head = text.lower().split()[1:4]
        if any(is_other(w) or is_other(" ".join(head[:2])) for w in head) or " and " in text:
            continue
        return text[:1].upper() + text[1:] + "."
    return ""


def _definition_matches(sentence: str, forms: list[str],
                        tails: tuple[re.Pattern[str], ...] = _DEFINITION_TAILS):
    """Yield, for each of the definition `tails` in turn, the first match of
    "\\b(form1|form2)" + tail in `sentence`, ignoring case (None when there is none).

    Same result as compiling that pattern, without compiling one per entity (~1 ms each, and
    a long brief has hundreds of entities): find where a form occurs, then run the shared
    tail there. ASCII case folding is exact only for ASCII text, and the word-boundary test
    below only for names starting with a letter or digit; anything else uses the regex.
    """
    if not sentence.isascii() or not all(_WORD_CHAR.match(f) for f in forms):
        alternatives = "|".join(re.escape(f) for f in forms)
        for tail in tails:
            yield re.search(rf"\b(?:{alternatives})" + tail.pattern, sentence, re.IGNORECASE)
        return
    lowered = sentence.lower()
    forms = [f.lower() for f in forms]
    # Where a form starts a word (\b before it: the form itself starts with a letter).
    starts = [at for at in sorted({at for form in forms for at in _occurrences(lowered, form)})
              if at == 0 or not _WORD_CHAR.match(sentence, at - 1)]
    for tail in tails:
        yield _first_tail_match(sentence, lowered, starts, forms, tail)


def _first_tail_match(sentence: str, lowered: str, starts: list[int], forms: list[str],
                      tail: re.Pattern[str]) -> re.Match | None:
    for at in starts:
        for form in forms:
            if lowered.startswith(form, at):
                m = tail.match(sentence, at + len(form))
                if m:
                    return m
    return None


def _occurrences(text: str, word: str) -> list[int]:
    """Return every index where `word` starts in `text` (overlapping ones too)."""
    found = []
    at = text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _join_entity(rel: RelationFact, names: list[str], serves_for_entity,
                 facts: BriefFacts) -> Entity | None:
    a, b = rel.parent, rel.child
    name = rel.via or _join_name(rel, names, facts)
    if name in names:
        return None
    own: list[Attribute] = []
    description = f"Links {a.replace('_', ' ')} and {b.replace('_', ' ')} (many-to-many)."
    if name == f"{a}_item":
        # A line of an order or a tab: how many, and the price charged then (prices change).
        own.append(column("quantity").model_copy(update={"default": None}))
        if a not in ("cart", "basket"):
            own.append(column("unit_price"))
        description = f"One {b.replace('_', ' ')} on {with_article(a)}, with its quantity."
    elif rel.label == "uses":
        # Parts used on a job: how many, so stock and the bill follow from it.
        own.append(column("quantity").model_copy(update={"default": None}))
        used, on = with_article(b).replace("_", " "), with_article(a).replace("_", " ")
        description = f"{used[0].upper()}{used[1:]} used on {on}, with the quantity."
    elif rel.label == "stocks":
        # Stock per place: the count on hand, and the level that asks for a reorder.
        own.append(column("quantity", f"How many are on hand at the {a.replace('_', ' ')}."))
        own.append(Attribute(name="reorder_level", type="integer", nullable=True,
                             description="Reorder when the quantity falls below this."))
        description = f"The stock of each {b.replace('_', ' ')} at each {a.replace('_', ' ')}."
    elif rel.label == "lists in order":
        own.append(Attribute(name="position", type="integer", nullable=False,
                             description=f"Where the {b.replace('_', ' ')} comes in the "
                                         f"{a.replace('_', ' ')}, from 1."))
        description = f"The {b.replace('_', ' ')}s of {with_article(a)}, in order."
    return Entity(
        name=name,
        description=description,
        attributes=[id_column(), fk_column(a), fk_column(b), *own,
                    Attribute(name="created_at", type="timestamptz", nullable=False, default="now")],
        # a route may pass a stop twice, but two stops never share a place in it
        unique_together=[[f"{a}_id", "position"] if rel.label == "lists in order"
                         else [f"{a}_id", f"{b}_id"]],
        serves=serves_for_entity(a) or serves_for_entity(b),
    )


_JOIN_NAMES = {"enroll": "enrollment", "enrol": "enrollment", "attend": "attendance",
               "join": "membership", "follow": "follow", "like": "favorite",
               "subscribe": "subscription", "tag": "tagging"}


def _join_name(rel: RelationFact, names: list[str], facts: BriefFacts) -> str:
    parent, child = facts.entity(rel.parent), facts.entity(rel.child)
    if rel.label == "tag" and not (parent is not None and parent.person):
        # "dishes are tagged with diet codes": dish_diet_code, the thing then its tag, so that two
        # kinds of tag in one brief get a join each ("inspectors tag damage" is a tagging)
        return f"{rel.child}_{rel.parent}"
    named = _JOIN_NAMES.get(rel.label)
    if named and named not in names:
        return named
    if parent is not None and child is not None and parent.person and not child.person:
        return f"{rel.child}_{rel.parent}"  # the thing, then its people: animal_owner
    return f"{rel.parent}_{rel.child}"


# --- entities the design adds -------------------------------------------------------------------


def nominal_entities(facts: BriefFacts, names: set[str]) -> list[tuple[str, str, str | None]]:
    """Return (record, resource, holder) for actions that create a record the brief only
    implies: "fans hold seats" -> a hold on a seat, held by a fan."""
    from archnb.engines.offline.reader import FOLLOWED_ALONG

    found: list[tuple[str, str, str | None]] = []
    seen: set[tuple[str, str]] = set()
    for op in facts.operations:
        nominal = NOMINAL_VERBS.get(op.verb)
        if not nominal or op.entity == nominal:
            continue
        if nominal == "hold" and "contention" not in facts.features:
            continue  # "engineers hold qualifications": having, not holding back for a buyer
        if nominal == "registration" and _recorded(op.entity):
            continue  # "we register the payment": it is recorded, not registered for something
        actor = facts.entity(op.actor) if op.actor else None
        if nominal == "application" and op.sentence >= 0 \
                and re.search(r"\bapplied\s+(?:to|on|against)\b", facts.sentences[op.sentence], re.IGNORECASE):
            continue  # "which exemptions were applied to a request": put to use, no one applied
        if op.verb == "follow" and (actor is not None and not actor.person or op.entity in FOLLOWED_ALONG
                                    or op.actor not in ("", "user") and actor is None):
            continue  # "vaccinations follow a schedule", "follow the shipment on a map": no follow record
        group = next((g for g in NOMINAL_GROUPS if nominal in g), {nominal})
        if names.intersection(group) or op.entity in group:
            continue
        if nominal in ("order", "purchase") and op.entity in BOUGHT_AS_RECORDS:
            continue  # "anglers buy day tickets": the ticket is the record of the purchase
        if (nominal, op.entity) not in seen:
            seen.add((nominal, op.entity))
            found.append((nominal, op.entity, _holder(facts, op, names)))
    return found


def bought_records(facts: BriefFacts, names: set[str]) -> list[str]:
    """Return the tables that are themselves what people buy ("anglers buy day tickets")."""
    return list(dict.fromkeys(op.entity for op in facts.operations
                              if NOMINAL_VERBS.get(op.verb) in ("order", "purchase")
                              and op.entity in BOUGHT_AS_RECORDS and op.entity in names))


def _recorded(name: str) -> bool:
    """Whether registering `name` only records it: a payment, a withdrawal, a repair."""
    from archnb.engines.offline.reader import (
        _EVENT_ENDINGS,
        _MADE_FOR,
        _MONEY_RECORDS,
        _TRANSACTIONS,
    )

    return (name in _MONEY_RECORDS or name in _TRANSACTIONS or name in _MADE_FOR
            or name.endswith(_EVENT_ENDINGS))


def _holder(facts: BriefFacts, op, names: set[str]) -> str | None:
    """Return who takes the record: the action's subject ("members book courts", and "a pair can
    challenge a pair", where it is also the resource), else the one kind of person in the same
    sentence ("copies are lent to members")."""
    if op.actor in names:
        return op.actor  # "a pair can challenge any pair": the pair, on both sides
    people = [e.name for e in facts.entities
              if e.person and op.sentence in e.sentences and e.name != op.entity and e.name in names]
    return people[0] if len(people) == 1 else None


def hold_entity(resource: str, facts: BriefFacts, name: str, serves: list[str],
                holder: str | None = None) -> Entity:
    """Return the record of a claim on a resource the brief implies: a hold on a seat, a booking
    of a court, a loan of a copy. A hold expires; a booking has its time; a loan its due date."""
    states = LIFECYCLES.get(name, LIFECYCLES["hold"])
    thing = resource.replace("_", " ")
    if name == "hold" or name not in DEFAULT_COLUMNS:
        own = [Attribute(name="expires_at", type="timestamptz", nullable=False, indexed=True,
                         description="When an unconfirmed claim lapses and the item is free again")]
        text = (f"A time-limited claim on a {thing}; a partial unique index on ({resource}_id) "
                f"where status is active prevents double-selling.")
    else:
        own = [column(c) for c in DEFAULT_COLUMNS[name]]
        if _in_group(name, "loan"):
            text = (f"A {name.replace('_', ' ')} of a {thing}, from when it goes out until it comes "
                    f"back; one {thing} is out to one person at a time.")
        elif _in_group(name, "booking"):
            text = (f"A {name.replace('_', ' ')} of a {thing} for a period; two active ones for the "
                    f"same {thing} must not overlap.")
        else:
            text = f"A {name.replace('_', ' ')} of a {thing}."
    keys = [fk_column(resource),
            fk_column(holder) if holder else fk_column("user", nullable=True) if facts.accounts else None]
    if holder == resource and VERB_FORMS.get(name) == name:
        # "a pair can challenge any pair up to 3 places above": one of them on each side
        stem = name[:-1] if name.endswith("e") else name
        keys = [fk_column(resource, name=f"{stem}er_{resource}_id"),
                fk_column(resource, name=f"{stem}ed_{resource}_id")]
    elif holder == resource:
        keys = keys[:1]
    attributes = [
        id_column(),
        *keys,
        Attribute(name="status", type="varchar(30)", nullable=False, indexed=True, choices=states),
        *own,
        *timestamps(),
    ]
    return Entity(name=name, description=text,
                  attributes=[a for a in attributes if a is not None], serves=serves)


def order_line_entities(resource: str, facts: BriefFacts, name: str, serves: list[str],
                        holder: str | None = None) -> tuple[Entity, Entity]:
    """Return an order the brief implies ("guests order dishes") and its lines: an order holds
    several of the goods, each line with its quantity and the price charged then."""
    order = hold_entity(resource, facts, name, serves, holder)
    keys = [a for a in order.attributes if a.foreign_key != resource]
    sentence = next((facts.sentences[o.sentence] for o in facts.operations
                     if o.entity == resource and o.sentence >= 0), "")
    m = re.search(r"\bfrom\s+(?:the\s+|a\s+|an\s+|their\s+|local\s+|nearby\s+)*([a-z]+)", sentence.lower())
    source = singular(m.group(1)) if m else ""
    extra = [fk_column(source)] if source and facts.entity(source) is not None \
        and not facts.entity(source).person and source != resource else []
    # "a courier picks up the order and delivers it": whoever delivers it, once assigned
    extra += [fk_column(p, nullable=True) for p in SERVICE_PROVIDERS
              if name in SERVICE_PROVIDERS[p] and facts.entity(p) is not None]
    order = order.model_copy(update={
        "attributes": keys[:2] + extra + keys[2:],
        "description": f"{with_article(name).capitalize()} of one or more {plural(resource).replace('_', ' ')}."})
    line = Entity(
        name=f"{name}_item",
        description=f"One {resource.replace('_', ' ')} on {with_article(name)}, with its quantity.",
        attributes=[id_column(), fk_column(name), fk_column(resource),
                    column("quantity").model_copy(update={"default": None}), column("unit_price"),
                    *timestamps()],
        unique_together=[[f"{name}_id", f"{resource}_id"]], serves=serves)
    return order, line


# Records that are files themselves ("insurance certificates, uploaded as PDFs"): where a brief
# has one, its uploads already have a table.
_FILE_RECORDS = frozenset(("attachment", "document", "file", "upload", "photo", "image", "picture",
                           "scan", "recording", "video", "certificate", "xray", "artwork", "media"))


def attachment_owner(facts: BriefFacts, names: set[str]) -> str | None:
    """Return the record uploads are attached to, or None when the brief already keeps its files
    in a table of their own. "Damage reports can include photos": the damage report; "as a
    therapist I upload letters about the client": the client (the last person named; the first
    is usually who uploads)."""
    if "uploads" not in facts.features or any(n.rsplit("_", 1)[-1] in _FILE_RECORDS for n in names):
        return None
    for i in sorted(facts.feature_sentences.get("uploads", ())):
        here = [e for e in facts.entities if i in e.sentences and e.name in names]
        things = [e.name for e in here if not e.person]
        if things:
            return things[0]
        if here:
            return here[-1].name
        if i > 0 and re.match(r"\s*(?:they|we|you|he|she)\b", facts.sentences[i], re.IGNORECASE):
            # "... and enter a sample: date, pH, turbidity. They can also attach photos.": the
            # record the sentence before describes
            before = sorted((-len(e.attributes), e.name) for e in facts.entities
                            if i - 1 in e.sentences and e.name in names and not e.person and e.attributes)
            if before:
                return before[0][1]  # the record the sentence gives most details of
    return None


# What people upload, in the brief's words: a table of photos is called `photo`, and one of
# scanned paperwork `document`. Files of several kinds, or of no kind said, are attachments.
_UPLOAD_KINDS = (("photo", re.compile(r"\b(?:photo|photos|picture|pictures|image|images|selfie|selfies)\b", re.I)),
                 ("document", re.compile(r"\b(?:document|documents|pdf|pdfs|scan|scans|paperwork)\b", re.I)),
                 ("video", re.compile(r"\b(?:video|videos|clip|clips)\b", re.I)),
                 ("", re.compile(r"\b(?:file|files|attachments?|audio|recordings?|spreadsheets?|csv)\b", re.I)))


def attachment_name(facts: BriefFacts, names: set[str]) -> str:
    """Return the name of the table of uploaded files: what the brief's upload sentences say is
    uploaded, when they say one kind of thing, else `attachment`."""
    said = {kind for i in facts.feature_sentences.get("uploads", ()) for kind, rx in _UPLOAD_KINDS
            if rx.search(facts.sentences[i])}
    kind = next(iter(said)) if len(said) == 1 else ""
    return kind if kind and kind not in names else "attachment"


def attachment_entity(owner: str, facts: BriefFacts, serves: list[str], name: str = "attachment") -> Entity:
    """Return the table of uploaded files: the bytes live in object storage, the row keeps the
    key, what the file is and who sent it, so access checks and clean-up can run in SQL."""
    attributes = [
        id_column(),
        fk_column(owner),
        fk_column("user", nullable=True, name="uploaded_by") if facts.accounts else None,
        column("storage_key", "Object storage key; the file itself is never in the database"),
        column("file_name"),
        Attribute(name="content_type", type="varchar(100)", nullable=False),
        Attribute(name="size_bytes", type="bigint", nullable=False),
        *timestamps(),
    ]
    what = {"photo": "A photo", "document": "A document", "video": "A video"}.get(name, "A file")
    return Entity(name=name,
                  description=f"{what} uploaded for a {owner.replace('_', ' ')}, kept in object "
                              f"storage and read through short-lived signed URLs.",
                  attributes=[a for a in attributes if a is not None], serves=serves)


def bookable_resource(facts: BriefFacts, names: set[str]) -> str | None:
    """Return the entity people compete for (seat, room, slot, ...), if the brief has one."""
    for fact in facts.entities:
        if (fact.name in _BOOKABLE or fact.name.split("_")[-1] in _BOOKABLE) \
                and not fact.name.endswith(("line_item", "order_item", "_line")):
            return fact.name  # a line of a bill is never what people book
    for op in facts.operations:
        if op.verb in ("hold", "reserve") and op.entity in names and not _in_group(op.entity, "booking"):
            return op.entity
    return None


def _in_group(name: str, kind: str) -> bool:
    """Return True when `name` is one of the interchangeable records of `kind` (loan, booking)."""
    return any(name in group and kind in group for group in NOMINAL_GROUPS)


def apply_patches(entities: dict[str, Entity], domain: list[str], patches: list) -> None:
    """Add the rules' attribute patches: to one entity, or with '*' to every domain entity."""
    for target, attribute in patches:
        names = domain if target == "*" else [singular(target) if target not in entities else target]
        for name in names:
            entity = entities.get(name)
            if entity is None or name == attribute.foreign_key:
                continue
            if any(a.name == attribute.name for a in entity.attributes):
                continue
            attrs = list(entity.attributes)
            # Keep created_at/updated_at last: insert before them.
            at = next((i for i, a in enumerate(attrs) if a.name in ("created_at", "updated_at")),
                      len(attrs))
            attrs.insert(at, attribute)
            entity.attributes = attrs


def finish_entities(entities: list[Entity]) -> list[Entity]:
    """Return the entities with every FK indexed and pointing at an existing table."""
    known = {e.name for e in entities}
    finished = []
    for entity in entities:
        attrs = []
        for attr in entity.attributes:
            if attr.foreign_key and attr.foreign_key not in known:
                attr = attr.model_copy(update={"foreign_key": None, "indexed": True})
            elif attr.foreign_key and not (attr.indexed or attr.unique or attr.primary_key):
                attr = attr.model_copy(update={"indexed": True})
            attrs.append(attr)
        finished.append(entity.model_copy(update={"attributes": attrs}))
    return finished


_REACTION_TEXT = {
    "follow": "{actor} follows {target}",
    "like": "{actor} likes {target}",
    "vote": "{actor}'s up- or downvote on {target}",
    "bookmark": "{actor} bookmarked {target}",
    "favorite": "{actor} marked {target} as a favourite",
    "reaction": "{actor}'s reaction to {target}",
    "comment": "{actor}'s comment on {target}",
    "star": "{actor} starred {target}",
    "member": "{actor} is a member of {target}",
    "block": "{actor} blocked {target}",
    "report": "{actor} reported {target}",
    "hide": "{actor} hid {target}",
    "rsvp": "{actor}'s answer to {target}",
    "award": "{actor} earned {target}",
    "swipe": "{actor} swiped on {target}",
    "preference": "{actor} ranked {target} among their choices",
    "repost": "{actor} reposted {target} to their followers",
    "message": "a message from one person to another",
    "friendship": "two people are friends, or one asked",
    "rating": "one person's rating of another",
}
# Between two people of one table, the keys say who did it to whom.
_SELF_KEYS = {"follow": ("follower_id", "followed_id"), "like": ("liker_id", "liked_id"),
              "message": ("sender_id", "recipient_id"), "friendship": ("requester_id", "addressee_id"),
              "block": ("blocker_id", "blocked_id"), "report": ("reporter_id", "reported_id"),
              "rating": ("rater_id", "rated_id"), "preference": ("ranker_id", "ranked_id")}


def reaction_entity(reaction, serves: list[str]) -> Entity:
    """Return the table of a reaction: one row per person and thing ("a user likes a post"),
    unique per pair so a double click counts once; a comment is a row per remark instead."""
    actor, target, kind = reaction.actor, reaction.target, reaction.kind
    if kind in ("ban", "invitation", "share"):
        return _access_entity(reaction, serves)
    if kind in ("revision", "version", "availability", "history"):
        return _history_entity(reaction, serves)
    if actor == target or kind in ("message", "rating"):
        # A user follows a user: two keys to the same table, named for their parts.
        by, to = _SELF_KEYS[kind]
        keys = [fk_column(actor, name=by), fk_column(target, name=to)]
    else:
        keys = [fk_column(actor, name="author_id" if kind == "comment" else ""), fk_column(target)]
    own: list[Attribute] = []
    if kind == "vote":
        own.append(Attribute(name="value", type="smallint", nullable=False, choices=["1", "-1"],
                             description="+1 for an upvote, -1 for a downvote"))
    elif kind == "message":
        own.append(Attribute(name="body", type="text", nullable=False))
        own.append(Attribute(name="read_at", type="timestamptz", nullable=True))
    elif kind == "friendship":
        own.append(Attribute(name="status", type="varchar(30)", nullable=False,
                             choices=["pending", "accepted", "declined"]))
    elif kind == "rating":
        own.append(Attribute(name="score", type="smallint", nullable=False, choices=["1", "2", "3", "4", "5"]))
        own.append(Attribute(name="comment", type="text", nullable=True))
    elif kind == "preference":
        own.append(Attribute(name="rank", type="smallint", nullable=False, description="1 is the first choice"))
    elif kind == "swipe":
        own.append(Attribute(name="direction", type="varchar(10)", nullable=False, choices=["left", "right"]))
    elif kind == "reaction":
        own.append(Attribute(name="emoji", type="varchar(32)", nullable=False))
    elif kind == "comment":
        own.append(Attribute(name="body", type="text", nullable=False))
    elif kind == "report":
        own.append(Attribute(name="reason", type="text", nullable=False))
        own.append(Attribute(name="status", type="varchar(30)", nullable=False, default=None,
                             choices=["open", "reviewed", "dismissed"]))
    elif kind == "rsvp":
        own.append(Attribute(name="response", type="varchar(30)", nullable=False,
                             choices=["yes", "no", "waitlist"]))
    elif kind == "member":
        own.append(Attribute(name="role", type="varchar(30)", nullable=False,
                             choices=["owner", "moderator", "member"]))
    pair = [k.name for k in keys] + (["emoji"] if kind == "reaction" else [])
    text = _REACTION_TEXT[kind].format(actor=with_article(actor).replace("_", " "),
                                       target=with_article(target).replace("_", " "))
    if kind in ("comment", "message", "rating"):
        description = f"A row per time {text}." if kind == "comment" else f"{text[0].upper()}{text[1:]}."
    else:
        description = f"{text[0].upper()}{text[1:]}: one row per pair."
    return Entity(
        name=reaction.table,
        description=description,
        attributes=[id_column(), *keys, *own,
                    Attribute(name="created_at", type="timestamptz", nullable=False, default="now")],
        unique_together=[] if kind in ("comment", "report", "message", "rating") else [pair],
        serves=serves,
    )


def _access_entity(reaction, serves: list[str]) -> Entity:
    """Who may see or join what: a share of a document in a role, a ban from a group (or the
    whole site), an invitation by email to a workspace."""
    kind, place = reaction.kind, reaction.place
    where = f" from {with_article(place).replace('_', ' ')}" if kind == "ban" and place else (
        f" to {with_article(place).replace('_', ' ')}" if place else "")
    now = Attribute(name="created_at", type="timestamptz", nullable=False, default="now")
    if kind == "share":
        roles = list(dict.fromkeys(reaction.roles)) or ["viewer", "editor"]
        thing = reaction.target.replace("_", " ")
        return Entity(
            name=reaction.table,
            description=f"Who {with_article(thing)} is shared with, and as what: one row per person.",
            attributes=[id_column(), fk_column(reaction.target), fk_column("user"),
                        Attribute(name="role", type="varchar(30)", nullable=False, choices=roles), now],
            unique_together=[[f"{reaction.target}_id", "user_id"]], serves=serves)
    if kind == "ban":
        keys = [fk_column(place), fk_column("user")] if place else [fk_column("user")]
        return Entity(
            name=reaction.table,
            description=f"A person banned{where}, why, and until when (empty: for good).",
            attributes=[id_column(), *keys,
                        fk_column("user", nullable=True, name="banned_by"),
                        Attribute(name="reason", type="text", nullable=False),
                        Attribute(name="expires_at", type="timestamptz", nullable=True), now],
            unique_together=[[k.name for k in keys]] if place else [], serves=serves)
    keys = [fk_column(place)] if place else []
    return Entity(
        name=reaction.table,
        description=f"An invitation by email{where}; the link carries a single-use token.",
        attributes=[id_column(), *keys, fk_column("user", name="invited_by"),
                    Attribute(name="email", type="varchar(320)", nullable=False),
                    Attribute(name="token_hash", type="varchar(128)", nullable=False, unique=True,
                              description="Hash of the token in the link; the token itself is never stored"),
                    Attribute(name="status", type="varchar(30)", nullable=False,
                              choices=["pending", "accepted", "expired", "revoked"]),
                    Attribute(name="expires_at", type="timestamptz", nullable=False), now],
        serves=serves)


def _history_entity(reaction, serves: list[str]) -> Entity:
    """Each saved version of a thing (numbered, with who made it), or the weekly hours a
    person can be booked."""
    now = Attribute(name="created_at", type="timestamptz", nullable=False, default="now")
    if reaction.kind == "availability":
        who = reaction.actor
        return Entity(
            name="availability",
            description=f"The weekly hours {with_article(who).replace('_', ' ')} can be booked: one row "
                        f"per weekday and time range.",
            attributes=[id_column(), fk_column(who),
                        Attribute(name="weekday", type="smallint", nullable=False,
                                  choices=[str(d) for d in range(1, 8)], description="1 = Monday"),
                        Attribute(name="starts_at", type="time", nullable=False),
                        Attribute(name="ends_at", type="time", nullable=False),
                        Attribute(name="time_zone", type="varchar(64)", nullable=False), now],
            serves=serves)
    thing = reaction.target
    if reaction.kind == "history":
        return Entity(
            name=reaction.table,
            description=f"How far each person got in each {thing.replace('_', ' ')} and when: one row per "
                        f"person and {thing.replace('_', ' ')}, updated as they go, so they can resume.",
            attributes=[id_column(), fk_column(reaction.actor), fk_column(thing),
                        Attribute(name="position_seconds", type="integer", nullable=False,
                                  description="Where they stopped"),
                        Attribute(name="completed", type="boolean", nullable=False, default="false"),
                        Attribute(name="last_seen_at", type="timestamptz", nullable=False, default="now",
                                  indexed=True)],
            unique_together=[[f"{reaction.actor}_id", f"{thing}_id"]], serves=serves)
    author = fk_column(reaction.actor, nullable=True, name="author_id") if reaction.actor else None
    return Entity(
        name=reaction.table,
        description=f"Each saved {reaction.kind} of {with_article(thing).replace('_', ' ')}, numbered "
                    f"from 1; the newest is the current one.",
        attributes=[a for a in (id_column(), fk_column(thing), author,
                                Attribute(name="number", type="integer", nullable=False),
                                Attribute(name="content", type="text", nullable=False), now) if a],
        unique_together=[[f"{thing}_id", "number"]], serves=serves)
