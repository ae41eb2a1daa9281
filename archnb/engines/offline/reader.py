"""Read a brief into facts: actors, entities with attributes, relationships, operations,
features, numbers and constraints. `read_brief(text) -> BriefFacts`.

How entities are found: every sentence is tagged and cut into noun phrases (text.py).
Each phrase votes for its head noun (plural and "each X" mentions count more, generic
words like "system" or "data" never count). Structural phrasings ("each X has many Y",
"X belongs to Y", "X (a, b, c)", "assign X to Y") are strong evidence and also give
relationships and columns. Phrases are replaced by placeholders (@0, @1 ...) so the
patterns read like "@0 has many @1" whatever the nouns are.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from archnb.engines.offline import features as feature_rules
from archnb.engines.offline.lexicon import (
    ACTION_VERBS as _ACTIONS,
)
from archnb.engines.offline.lexicon import (
    GENERIC_NOUNS,
    MODALS,
    NOUN_VERBS,
    NUMBER_WORDS,
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    SOFT_GENERIC_NOUNS,
    TIME_SPANS,
    VERB_FORMS,
    WEAK_HEADS,
    is_plural,
    plural,
    singular,
    word_class,
    words,
)
from archnb.engines.offline.lexicon import (
    MANY_TO_MANY_VERBS as _M2M_VERBS,
)
from archnb.engines.offline.lexicon import (
    NOMINAL_VERBS as _NOMINAL_VERBS,
)
from archnb.engines.offline.numbers import NumberFact, named_regions, read_numbers
from archnb.engines.offline.scope import leave_out
from archnb.engines.offline.social import Reaction, reactions, said
from archnb.engines.offline.text import (
    FREQUENCY_WORDS,
    SHORTHAND,
    Chunk,
    Token,
    chunks,
    split_items,
    tokenize,
)
from archnb.engines.offline.vocabulary import (
    BOUGHT_AS_RECORDS,
    DEPENDENT_NOUNS,
    DOMAIN_NOUNS,
    KNOWN_COMPOUNDS,
    NOMINAL_ACTIONS,
    NOMINAL_GROUPS,
    STATE_WORDS,
    is_attribute_word,
)

# --- facts ------------------------------------------------------------------------------


@dataclass
class EntityFact:
    """A kind of record the brief talks about, with the columns and states it names."""

    name: str
    score: float = 0.0
    mentions: int = 0
    person: bool = False
    attributes: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    plural_seen: bool = False
    created: bool = False  # object of a verb that makes a record ("issue prescriptions")
    indefinite: bool = False  # introduced as a kind of thing ("a cart", "each order")
    first: tuple[int, int] = (1 << 30, 0)  # (sentence, token) of the first mention
    acted: bool = False  # subject or object of a verb somewhere
    asides: int = 0  # mentions inside parentheses ("staff (chefs, waiters)")
    kinds: int = 0  # mentions as one of a list of kinds of place ("offices, hospitals, gyms")
    itself: int = 0  # mentions of the brief's own organisation ("owned by the co-op")


@dataclass
class RelationFact:
    """`parent` one-to-many `child` (child holds parent_id), or many-to-many between them."""

    parent: str
    child: str
    cardinality: str  # one-to-one | one-to-many | many-to-many
    label: str = ""
    sentence: int = -1
    via: str = ""  # for many-to-many: the join record's name, when the brief names one


@dataclass
class OperationFact:
    """A domain action on a record ("renew a loan" -> verb renew, entity loan)."""

    verb: str
    entity: str
    sentence: int
    actor: str = ""
    target: str = ""  # a second record the action links (assign a courier -> courier)


@dataclass
class BriefFacts:
    """Everything the offline engine knows about a brief, in the order the brief says it."""

    text: str
    sentences: list[str]
    title: str = ""
    domain: str = ""
    actors: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    entities: list[EntityFact] = field(default_factory=list)
    relationships: list[RelationFact] = field(default_factory=list)
    operations: list[OperationFact] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    feature_sentences: dict[str, list[int]] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    number_facts: list[NumberFact] = field(default_factory=list)
    counts: dict[str, float] = field(default_factory=dict)
    rates: dict[str, float] = field(default_factory=dict)  # records per second, by noun
    # figures stated per period ("2,000 orders per hour"), by number key or noun: (count, seconds)
    periods: dict[str, tuple[float, float]] = field(default_factory=dict)
    fallback_sentence: int = -1  # the functional requirement when no sentence is a capability
    compliance: list[str] = field(default_factory=list)
    compliance_sentences: dict[str, list[int]] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    clouds: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    residency: str = ""
    capability_sentences: list[int] = field(default_factory=list)
    accounts: bool = False
    user_owned: list[str] = field(default_factory=list)  # records users make ("users create links")
    # links of a role to a record ("reviewers record comments"): a key to the user, named for the role
    role_links: list[RelationFact] = field(default_factory=list)
    product_phrase: str = ""  # "url shortener" in "Build a URL shortener": the product itself
    left_out: list[str] = field(default_factory=list)  # what the brief puts out of scope
    passing: list[str] = field(default_factory=list)  # named once in a long brief and given no table
    # sentences about payments made elsewhere and written down (cash, transfers): no provider
    recorded_payments: list[int] = field(default_factory=list)
    # sentences about money the business deals with that take none through the product: "invoices
    # are paid at the front desk", "a 5% platform fee" (see features._TAKES_MONEY)
    money_sentences: list[int] = field(default_factory=list)
    # follows, likes, votes: what people do to each other's things (see social.py)
    reactions: list[Reaction] = field(default_factory=list)
    # the brief's own word for its tenants ("Orgs (tenants)", "each clinic is a tenant")
    tenant_word: str = ""
    sentence_index: object = field(default=None, repr=False, compare=False)

    def sentences_with(self, phrase: str) -> list[int]:
        """Return the sentences where a word or phrase occurs (as skills' triggers match)."""
        from archnb.engines.offline import features

        cache = self.__dict__.setdefault("_phrase_cache", {})
        if phrase not in cache:
            index = self.sentence_index or features.SentenceIndex(self.sentences)
            if phrase.lower() not in index.text:
                cache[phrase] = []  # cheap test first: most skills' words are absent
                return cache[phrase]
            # Phrase first, then the look back: a pattern that opens with a lookbehind is tried
            # at every position of the text (~17 ms per phrase on a 5,000-word brief).
            low = phrase.lower()
            rx = re.compile(re.escape(low) + rf"(?<![a-z0-9][\s\S]{{{len(low)}}})"
                            + r"(?:e?s)?(?![a-z0-9])")
            cache[phrase] = index.sentences_matching(rx)
        return cache[phrase]

    def entity(self, name: str) -> EntityFact | None:
        return next((e for e in self.entities if e.name == name), None)

    def entity_names(self) -> list[str]:
        return [e.name for e in self.entities]

    def has(self, feature: str) -> bool:
        return feature in self.features

    def number_fact(self, key: str) -> NumberFact | None:
        return next((f for f in self.number_facts if f.key == key), None)


# --- reading ------------------------------------------------------------------------------

_THRESHOLD = 2.0
_TERSE_WORDS = 40  # briefs shorter than this are notes: see _select_entities
_STRONG = 3.0


@dataclass
class _Sentence:
    index: int
    text: str
    tokens: list[Token]
    chunks: list[Chunk]
    names: list[str | None]  # candidate entity name per chunk
    stream: str
    bullet: bool = False  # a bullet item: its first phrase is what the item is about
    label_end: int = -1  # in "- billing: monthly invoice ...", the token after the label's colon
    owned: list[tuple[str, str]] = field(default_factory=list)  # "truck owners": (owner, truck)


@dataclass
class _Evidence:
    """Everything gathered in the first pass, resolved once the entities are known."""

    scores: dict[str, EntityFact] = field(default_factory=dict)
    has_items: list[tuple[str, str, str, int, str]] = field(default_factory=list)
    relations: list[RelationFact] = field(default_factory=list)
    weak_relations: list[RelationFact] = field(default_factory=list)
    loose_relations: list[RelationFact] = field(default_factory=list)
    attributes: list[tuple[str, str, int]] = field(default_factory=list)
    verb_links: list[tuple[str, str, str, int]] = field(default_factory=list)
    operations: list[OperationFact] = field(default_factory=list)
    states: list[tuple[str, list[str]]] = field(default_factory=list)
    actors: dict[str, bool] = field(default_factory=dict)
    picked: set[str] = field(default_factory=set)  # picked from a list: "pick the species from a list"


_MARKUP = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][^<>]*>",
                     re.IGNORECASE | re.DOTALL)
# Code, not prose: assignments, dunder names, arrows and calls like alert(1) or init().
_CODE_TOKEN = re.compile(r"[^\s<>]*(?:\w=|__\w|=>|\w\(\d*\))[^\s<>]*")


_UP_AND_DOWN = re.compile(r"\bup-?\s*(?:and|or|/|&)\s*down-?\s*votes\b", re.IGNORECASE)
_HYPHENED_VOTE = re.compile(r"\b(up|down)-(vote[sd]?|voting)\b", re.IGNORECASE)


# Cell markers of notes kept as scripts: "# %% [markdown]" (Jupytext, VS Code), "# In[3]:".
_CELL_MARKER = re.compile(r"^[ \t]*#[ \t]*(?:%%.*|In[ \t]*\[[ \t]*\d*[ \t]*\]:?[ \t]*)$", re.MULTILINE)


_BARE_NOT = re.compile(r"\b(do|does|did|is|are|was|were|has|have|had|should|would|could|must|need|ca|wo)nt\b",
                       re.IGNORECASE)


def prose(text: str) -> str:
    """Return `text` without HTML markup (tags, scripts, comments), cell markers and code-like
    tokens, so that markup pasted into a brief never turns into entities or requirements."""
    text = _CELL_MARKER.sub("", _MARKUP.sub(" ", text))
    # "up- and down-votes", "up-votes": the usual spelling, so votes read as votes
    text = _UP_AND_DOWN.sub("upvotes and downvotes", text)
    text = _HYPHENED_VOTE.sub(lambda m: m.group(1) + m.group(2), text)
    # "We dont need GPS tracking": a "not" written without its apostrophe is still a "not"
    text = _BARE_NOT.sub(lambda m: m.group(1) + "n't", text)
    return re.sub(r"[ \t]{2,}", " ", _CODE_TOKEN.sub(" ", text))


def read_brief(text: str) -> BriefFacts:
    """Return the facts of a brief: entities, relationships, operations, features, numbers."""
    items, left_out = leave_out(split_items(prose(text)))
    sentences = [part for part, _ in items]
    facts = BriefFacts(text=text, sentences=sentences, left_out=left_out)
    spelt = _requests_spelt_out if _CODE_REVIEW.search(text) else str
    parsed = [_parse_sentence(i, spelt(s), bullet) for i, (s, bullet) in enumerate(items)]
    for sentence in parsed:
        _owned_weak_heads(sentence)
    _names_opening_sentences(parsed, text)
    _alias_weak_heads(parsed)
    closing = set(_closing(parsed)) | _framing(parsed) | _greeting_lines(parsed)
    _merge_synonyms([s for s in parsed if s.index not in closing])
    _solved_things(parsed)
    if _COACH_TRAVEL.search(facts.text):
        for sentence in parsed:  # "28 vehicles (16 to 70 seats)", "double-booked coaches": buses, not trainers
            sentence.names = ["vehicle" if n == "coach" else n for n in sentence.names]
    evidence = _Evidence()
    _people_named(parsed, closing)
    # "the Route & Traction Competence Register (RTCR)": the product's own short name, no record
    _unname_words(parsed, {m.group(1).lower() for m in _PRODUCT_ACRONYM.finditer(text)})
    # "Hints: don't create a table called "system" or "tablet"", and the candidate answering an
    # interview prompt: names the brief itself says are no records
    unwanted = {singular(w.lower()) for m in _NO_TABLE_CALLED.finditer(facts.text)
                for w in re.findall(r"[A-Za-z]+", m.group("names")) if w.lower() not in ("or", "and")}
    interview = _INTERVIEWEE.search(facts.text) is not None
    if interview:
        unwanted.add("candidate")
    if unwanted:
        for sentence in parsed:
            sentence.names = [None if n in unwanted else n for n in sentence.names]
    if interview:
        # "Let the candidate ask questions. Good questions earn the following answers": the
        # interview's questions and answers, not the product's
        for sentence in parsed:
            if _ABOUT_THE_INTERVIEW.search(sentence.text):
                sentence.names = [None if n in ("question", "answer") else n for n in sentence.names]
    for sentence in parsed:
        if sentence.index not in closing:
            _collect(sentence, evidence)
    _read_needs(facts)
    _done_and_named(evidence)
    _select_entities(facts, evidence)
    renter = facts.entity("tenant")
    if renter is not None and "multitenancy" not in facts.features and feature_rules.RENTING.search(facts.text):
        renter.person = True  # "every tenant pays their own share of the rent": a person who rents
    _implied_payment(facts)
    _implied_invoice(facts)
    _implied_attendance(facts)
    _implied_account_transactions(facts)
    _implied_membership(facts)
    _implied_languages(facts, evidence)
    _implied_tags(facts, evidence)
    _implied_upkeep(facts, evidence)
    _implied_changes(facts, evidence)
    _implied_checklist_results(facts, evidence)
    _implied_payouts(facts, evidence)
    _implied_money_moves(facts)
    _implied_stock_transfers(facts, evidence)
    _implied_moves(facts, evidence)
    _implied_check_ins(facts, evidence)
    _implied_loans(facts, evidence)
    _implied_mandate(facts, evidence)
    _implied_applications(facts, evidence)
    _implied_integrations(facts)
    _per_pair_records(facts, evidence)
    _resolve_structure(facts, evidence)
    _implied_positions(facts)  # after the structure: it adds its own link, which that would rebuild
    _implied_time_entries(facts)  # the same
    _kinds_of_things(facts)
    _derive_numbers(facts)
    facts.title, facts.domain = _title(sentences, facts)
    _drop_product_noun(facts, parsed)
    _drop_passing_mentions(facts)
    _replies_thread(facts)
    facts.tenant_word = _tenant_word(facts)
    if facts.tenant_word and facts.entity("tenant") is not None:
        # "Orgs (tenants)": one table under the brief's word, not a second one for the gloss
        word = facts.tenant_word
        facts.entities = [e for e in facts.entities if e.name != "tenant"]
        for rel in facts.relationships:
            rel.parent = word if rel.parent == "tenant" else rel.parent
            rel.child = word if rel.child == "tenant" else rel.child
        facts.relationships = [r for r in facts.relationships if r.parent != r.child]
    if "rag" in facts.features and facts.entity("chunk") is not None and facts.entity("document_chunk") is None:
        # "split each PDF into chunks": the passages retrieval keeps, one table under the name the
        # retrieval design uses, not a second one beside it
        _rename_entity(facts, "chunk", "document_chunk")
    _done_by(facts)
    _served_by(facts)
    _read_reactions(facts)
    _shared_things(facts)
    _authored_content(facts)
    _shortened_links(facts)
    facts.capability_sentences = [s.index for s in parsed if _is_capability(s, facts)]
    # With no capability at all, the first sentence that is not only figures stands in.
    facts.fallback_sentence = next((s.index for s in parsed if not _figures_only(s, facts)), -1)
    return facts


# What a heading may call the document itself.
_DOCUMENT_KINDS = frozenset(("interview", "prompt", "exercise", "section", "estimate", "brief", "spec",
                             "specification", "question", "story", "memo", "handover", "writeup",
                             "kata", "challenge", "pitch", "deck"))
_DOCUMENT_NAMED = frozenset(("doc", "document", "note"))  # "Scope document", "design session notes"


_OF_HEADS = frozenset(("item", "items", "line", "lines", "entry", "entries"))
_BOOKS_OF = frozenset(("book", "books", "booklet", "booklets", "pack", "packs", "strip", "strips", "carnet",
                       "carnets"))


_CALLED_FOR = frozenset(("proposals", "papers", "applications", "entries", "submissions", "tenders", "bids",
                         "abstracts", "nominations"))


_FINDING = frozenset(("search", "find", "browse", "discover", "review", "rate", "list", "compare", "follow"))
_LENGTH_UNITS = frozenset(("character", "characters", "char", "chars", "word", "words", "letter", "letters",
                           "digit", "digits", "byte", "bytes", "pixel", "pixels"))
# A copy that is a document's file, not a thing on a shelf: "signed copies", "a scan copy".
_FILE_COPIES = frozenset(("signed", "scan", "scanned", "reading", "hard", "soft", "paper", "digital", "printed",
                          "certified", "carbon", "electronic", "pdf", "countersigned", "stamped"))
_FILING = frozenset(("upload", "send", "attach", "email", "scan", "sign", "print", "receive", "file", "photograph"))
_BOOKKEEPING = frozenset(("do", "keep", "prepare", "file", "sign", "audit", "close", "submit"))
_WANTING = frozenset(("need", "want", "build", "develop"))
# Words that make "reads" and "writes" the load on a database.
_LOAD_WORDS = frozenset(("queries", "query", "dominated", "heavy", "replica", "replicas", "ratio"))
_DISPLAYS = frozenset(("board", "boards", "wall", "walls", "display", "displays", "feed", "feeds"))
_SHOWN_LIVE = frozenset(("live", "real-time", "realtime", "status", "departure", "departures", "arrival",
                         "arrivals", "progress", "tv", "wall", "kitchen", "dispatch"))


# What one person does in meeting notes, with a verb that says one: "Jonas thinks", "Agnes wants".
_SAYING = frozenset(("thinks", "says", "wants", "reckons", "suggests", "asks", "prefers", "agrees", "feels",
                     "believes", "wonders"))


def _names_opening_sentences(parsed: list[_Sentence], text: str) -> None:
    """"(the hotel uses Mews) ... Mews sends a webhook on every check-out": a word the brief
    writes only with a capital, and as a name inside a sentence, is the same name where it opens
    one."""
    names = {s.tokens[c.end - 1].text for s in parsed for c in s.chunks if c.proper and c.end - c.start == 1}
    # "(Jonas thinks reuse.)", "Agnes wants a weekly report": a name ending in -s, not a plural,
    # since its verb is singular
    names |= {t.text for s in parsed for i, t in enumerate(s.tokens[:-1])
              if s.tokens[i + 1].low in _SAYING and t.text[:1].isupper() and t.text[1:].islower()
              and t.low.endswith("s") and not t.low.endswith(("ss", "us", "is"))
              and all(p.tag == "Z" for p in s.tokens[:i])}
    words = _words_of(text)
    _unname_words(parsed, {n.lower() for n in names if n.isalpha() and not _is_word_in(n.lower(), words)})


def _idiom_name(chunk: Chunk, tokens: list[Token], name: str | None) -> str | None:
    """Return the table a phrase stands for once the words around it are read: None for an
    idiom or a measure, another name for a word that means more here; else `name`."""
    before = [t.low for t in tokens[max(0, chunk.start - 2):chunk.start]]
    after = [t.low for t in tokens[chunk.end:chunk.end + 3]]
    if chunk.words[-1] == "books" and len(chunk.nouns) == 1 and (
            before[-1:] == ["on"] or (before[:1] == ["on"] and before[1:] in (
                ["the"], ["our"], ["its"], ["their"], ["my"]))):
        name = None  # "2,300 properties on the books", "85 traders on our books": an idiom
    if chunk.words[-1] == "order" and "in" in (
            leading := [t.low for t in tokens[max(0, chunk.start - 3):chunk.start]] + chunk.words[:-1]) \
            and any(w in _SEQUENCES for w in leading):
        name = None  # "attach them to posts in a chosen order": a sequence, not an order
    if chunk.words[-1] == "order" and len(chunk.nouns) == 1 and (
            before == ["out", "of"] or before[-1:] == ["in"] and (after[:1] in (["to"], ["for"])
                                                                 or len(chunk.words) > 1)
            or after[:2] == ["of", "magnitude"]):
        name = None  # "mark a machine as out of order", "in order to", "in working order"
    if chunk.words[-1] == "businesses" and any(VERB_FORMS.get(w) in _FINDING for w in before):
        # "users search for businesses near them", "review local businesses": what the product
        # lists; elsewhere "business" is the brief's own company
        name = "business"
    counted = before[-1:] in (["million"], ["billion"], ["thousand"]) or bool(before) and len(before[-1]) >= 4 \
        and re.fullmatch(r"\d[\d,.]*[mkb]?", before[-1]) is not None
    if chunk.words == ["pages"] and chunk.start and counted:
        name = "page"  # "a crawler fetches 1 billion pages a month": pages counted by the million
    if chunk.words[0] in _LENGTH_UNITS and chunk.start and tokens[chunk.start - 1].tag == "N" \
            and tokens[chunk.start - 1].low[:1].isdigit():
        name = None  # "up to 280 characters", "bios of 160 chars": a length
    if chunk.words[-1] in _DISPLAYS and any(w in _SHOWN_LIVE for w in chunk.words[:-1]):
        name = None  # "a live board of their machines", "a departures board": a screen
    if before[-1:] == ["of"] and before[:1] in (["head"], ["heads"], ["director"], ["manager"]) \
            and (tokens[chunk.start].text[:1].isupper() or before[0].startswith("head") and not chunk.determiner):
        name = None  # "Dr Ines Carvalho (Head of Conservation)", "the head of recruitment": a job title
    if chunk.words in (["head"], ["heads"]) and after[:1] == ["of"]:
        name = None  # "an email to the head of recruitment", "200 head of cattle": a title, a count
    if chunk.words == ["lot"] and before[-1:] == ["a"] and (not after or after[0] in _AFTER_A_LOT):
        name = None  # "status changes a lot": often, not an auction lot
    if chunk.words == ["accident"] and before[-1:] == ["by"]:
        name = None  # "two scouts at one game by accident": by chance
    if chunk.words[-1] == "table" and (before[-1:] in (["real"], ["separate"], ["proper"], ["own"], ["extra"],
                                                       ["dedicated"], ["lookup"], ["join"])
                                       or after[:2] == ["or", "not"]):
        name = None  # "sections as a real table", "Sections: table or not?": the writer's design question
    if chunk.words[-1] == "round" and VERB_FORMS.get((chunk.words[:-1] or before[-1:] or [""])[-1]) in (
            "walk", "go", "come", "ring", "send", "pass", "show", "drive"):
        name = None  # "hosts walk round with paper cards": round the ward, not a round of anything
    if chunk.words[-1] in ("tablet", "tablets", "ipad", "ipads") and (
            any(w in ("on", "via", "from", "using", "with", "to") for w in before) or after[:1] == ["app"]):
        name = None  # "tap on a tablet", "photos from the tablet": the device people use, not a record
    if chunk.nouns == ["options"] and (chunk.start and tokens[chunk.start - 1].tag == "N"
                                       or after[:1] in (["for"], ["are"], ["were"], [":"])):
        name = None  # "we looked at two options for hosting": choices the writers weigh
    if chunk.nouns[-1:] in (["question"], ["questions"]) and (
            any(w in ("my", "any", "your") for w in before)
            or any(t.low in ("happy", "glad") for t in tokens[max(0, chunk.start - 4):chunk.start])
            or after[:1] in (["you"], ["i"], ["we"])
            or chunk.words[:-1] == ["same"] and any(VERB_FORMS.get(w, w) in ("ask", "answer") for w in before)):
        # "so my questions:", "two questions you would ask the curator", "ask the same question
        # again": the writers', not stored ("the same question can be used in many tests" is one)
        name = None
    if chunk.words[-1] == "run" and (after[:1] == ["by"] or after[1:2] == ["by"] and after[0].endswith("ly")):
        # "a registered charity run entirely by volunteers": run is the participle, not a run
        name = _identifier(singular(chunk.nouns[-2])) if len(chunk.nouns) > 1 else None
    if chunk.nouns in (["winter"], ["winters"], ["summer"], ["summers"], ["autumn"], ["autumns"]):
        name = None  # "over the next two winters": a time of year, not a record
    if chunk.words == ["couple"] and after[:1] == ["of"]:
        name = None  # "a couple of breweries": a few
    if chunk.words[-1] in ("taps", "clicks", "swipes") and chunk.start >= 2 and tokens[chunk.start - 1].tag == "N" \
            and before[0] in ("in", "within"):
        name = None  # "post a shift in two taps": how quick, not a record
    if list(chunk.nouns) in (["member"], ["members"]) and " ".join(after).startswith(("of the public", "of staff")):
        name = None  # "members of the public", "a member of staff": anyone, not a member record
    if chunk.nouns[-1:] in (["copy"], ["copies"]) and (
            any(w in _FILE_COPIES for w in chunk.words[:-1] + before[-1:])
            or any(VERB_FORMS.get(w) in _FILING for w in before)):
        name = None  # "signed copies stored with the agreement", "hirer uploads copy": a file, not a lent copy
    if chunk.words == ["copy"] and before[-1:] == ["a"] and VERB_FORMS.get(before[0]) == "keep" \
            and after[:1] != ["of"]:
        name = None  # "check their certificate ... and keep a copy": a scan kept on file
    if chunk.words in (["reads"], ["writes"]) and any(
            t.low in _LOAD_WORDS for j, t in enumerate(tokens) if not chunk.start <= j < chunk.end):
        name = None  # "Reads are dominated by availability queries": load on the database, not records
    if chunk.words in (["application"], ["app"]) and any(VERB_FORMS.get(w) in _WANTING for w in before):
        name = None  # "We need application (web and also on phone)": the product itself
    if chunk.words == ["accounts"] and before[-1:] == ["the"] and VERB_FORMS.get(before[0]) in _BOOKKEEPING:
        name = None  # "so the treasurer can do the accounts": the bookkeeping, not user accounts
    if chunk.words in (["seats"], ["beds"], ["places"], ["covers"]) and len(before) == 2 \
            and before[0] in ("to", "-", "–", "and") and before[1][:1].isdigit():
        name = None  # "28 vehicles (16 to 70 seats)": how many each holds, a capacity column
    if chunk.words == ["group"] and before[-1:] == ["a"] and after[:1] == ["of"]:
        name = None  # "each team covering a group of GP practices": some of them, not a group record
    if chunk.words in (["aside"], ["asides"]) or chunk.words == ["fine"] and not chunk.determiner and (
            len(tokens) <= 2 or after[:1] in ([], ["to"], [","], [";"], ["."], [")"], ["for"])):
        # "Asides:" heading the meeting's digressions; "Fine.", "fine to keep manual entry",
        # "Postgres fine": all right, not a fine someone pays
        name = None
    if chunk.words in (["wales"], ["north", "wales"], ["south", "wales"]):
        name = None  # "North Wales": the country, not a sea creature
    if chunk.words[-1] in ("period", "periods") and _SET_LENGTHS.intersection(chunk.words[:-1] + before[-1:]):
        name = None  # "a retention period", "its knowledge lapse period (default 180 days)": a length of time
    if chunk.words[-1] == "kit" and before[-1:] not in (["a"], ["an"], ["each"], ["every"], ["one"], ["per"]):
        name = None  # "leasing kit to SMEs", "what kit is on each site": equipment in general, uncounted
    return name


_BOLD_SPAN = re.compile(r"\*\*([^*]{3,60})\*\*")


def _bold_compounds(text: str, found: list[Chunk], names: list[str | None]) -> None:
    """"record a **hazard survey** of a premises", "create a **shutoff order**": a term the
    writer puts in bold is named in full, not by its last word. A bold heading or label that
    opens the sentence is left to the rules for headings."""
    terms = {tuple(re.findall(r"[a-z]+", m.group(1).lower())) for m in _BOLD_SPAN.finditer(text)
             if text[:m.start()].strip(" -*#\t0123456789.")}
    for k, chunk in enumerate(found):
        nouns = chunk.nouns
        if names[k] and len(nouns) >= 2 and "_" not in names[k] and tuple(nouns) in terms \
                and all(n.isalpha() and not _generic(n) for n in nouns):
            names[k] = _identifier("_".join([*nouns[:-1], singular(nouns[-1])]))


def _parse_sentence(index: int, text: str, bullet: bool = False) -> _Sentence:
    tokens = tokenize(text)
    found = chunks(tokens)
    names = [_candidate(c) for c in found]
    for k in range(len(found) - 1):
        # "a speaker's profile holds a bio": the speaker's own columns, not a profile table.
        if found[k].possessive and names[k] and names[k + 1] in _IDENTITY_HEADS \
                and found[k + 1].start == found[k].end and not found[k + 1].plural:
            names[k + 1] = names[k]
    for k, chunk in enumerate(found):
        # "we lend tools", "members borrow tools": what is lent is kept track of, however generic.
        if names[k] is None and chunk.start and chunk.nouns and not chunk.proper \
                and VERB_FORMS.get(tokens[chunk.start - 1].low) in _LENDING \
                and not tokens[chunk.start - 1].low.endswith("ing") \
                and singular(chunk.nouns[-1]).isalpha() and len(chunk.nouns[-1]) > 3:
            names[k] = _identifier(singular(chunk.nouns[-1]))
    for k, chunk in enumerate(found):
        names[k] = _idiom_name(chunk, tokens, names[k])
    for k in range(len(found) - 1):
        # "multiple items of work", "entries of diary": the work's items (work_item), one record.
        head, nxt = found[k], found[k + 1]
        if names[k] and head.nouns[-1] in _OF_HEADS and len(head.nouns) == 1 and names[k + 1] \
                and nxt.start == head.end + 1 and tokens[head.end].low == "of" \
                and not nxt.determiner and len(nxt.nouns) == 1 and not nxt.plural:
            names[k] = _identifier(f"{names[k + 1]}_{singular(head.nouns[-1])}")
            names[k + 1] = None
        elif names[k] and head.nouns[-1] in _BOOKS_OF and len(head.nouns) == 1 and nxt.start == head.end + 1 \
                and tokens[head.end].low == "of" and not nxt.determiner and nxt.plural and not nxt.proper:
            # "residents buy books of visitor hours", "a book of ten tickets": a bundle, no library book
            names[k] = _identifier(f"{singular(nxt.nouns[0])}_{singular(head.nouns[-1])}")
            names[k + 1] = None
    for k in range(1, len(found)):
        # "browse the menu (items with options)", "the catalogue: items, prices": the menu's items
        head, before = found[k], found[k - 1]
        between = [t.low for t in tokens[before.end:head.start]]
        if head.nouns == [head.words[-1]] and singular(head.nouns[-1]) == "item" and len(head.words) == 1 \
                and singular(before.nouns[-1]) in _COLLECTIONS and between in (["("], [":"], ["of"]) \
                and len(before.nouns) == 1:
            names[k] = f"{singular(before.nouns[-1])}_item"
    for k in range(len(found) - 1):
        # "items on my checklist", "items in the basket": the list's lines (checklist_item)
        head, nxt = found[k], found[k + 1]
        between = [t.low for t in tokens[head.end:nxt.start]]
        if head.words == head.nouns == ["items"] and names[k + 1] and not _is_person(names[k + 1]) \
                and (names[k + 1] in _LISTS_ITEMS or names[k + 1] in _COLLECTIONS or names[k + 1] in _ITEMISED) \
                and between[:1] in (["on"], ["in"]) and len(between) <= 2 and "_" not in names[k + 1] \
                and (len(between) == 1 or between[1] in ("my", "the", "a", "their", "your", "each", "our")):
            names[k] = f"{names[k + 1]}_item"
    for k in range(len(found) - 1):
        # "programs open calls for proposals": a call is the record ("call_for_proposals")
        head, nxt = found[k], found[k + 1]
        if head.nouns[-1] in ("call", "calls") and len(head.nouns) == 1 and nxt.start == head.end + 1 \
                and tokens[head.end].low == "for" and nxt.words[-1] in _CALLED_FOR and len(nxt.words) == 1:
            names[k] = names[k + 1] = f"call_for_{nxt.words[-1]}"
    colon = next((i for i, t in enumerate(tokens[:6]) if t.low == ":"), -1)
    # "Ashcombe CC - app user stories (from committee meeting, Jan)": a title line, with no verb and
    # no list ("Quiz app - quizzes, questions, answers" lists records)
    heading = text.lstrip().startswith("#") or (index == 0 or text.lstrip().startswith(("*", "_"))) \
        and not any(t.tag in ("V", "M") for t in tokens) and "," not in _PARENS.sub("", text)
    for k, chunk in enumerate(found):
        # "# System design interview: ...", "## Scale estimates", "Interview prompt: ...": what the
        # document is, not what the product keeps
        kind = singular(chunk.nouns[-1])
        if (heading or index == 0 and chunk.end <= colon) and (
                kind in _DOCUMENT_KINDS or kind in _DOCUMENT_NAMED and len(chunk.nouns) > 1):
            names[k] = None  # but "### Documents", "### Notes" head the records they list
    if "**" in text:
        _bold_compounds(text, found, names)
    stream = _without_lists_picked_from(_stream(tokens, found), found, names)
    label_end = colon + 1 if bullet and colon > 0 else -1
    return _Sentence(index, text, tokens, found, names, stream, bullet, label_end)


def _without_lists_picked_from(stream: str, found: list[Chunk], names: list[str | None]) -> str:
    """"assign suppliers (florist, DJ) from our recommended list to each wedding": where they
    are picked from stands between the verb's object and where they go; links skip it."""
    def drop(m: re.Match[str]) -> str:
        k = int(m.group(1))
        head = singular(found[k].nouns[-1])
        return "" if head in _PICKED_FROM and names[k] in (None, head) else m.group(0)
    return _FROM_A_LIST.sub(drop, stream)


_FROM_A_LIST = re.compile(r" from (?:(?:our|the|a|an|their|its|your|my|this) )?@(\d+)(?= to\b)")
_PICKED_FROM = frozenset(("list", "shortlist", "catalogue", "catalog", "menu", "range", "selection", "pool",
                          "library", "database", "register", "panel", "roster", "rota"))


def _stream(tokens: list[Token], found: list[Chunk]) -> str:
    """Return the sentence with each noun phrase replaced by @k."""
    parts: list[str] = []
    starts = {c.start: k for k, c in enumerate(found)}
    i = 0
    while i < len(tokens):
        if i in starts:
            k = starts[i]
            parts.append(f"@{k}")
            i = found[k].end
            continue
        parts.append(tokens[i].low)
        i += 1
    return " ".join(parts)


def _generic(word: str) -> bool:
    return word in GENERIC_NOUNS or singular(word) in GENERIC_NOUNS and word not in _PLURALS_OF_THEIR_OWN


# Plurals of words usually said in another sense: "as well" is no record, but "212 wells" are.
_PLURALS_OF_THEIR_OWN = frozenset(("wells",))


# Heads that, after these modifiers, say how things are done rather than name a record:
# "all their records are in several Excel files" (how the work is kept today), "authors in a fixed
# order", "visiting them in the wrong order" (a sequence, not a purchase), "ditch the paper forms",
# "refer my child through an online form" (how, not what); "report achievement rates", "win rate
# ~30%" (a figure worked out from the records, not a record).
_HOW_NOT_WHAT = (
    (frozenset(("file", "spreadsheet", "sheet", "workbook", "document", "doc")),
     frozenset(("excel", "word", "google", "numbers", "access", "sheets"))),
    (frozenset(("order",)),
     frozenset(("fixed", "set", "wrong", "right", "correct", "particular", "chronological", "alphabetical", "random",
                "same", "given", "reverse", "specific", "running"))),
    (frozenset(("form",)), frozenset(("paper", "online", "web", "pdf", "google", "printed", "laminated", "handwritten"))),
    # "a paper card per cylinder", "replace the paper sheets": what the records are on today
    (frozenset(("card", "sheet", "slip")), frozenset(("paper", "printed", "laminated", "handwritten"))),
    (frozenset(("rate",)),
     frozenset(("achievement", "conversion", "success", "completion", "pass", "response", "error", "occupancy",
                "utilisation", "utilization", "retention", "attendance", "churn", "click", "open", "failure", "hit",
                "win", "bounce", "fill", "growth", "uptake", "dropout", "no-show", "take-up", "default", "arrears"))),
)


# Work a person's title is named after ("casting directors", "nursing staff"); other -ing words
# before people say what they are doing ("paying customers", "visiting nurses").
_KINDS_OF_WORK = frozenset(("casting", "nursing", "teaching", "cleaning", "catering", "coaching", "fundraising",
                            "housekeeping", "marketing", "accounting", "engineering", "training", "booking",
                            "planning", "recruiting", "landscaping", "plumbing"))


# Kinds of sequence: "in a chosen order", "in date order".
_SEQUENCES = frozenset(("chosen", "set", "fixed", "random", "specific", "given", "alphabetical", "reverse", "same",
                        "right", "correct", "date", "numeric", "numerical", "chronological", "sorted", "display"))
# Rules an organisation writes down for itself: "our retention policy", "a cancellation policy".
_HOUSE_RULES = frozenset(("retention", "cancellation", "refund", "refunds", "returns", "privacy", "cookie",
                          "ig", "naming", "usual", "own", "house", "complaints"))


def _candidate(chunk: Chunk) -> str | None:
    """Return the entity name a noun phrase would stand for, or None for generic words."""
    nouns = chunk.nouns
    head_word = nouns[-1]
    head = singular(head_word)
    if len(head) < 3 and head not in ("ad", "cv") or not head.replace("-", "").isalpha() or chunk.proper \
            or re.fullmatch(r"[a-z]{2,}-[a-z]", head_word):
        return None  # too short, not a word, a name (Shopify, Christmas) or one's code ("VIE-A", "Bay-C")
    words = chunk.words
    if any(w in ("tenant", "tenants") and i and words[i - 1] in _CLOUD_SUITES for i, w in enumerate(words)):
        return None  # "the Azure tenant details": where the council's accounts live, not a table
    if head == "list" and len(words) > 1 and words[-2] in ("waiting", "wait"):
        return "waiting_list_entry"  # "go on a waiting list": each place on it is a row
    if head == "list" and len(nouns) > 1 and (nouns[-2] in ("contact", "contacts") or _is_person(singular(nouns[-2]))):
        return singular(nouns[-2])  # "the wearer's contact list (family, neighbour)", "a guest list": the people on it
    if head_word == "list" and len(nouns) == 2 and chunk.tags[-2] == "W" and not nouns[-2].endswith("ing") \
            and not is_plural(nouns[-2]) and not _generic(nouns[-2]) and nouns[-2] not in _LISTS_OF_THEIR_OWN:
        return _identifier(nouns[-2])  # "from our breed list": the breeds, one row each ("task lists" are lists)
    if len(nouns) > 1 or len(words) > 1 and words[-2].isalpha():
        for modifier in (singular(nouns[-2]), nouns[-2]) if len(nouns) > 1 else (words[-2],):
            if f"{modifier}_{head}" in KNOWN_COMPOUNDS:
                return f"{modifier}_{head}"  # "purchase order", "opening hours", "legal entities"
    if head == "form" and len(nouns) > 1 and singular(nouns[-2]) in _FILLED_IN_AS:
        return singular(nouns[-2])  # "clients fill in an enquiry form: what they want, ...": each enquiry
    if head == "board" and len(nouns) > 1 and singular(nouns[-2]) in _SHOWN_ON_BOARDS:
        return singular(nouns[-2])  # "the load board", "Allocation board: assign ...": the loads, the allocations
    if len(words) > 1 and (head == "account" and words[-2] in _CLOUD_SUITES | {"github", "apple", "okta"}
                           or head in ("record", "copy", "list", "file") and words[-2] in ("master", "golden")):
        return None  # "sign in with council Microsoft accounts"; "the master record for objects" is elsewhere
    if head == "limit" and len(words) > 1 and words[-2] in ("rate", "api"):
        return None  # "provider rate limits are per account": throttling, not a record
    if head == "check" and len(words) > 1 and words[-2] in ("sanity", "reality", "gut"):
        return None  # "would love a sanity check": a second opinion, not a check of anything
    if head_word in WEAK_HEADS or head in WEAK_HEADS:
        if len(nouns) > 2 and f"{singular(nouns[-3])}_{singular(nouns[-2])}" in KNOWN_COMPOUNDS:
            return f"{singular(nouns[-3])}_{singular(nouns[-2])}_{head}"  # "care plan versions"
        modifiers = [w for w, t in zip(chunk.words[:-1], chunk.tags[:-1], strict=True)
                     if t == "W" and not _generic(w) and w not in NUMBER_WORDS and w not in _NOT_A_KIND]
        if modifiers:
            return _identifier(f"{singular(modifiers[-1])}_{head}")
    if head in ("library", "catalogue", "catalog", "queue", "inbox", "registry", "register") and len(nouns) > 1 \
            and singular(nouns[-2]) not in ORGANISATION_NOUNS and not _is_person(singular(nouns[-2])) \
            and (_record_noun(singular(nouns[-2])) or singular(nouns[-2]) in _KEPT_IN_LIBRARIES):
        return _identifier(singular(nouns[-2]))  # "a shared asset library", "the exercise library": its assets
    if head_word in ("details", "info") and len(nouns) > 1 and not _generic(nouns[-2]) and nouns[-2].isalpha() \
            and nouns[-2] not in _DETAILS_OF_SOMEONE:
        return _identifier(singular(nouns[-2]))  # "object details (accession number, title)": the object's
    if head == "table" and len(nouns) > 1 and is_plural(nouns[-2]) and not _generic(nouns[-2]):
        return _identifier(singular(nouns[-2]))  # "the attempts table grows 80M rows a day": attempts
    if head == "table" and len(nouns) > 1 and nouns[-2] in ("rating", "rate", "price", "pricing", "tax", "fee"):
        return _identifier(f"{nouns[-2]}_table")  # "rating tables (breed group x age band)": a table of rates
    if _generic(head_word) and head not in SOFT_GENERIC_NOUNS:
        return None
    if len(chunk.words) > 1 and any(head in heads and chunk.words[-2] in modifiers
                                    for heads, modifiers in _HOW_NOT_WHAT):
        return None  # "several Excel files", "in a fixed order", "the paper forms": how, not a record
    if head == "policy" and chunk.determiner == "per" or head in ("policy", "notice", "statement") and any(
            w in _HOUSE_RULES for w in words[:-1]):
        # "a data retention policy", "per council policy", "a privacy notice": a rule the product
        # follows, not a record
        return None
    if nouns == ["board"] and chunk.determiner == "the":
        return None  # "the board decide who is first", "secretary of the board": the organisation's own
    if head == "office" and len(nouns) > 1 and nouns[-2] in ("head", "back", "main", "central", "home"):
        return None  # "we in head office see everything": the organisation's own staff
    if head == "hire" and len(chunk.words) > 1 and chunk.words[-2] == "new":
        return "new_hire"  # "HR adds a new hire": a person starting work, not a hire of something
    if head in ("trail", "record", "log", "entry", "history") and len(nouns) > 1 and nouns[-2] == "audit":
        return "audit_log"  # "an audit trail", "audit records": one audit log
    if head in _MEASURES and (chunk.determiner == "per" or len(words) > 1 and words[-2] in ("square", "cubic", "linear")):
        return None  # "price per square metre", "edge profiles charged per linear metre": a unit
    if head == "object" and len(chunk.words) > 1 and chunk.words[-2] in ("main", "key", "core", "domain", "business"):
        return None  # "the main objects and how they relate": the design's, not a table of objects
    if head == "key" and len(chunk.words) > 1 and chunk.words[-2] in _KEY_KINDS:
        return None  # "per-tenant KMS keys", "signing keys": cryptography, not a record
    if head in _DOCUMENT_NAMED | {"section", "brief", "spec"} and chunk.determiner in ("this", "these"):
        return None  # "this section defines the model", "this document": the text itself
    if head == "region" and len(chunk.words) > 1 and chunk.words[-2] in _CLOUD_PLACES:
        return None  # "the EU region", "two AWS regions": where it runs, not a record
    if head == "ledger" and (len(nouns) == 1 or nouns[-2] in ("double-entry", "entry", "financial", "general")
                             or is_plural(nouns[-2])):
        return "ledger_entry"  # "a double-entry ledger", "the points ledger": its rows are the entries
    if head == "ledger" and nouns[-2] in ("credit", "credits", "token", "tokens", "hours", "hour"):
        return f"{singular(nouns[-2])}_ledger_entry"  # "credit ledger per member per month": its rows
    if head in ("application", "app") and len(chunk.words) > 1 and chunk.words[-2] in _PLATFORMS:
        return None  # "a small web application": the product, not job applications
    if head == "handler" and len(nouns) > 1 and singular(nouns[-2]) in _HANDLED_BY_PEOPLE:
        return f"{singular(nouns[-2])}_handler"  # "claims handlers": a staff role (a webhook handler is code)
    if head in ("lead", "leader") and len(nouns) > 1 and not _generic(nouns[-2]):
        return _identifier(f"{nouns[-2]}_lead")  # "team lead", "tech lead": a role
    if head in PERSON_NOUNS and len(nouns) > 1 and chunk.tags[-2] == "W" \
            and not _generic(nouns[-2]) and nouns[-2] not in NUMBER_WORDS \
            and (not nouns[-2].endswith("ing") or nouns[-2] in _KINDS_OF_WORK):
        # "team members", "sales reps": the modifier says which people; collapsed to the
        # bare role later when the modifier is itself a thing ("pet owners").
        return _identifier(f"{singular(nouns[-2])}_{head}")
    return _identifier(head)


# What follows "a lot" used as an adverb ("changes a lot.", "a lot more").
_AFTER_A_LOT = frozenset((".", ",", ";", ":", "!", "?", ")", "more", "less", "better", "worse", "easier", "harder",
                          "faster", "quicker", "cheaper", "and", "but", "so", "because", "when", "in", "at",
                          "of", "to", "with", "for", "–", "-", "—"))
# Words before a vague head that say which one, not what kind: "a distinct type of record", "a
# separate list", "the same session".
_NOT_A_KIND = frozenset(("distinct", "separate", "different", "specific", "certain", "various", "same", "other",
                         "own", "particular", "individual", "relevant", "appropriate", "correct", "right", "wrong",
                         "whole", "entire", "usual", "normal", "actual"))


# Forms whose every sending is the record they name: "an enquiry form", "the booking form".
_FILLED_IN_AS = frozenset(("enquiry", "inquiry", "booking", "order", "registration", "application", "referral",
                           "entry", "signup", "sign-up", "request", "complaint", "claim"))
# What a board on the wall or the screen shows, one card each: "the load board", "an allocation board".
_SHOWN_ON_BOARDS = frozenset(("load", "allocation", "job", "task", "shift", "booking"))
# What people handle as a job: "claims handlers", "a complaints handler", "baggage handlers".
_HANDLED_BY_PEOPLE = frozenset(("claim", "case", "complaint", "baggage", "call", "account", "enquiry", "query"))
# Lists that are records of their own, not a table of the word before them.
_LISTS_OF_THEIR_OWN = frozenset(("price", "wish", "short", "check", "to-do", "todo", "pick", "play", "hit", "bucket",
                                 "black", "white", "allow", "block", "deny", "distribution", "email", "mail",
                                 "reading", "packing", "set", "stock", "master"))
# "contact details", "bank details": facts about someone, kept as their columns.
_DETAILS_OF_SOMEONE = frozenset(("contact", "bank", "payment", "card", "login", "billing", "shipping", "delivery",
                                 "personal", "account", "emergency", "medical", "banking", "tax", "identity"))
# What a library holds besides the usual records: "an exercise library", "a template library".
_KEPT_IN_LIBRARIES = frozenset(("exercise", "template", "media", "image", "part", "clip", "form", "sample", "exception",
                                "sound", "icon", "component", "model", "drill", "workout", "lesson"))
_KEY_KINDS = frozenset(("kms", "encryption", "signing", "ssh", "private", "public", "master", "crypto",
                        "cryptographic", "gpg", "pgp", "tls", "ssl", "jwt"))
_CLOUD_SUITES = frozenset(("azure", "m365", "microsoft", "entra", "o365", "office", "google", "workspace"))
_CLOUD_PLACES = frozenset(("eu", "us", "uk", "apac", "emea", "latam", "aws", "azure", "gcp", "cloud",
                           "single", "multi", "multiple", "secondary", "primary", "home", "failover"))
_PLATFORMS = frozenset(("web", "mobile", "desktop", "ios", "android", "native", "hybrid", "phone"))


# Vague heads that only exist as part of something else (an item or a unit can stand alone).
_PART_HEADS = frozenset(("line", "entry", "note", "record", "result", "version", "file", "period", "session",
                         "balance", "update", "form", "rule"))


def _owned_weak_heads(s: _Sentence) -> None:
    """"Orders have lines", "each claim has several notes", "quotes with lines": a vague head
    takes its owner's name (order_line, claim_note), as if the brief had said the compound."""
    found = [(m, False) for rx in (_HAS_RE, _EACH_HAS_RE) for m in _at_each_phrase(rx, s.stream)]
    found += [(m, True) for m in _at_each_phrase(_WITH_RE, s.stream)]  # "Quotes with lines (...)": lines only
    for m, with_ in found:
        owner = s.names[int(m.group(1))]
        if not owner or owner in ORGANISATION_NOUNS or "_" in owner:
            continue
        for k, _quant, _of in _items(s, m.group("rest")):
            chunk = s.chunks[k]
            head = singular(chunk.nouns[-1])
            if len(chunk.nouns) == 1 and chunk.plural and s.names[k] == head and head in _PART_HEADS \
                    and (not with_ or head in ("line", "entry")):
                s.names[k] = f"{owner}_{head}"


# Heads that stand for the record of what comes before them ("the client record").
_RECORD_OF = frozenset(("record", "profile", "details", "detail", "info"))


# People named by what they take or seek, never alone: a call taker, a festival-goer, a job seeker.
_BOUND_AGENTS = frozenset(("taker", "goer", "seeker", "giver", "earner"))


def _alias_weak_heads(parsed: list[_Sentence]) -> None:
    """Read a bare "request" as "leave_request" when the brief uses exactly one such compound."""
    for s in parsed:
        for k, name in enumerate(s.names):
            if name == "item" and k > 0:
                # "go through the checklist (tyres, lights), mark each item OK or defect": its items
                held = next((s.names[j] for j in range(k - 1, -1, -1) if s.names[j] in _ITEM_HOLDERS), None)
                if held:
                    s.names[k] = f"{held}_item"
    compounds: dict[str, set[str]] = {}
    for s in parsed:
        for name in s.names:
            if name and "_" in name:
                compounds.setdefault(name.rsplit("_", 1)[1], set()).add(name)
    bare = {n for s in parsed for n in s.names if n and "_" not in n}
    for s in parsed:
        for k, name in enumerate(s.names):
            if name and "_" in name and name not in KNOWN_COMPOUNDS:
                modifier, head = name.rsplit("_", 1)
                if head == "balance" and modifier in ("wallet", "account"):
                    s.names[k] = modifier  # "each user has a wallet balance": the wallet, with its balance
                elif (head in _RECORD_OF or head == "account" and modifier in PERSON_NOUNS) and modifier in bare \
                        or head == "record" and modifier.isalpha() and not modifier.endswith("ing"):
                    # "the tree record", "student profile", "customer accounts": the tree, the
                    # student, the customer
                    s.names[k] = modifier
    kept = _repeated_compounds(parsed, bare)
    bare = {n for s in parsed for n in s.names if n and "_" not in n}
    for s in parsed:
        for k, name in enumerate(s.names):
            if name and "_" in name and name not in kept and name not in KNOWN_COMPOUNDS:
                modifier, head = name.rsplit("_", 1)
                if head in PERSON_NOUNS:
                    if (modifier in bare or head in bare) and head not in _BOUND_AGENTS:
                        s.names[k] = head  # "pet owners" are owners (of pets)
                        if head in _KEEPERS and modifier in bare:
                            s.owned.append((head, modifier))
                elif head in bare and modifier not in bare and head not in ("profile", "run", "source"):
                    # "training slots" are slots when slots are talked about; but a "scan run"
                    # or a "scan profile" is the brief's name for a run or a profile, and "an
                    # admission record" is the admission
                    s.names[k] = modifier if head in _RECORD_OF and modifier not in GENERIC_NOUNS else head
    compounds = {}
    said = Counter(n for s in parsed for n in s.names if n)
    for s in parsed:
        for name in s.names:
            if name and "_" in name:
                compounds.setdefault(name.rsplit("_", 1)[1], set()).add(name)
    for s in parsed:
        for k, chunk in enumerate(s.chunks):
            if s.names[k] is None or s.names[k] in compounds:
                head = singular(chunk.nouns[-1])
                options = compounds.get(head)
                # "~2.1M crates in the pool ... only meat crates tagged": the crates said on their
                # own far more often than the one kind are crates of every kind
                if chunk.nouns[-1] in TIME_SPANS and chunk.start and s.tokens[chunk.start - 1].low[:1].isdigit():
                    continue  # "edited after 24 hours": a span of time, not the "working hours"
                if options and len(options) == 1 and len(chunk.nouns) == 1 \
                        and not (said[head] >= 5 and said[head] >= 3 * said[next(iter(options))]):
                    s.names[k] = next(iter(options))


# Words briefs use for the same kind of record. When a brief uses two of a set ("aircraft" and
# "plane", "customers" and "clients"), they are one table, named by the word it uses most.
_SYNONYMS = (
    ("aircraft", "plane", "airplane"), ("vehicle", "car"), ("vessel", "ship", "boat", "ferry"),
    ("customer", "client"), ("photo", "image", "picture", "photograph"),
    ("fixture", "match"), ("study", "trial"), ("lift", "elevator"),
    ("agreement", "contract"), ("burial", "interment"), ("guardian", "parent", "carer"),
    ("pupil", "student", "child"), ("location", "site"), ("booking", "reservation"),
    ("truck", "lorry"), ("supplier", "vendor"), ("team", "squad"), ("trip", "journey", "ride"),
    ("event", "show", "concert", "gig"), ("track", "song"), ("post", "status_update"), ("position", "ping"),
    ("medication", "medicine", "drug"), ("slot", "timeslot", "time_slot"), ("release", "album"),
)
_SYNONYM_SET = {word: group for group in _SYNONYMS for word in group}


def _merge_synonyms(parsed: list[_Sentence]) -> None:
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for s in parsed:
        for name in s.names:
            if name in _SYNONYM_SET:
                counts[name] = counts.get(name, 0) + 1
                first.setdefault(name, len(first))
    rename: dict[str, str] = {}
    for group in _SYNONYMS:
        used = [w for w in group if w in counts]
        if len(used) > 1:
            major = max(used, key=lambda w: (counts[w], -first[w]))  # the most used, else the first
            rename.update((w, major) for w in used if w != major)
    if rename:
        for s in parsed:
            s.names = [rename.get(n, n) if n else n for n in s.names]


def _repeated_compounds(parsed: list[_Sentence], bare: set[str]) -> set[str]:
    """Keep "work order" apart from "order" when the brief says "work order" twice or more (or
    once, for well-known compounds) and "work" is not a thing of its own."""
    seen: dict[str, int] = {}
    spots: list[tuple[_Sentence, int, str]] = []
    for s in parsed:
        for k, chunk in enumerate(s.chunks):
            name = s.names[k]
            if not name or "_" in name or len(chunk.nouns) < 2 or chunk.tags[-2] != "W":
                continue
            modifier = chunk.nouns[-2]
            compound = _identifier(f"{singular(modifier)}_{name}")
            gerund = modifier.endswith("ing") and modifier not in _KINDS_OF_WORK
            ordinal = modifier in ("st", "nd", "rd", "th")  # "a 2nd hold": the number's ending, split off
            if singular(modifier) == name or _generic(modifier) or gerund or ordinal or (
                    singular(modifier) in bare and compound not in KNOWN_COMPOUNDS):
                continue
            seen[compound] = seen.get(compound, 0) + 1
            spots.append((s, k, compound))
    kept = {c for c, count in seen.items() if count >= 2 or c in KNOWN_COMPOUNDS}
    for s, k, compound in spots:
        if compound in kept:
            s.names[k] = compound
    return kept


_SOLVED = re.compile(r"\b(?:solve|solves|solving|solved|attempt|attempts|attempting|practi[cs]e|practi[cs]es)\s+"
                     r"(?:\S+\s+){0,3}?(problems|puzzles|exercises|questions|challenges)\b", re.IGNORECASE)


def _solved_things(parsed: list[_Sentence]) -> None:
    """"Users solve coding problems": what people solve is a record of the product, though the
    word is usually generic ("the problem is that ...")."""
    solved = {singular(m.group(1).lower()) for s in parsed for m in _SOLVED.finditer(s.text)}
    for s in parsed:
        for k, chunk in enumerate(s.chunks):
            if s.names[k] is None and chunk.nouns and singular(chunk.nouns[-1]) in solved and not chunk.proper:
                s.names[k] = singular(chunk.nouns[-1])


def _identifier(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode()  # café -> cafe
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


# --- first pass: evidence ------------------------------------------------------------------


# A letter's closing line: "Best wishes,", "Kind regards", "Many thanks!".
_SIGN_OFF = re.compile(r"^(?:(?:best|kind|warm|warmest|many|all\s+the\s+best|with\s+(?:best|kind))\s*"
                       r"(?:wishes|regards|thanks)?|thanks(?:\s+again)?|thank\s+you|cheers|regards|sincerely|"
                       r"yours(?:\s+(?:sincerely|faithfully|truly))?)\W*$", re.IGNORECASE)


# A letter's framing, not its content: "Ahead of Monday's design session, here's the shape of the
# project", "Ping me with questions before Monday", "Let me know what you think".
_FRAMING = re.compile(
    r"^(?:ahead\s+of|before)\s+(?:\w+(?:'s|’s)?\s+){0,2}(?:design\s+|kick-?off\s+|planning\s+)?"
    r"(?:session|meeting|call|workshop|review|kick-?off)\b|"
    r"^(?:ping|email|message|call|text|slack|dm|grab)\s+me\b|^let\s+me\s+know\b|"
    r"^(?:any|more)\s+questions\b|^(?:happy|glad)\s+to\s+(?:chat|talk|discuss|answer)\b",
    re.IGNORECASE)


# Who came to the meeting the notes are of: "Attendees: DK (ops dir), Priya (CTO), me"; and a
# document's header lines.
# "Attendees: Sarah H (owner), Phil D", "Present: JM, KT": the people at a meeting.
_ATTENDING = r"attendees|attending|present|participants|invitees|apologies|cc"
_ATTENDANCE_LINE = re.compile(rf"^(?:{_ATTENDING}|"
                              r"people)\s*(?:\([^)]*\))?\s*:|"
                              # a document's header: "Owner: Parking Services (PM: D. Okafor)", not
                              # "Owner: name, phone" (a record's fields)
                              r"^(?:owners?|authors?|pm|product\s+owner|prepared\s+by|written\s+by|stakeholders?|"
                              r"sponsors?|reviewers?|approvers?|status|version|date|last\s+updated|team|from|to|"
                              r"(?:co-?)?founders?|"
                              r"(?:team|group|project)\s+members|students|client|customer|supervisor|"
                              # a workshop sheet's header: "**Module:** Backend Design - **Time:** 50 minutes"
                              r"module|course|unit|level|time|duration|time\s+allowed|group\s+size|groups|"
                              r"lecturer|tutor|marks|weighting|due)"
                              r"\s*:\s*[*_]*\s*(?-i:[A-Z0-9])", re.IGNORECASE)


# An exercise's instructions to the student: "Your task is to design the backend data model",
# "Read the description carefully".
_EXERCISE = re.compile(r"^(?:your\s+(?:task|job)\s+is\s+to\b|read\s+(?:the|this)\s+(?:description|scenario|"
                       r"brief|case|text)\b|spend\s+(?:the\s+)?(?:first\s+)?(?:\d+|a\s+few|five|ten)\s+minutes\b|"
                       # an interview sheet's notes to the interviewer: "Interviewer note: strong candidates
                       # usually ...", "Prompt to read to the candidate:"
                       r"interviewer'?s?\s+notes?\b|notes?\s+(?:for|to)\s+(?:the\s+)?interviewer\b|"
                       r"prompt\s+(?:to\s+read\s+)?to\s+the\s+candidate\b|what\s+we'?d\s+like\s+to\s+see\b|"
                       r"(?:good|possible|suggested|optional)\s+follow-?ups?\b|"
                       r".*\byour\s+(?:tables|schema|erd|diagram|design|answer|model|data\s+model|solution|submission|tasks)\b)",
                       re.IGNORECASE)
# A teacher's hint: "don't create a table called "system" or "tablet"", "no need for a table named Kitchen".
_NO_TABLE_CALLED = re.compile(r"\b(?:don['’]t|do\s+not|no\s+need\s+to|avoid|never)\s+(?:create|make|add|model|"
                              r"making|creating|adding)\s+(?:a\s+|any\s+)?tables?\s+(?:called|named)\s+"
                              r"(?P<names>[\"“'‘]?[A-Za-z]+[\"”'’]?(?:\s*(?:,|or|and)\s*[\"“'‘]?[A-Za-z]+[\"”'’]?)*)",
                              re.IGNORECASE)
# An interview prompt's notes on the person answering it: "Candidate should spend ~10 min on
# requirements", "a strong candidate will produce a data model covering ...".
_INTERVIEWEE = re.compile(r"\bcandidates?\s+(?:should|will|must|is\s+expected\s+to|are\s+expected\s+to)\s+"
                          r"(?:spend|confirm|produce|ask|cover|discuss|clarify|mention|propose|sketch|draw|design|"
                          r"estimate|identify|explain|notice)\b"
                          # "read this aloud to the candidate", "only give these if the candidate asks"
                          r"|\b(?:read|give|hand|show)\s+(?:this|these|it|them)\b[^.]{0,20}\bto\s+the\s+candidate\b"
                          r"|\bif\s+the\s+candidate\s+asks\b"
                          # "Prompt (read aloud to the candidate)", "Let the candidate ask questions"
                          r"|\b(?:read|say)\s+(?:aloud|out)\s+to\s+the\s+candidate\b"
                          r"|\b(?:let|tell|remind|stop)\s+the\s+candidate\b", re.IGNORECASE)
_ABOUT_THE_INTERVIEW = re.compile(r"\bcandidates?\b|\binterviewers?\b|\b(?:good|strong|weak|clarifying|follow-up)\s+"
                                  r"(?:questions|answers)\b", re.IGNORECASE)
# A document's front matter, its bold labels split from their values: "**Author:** Helen Pearce,
# Head of Legacies, with input from Finance", "**Client / end user:** Mrs J. Okafor, Senior Technician".
_FRONT_LABEL = re.compile(r"^(?:organi[sz]ation|author|audience|candidate|client(?:\s*/\s*end\s+user)?|end\s+user|"
                          r"prepared\s+(?:by|for)|written\s+by|owner|reviewers?|version|date|status|distribution|"
                          r"working\s+title|supervisor|student|students|team|tutor)\.$", re.IGNORECASE)


def _framing(parsed: list[_Sentence]) -> set[int]:
    """Return the opening and closing sentences that talk about the conversation itself."""
    lines = [s.text.strip().lstrip("-–*# ") for s in parsed]
    ends = set(range(2)) | set(range(len(parsed) - 4, len(parsed)))
    found = {i for i, line in enumerate(lines) if i in ends and _FRAMING.match(line) or _EXERCISE.match(line)
             or i < 5 and (_ATTENDANCE_LINE.match(line) or len(_SHEET_HEADER.findall(line)) >= 2
                           or _SHEET_LABEL.match(line))
             or i == 0 and _TITLE_LINE.match(line)} | {
        i for i in range(1, min(len(parsed), 12)) for label in (i, i - 1) if label + 1 < len(parsed)
        and _FRONT_LABEL.match(lines[label]) and not any(t.tag in ("V", "M") for t in parsed[label + 1].tokens)}
    return found | {i for i in _attendance_lines(lines) if i < 6}


_SPEAKER = re.compile(r"^[\s\-–*•#>]*([A-Z][a-z]{2,})\s*:\s*\S")


def _speakers(parsed: list[_Sentence]) -> set[str]:
    """"Joanne: ward lookup from the point, easy": the people whose words meeting notes give,
    first names the word lists do not know, said as a label twice or also doing something
    ("Joanne dropped off at 2:30", "Gareth insists")."""
    said = Counter(m.group(1) for s in parsed if (m := _SPEAKER.match(s.text)))
    text = " ".join(s.text for s in parsed)
    return {w.lower() for w, n in said.items()
            if word_class(w.lower()) == "W" and w.lower() not in DOMAIN_NOUNS and singular(w.lower()) == w.lower()
            and w.lower() not in PERSON_NOUNS and w.lower() not in ROLE_NOUNS and not _generic(w.lower())
            and (n >= 2 or re.search(rf"\b{w}\s+(?:also\s+)?[a-z]+(?:s|ed)\b", text))}


def _attendance_lines(lines: list[str]) -> list[int]:
    """Return the lines of a list of who came, the line after a comma included: "Present:
    Siobhan Kerr (Head of Operations), Marcus Lowe (security)," then "Aisha Bello (press office),
    Liam (dev lead), me (Hannah, taking notes)"."""
    out: list[int] = []
    for i, line in enumerate(lines):
        if _WHO_ATTENDED.match(line) or out and out[-1] == i - 1 and lines[i - 1].endswith(","):
            out.append(i)
    return out


# A workshop sheet's header, split into sentences at its bold labels: "**Module:** Backend Design
# (Level 5) - **Time:** 50 minutes - **Groups of three**".
_SHEET_LABEL = re.compile(r"^(?:module|course|unit|(?:co-?)?founders?)\W*$", re.IGNORECASE)
_SHEET_HEADER = re.compile(r"\b(?:time|duration|time\s+allowed)\W*\s*\d+\s*(?:mins?|minutes|"
                           r"hours?|hrs?)\b|\bgroups?\s+of\s+(?:two|three|four|five|\d)\b|\(\s*level\s+\d\s*\)",
                           re.IGNORECASE)


_WHO_ATTENDED = re.compile(rf"^(?:{_ATTENDING})\s*:", re.IGNORECASE)


_PRODUCT_ACRONYM = re.compile(r"\b(?:Register|System|Platform|Service|Portal|Tool|App|Application|Database|Hub|"
                              r"Tracker|Manager|Suite|Engine)\s*\(\s*([A-Z]{2,6})\s*\)")


def _people_named(parsed: list[_Sentence], framing: set[int]) -> None:
    """"Attendees: Sarah H (owner), Phil D (packing mgr)": the first names in a meeting's list of
    people are people, wherever the notes name them again ("Sarah wants a weekly dashboard")."""
    names = _speakers(parsed)
    attending = set(_attendance_lines([s.text.strip().lstrip("-–*# ") for s in parsed]))
    for s in parsed:
        if s.index in framing and s.index in attending:
            names |= {t.low for t in s.tokens if t.text[:1].isupper() and t.tag in ("W", "X") and t.low.isalpha()
                      and t.low not in PERSON_NOUNS and t.low not in ROLE_NOUNS and t.low != "attendees"}
    _unname_words(parsed, names)


def _unname_words(parsed: list[_Sentence], words: set[str]) -> None:
    """Let no one-word phrase whose word is in `words` (lower case) stand for a table: the
    brief uses those words as names."""
    if not words:
        return
    for s in parsed:
        for k, chunk in enumerate(s.chunks):
            if s.names[k] and len(chunk.words) == 1 and chunk.words[0] in words:
                s.names[k] = None


# The first line naming the document: "FOI request tracker: user stories (draft for sprint
# planning)", "Fall alerts: design notes".
_TITLE_LINE = re.compile(r"^[^.:;!?]{0,60}:\s*(?:user\s+stories|requirements|functional\s+spec\w*|spec\w*|"
                         r"(?:design|meeting|call|kick-?off|workshop|handover)\s+notes|notes|brief|draft|prd|"
                         r"product\s+requirements)\b[^.!?]*$|"
                         # "# Bed management service – design session notes", "Allotment ctte mtg 14/3 — notes (JM)"
                         r"^[^.!?:]{0,80}[–—-]\s*(?:[a-z]+\s+){0,3}notes\b(?:\s*\([^)]*\))?\s*$", re.IGNORECASE)


def _greeting_lines(parsed: list[_Sentence]) -> set[int]:
    """Return the sentences that only greet the reader: "Dear Sirs,", "Hi Tom and Priya,"."""
    return {s.index for s in parsed[:3] if len(s.text.split()) <= 5
            and (greeting := _GREETING.match(s.text.strip())) and not greeting.group(0).startswith("[")}


def _closing(parsed: list[_Sentence]) -> range:
    """Return the sentences of a letter's closing ("Best wishes," then a name and a job title,
    up to any "P.S."), or an empty range when the brief has none."""
    for k in range(max(0, len(parsed) - 4), len(parsed)):
        if _SIGN_OFF.match(parsed[k].text.strip()):
            end = next((j for j in range(k + 1, len(parsed))
                        if re.match(r"p\.?\s?s\b", parsed[j].text.strip(), re.IGNORECASE)), len(parsed))
            if all(len(s.text.split()) <= 6 for s in parsed[k + 1:end]):
                return range(k, end)
    return range(0)


# People named after what they keep: "truck owners" own trucks, "flat keepers" keep flats.
_KEEPERS = frozenset(("owner", "operator", "keeper", "holder", "landlord"))


# Groups people belong to, and what each person has one of.
_UNITS_OF_PEOPLE = frozenset(("department", "team", "group", "branch", "club", "household", "family", "class",
                              "tariff", "plan", "school", "office", "site", "region", "ward", "unit"))
_ONE_EACH = frozenset(("account", "profile", "wallet", "portfolio", "cart", "basket", "balance", "login"))


_OFFSPRING = frozenset(("child", "children", "kid", "son", "daughter", "dependant", "dependent", "pupil", "student"))


def _their_things(s: _Sentence, ev: _Evidence) -> None:
    """"Users fund their account", "members renew their memberships": what the people who open
    a clause call theirs is theirs, unless the brief says otherwise elsewhere."""
    def opens_clause(chunk: Chunk) -> bool:
        return (chunk.start <= 1 or s.tokens[chunk.start - 1].low in (",", "and", ":", ";")
                or chunk.start >= 2 and s.tokens[chunk.start - 2].low in (",", "and", ":", ";")
                and s.tokens[chunk.start - 1].tag == "D") \
            and chunk.end < len(s.tokens) and s.tokens[chunk.end].tag in ("V", "M")

    subjects = [(k, "their") for k, c in enumerate(s.chunks) if opens_clause(c)]
    if len(s.tokens) > 3 and s.tokens[0].low == "as" and s.tokens[1].low in ("a", "an") and s.chunks \
            and s.chunks[0].start == 2:
        subjects = [(0, "my")]  # "As a resident, I want an email whenever my report's status changes"
    for n, (k0, word) in enumerate(subjects):
        who = _actor_name(s, k0)
        if not who or who != "user" and not _fact(ev, who).person:
            continue
        stop = subjects[n + 1][0] if n + 1 < len(subjects) else len(s.chunks)
        for k in range(k0 + 1, stop):
            chunk, thing = s.chunks[k], s.names[k]
            if chunk.determiner != word or not thing or thing == who:
                continue
            if singular(chunk.nouns[-1]) in _OFFSPRING and _fact(ev, who).person:
                # "parents see their children's bus": the parent's children
                ev.weak_relations.append(RelationFact(who, thing, "one-to-many", "has", s.index))
                continue
            if not (word == "my" and thing in DEPENDENT_NOUNS) \
                    and not _is_person(thing.split("_")[-1]) and not is_attribute_word(thing) \
                    and thing not in ORGANISATION_NOUNS and thing not in _UNITS_OF_PEOPLE \
                    and thing not in _PICKED_KINDS and thing.rsplit("_", 1)[-1] not in _KIND_HEADS \
                    and thing not in _SHARED_KINDS:
                # "for their department", "their tariff": a unit or a kind they belong to, not theirs
                one = not chunk.plural and thing in _ONE_EACH
                ev.weak_relations.append(RelationFact(who, thing, "one-to-one" if one else "one-to-many",
                                                      "has", s.index))


def _collect(s: _Sentence, ev: _Evidence) -> None:
    for person, thing in s.owned:
        ev.weak_relations.append(RelationFact(person, thing, "one-to-many", "owns", s.index))
    _their_things(s, ev)
    _mentions(s, ev)
    _actors(s, ev)
    _has_patterns(s, ev)
    _link_patterns(s, ev)
    _which_used(s, ev)
    _nested_places(s, ev)
    _not_every(s, ev)
    _collection_items(s, ev)
    _listed_records(s, ev)
    _paren_attributes(s, ev)
    _verb_patterns(s, ev)
    _supplied_from(s, ev)
    _picked_from_a_list(s, ev)
    _state_patterns(s, ev)
    _visits_in_order(s, ev)
    _measured_lines(s, ev)


# "we order the dress from the designer", "parts are bought from three suppliers": where goods
# come from is a party the business deals with, kept as a table.
_ORDERED_FROM = re.compile(r"\b(?:order|orders|ordered|buy|buys|bought|purchase|purchases|purchased|source|"
                           r"sources|sourced)\b [^;:@]{0,30}?@\d+ [^;:@]{0,25}?\bfrom "
                           r"(?:(?:the|our|a|an|their|its|local|several|various|\d+|two|three) )*@(\d+)")


# What people pick from a list is a table of choices: "pick the species from a built-in list",
# "choose a colour from the dropdown". The list is its rows, kept for everyone.
_PICKED_FROM_LIST = re.compile(r"\b(?:pick|picks|picked|choose|chooses|chose|select|selects|selected)\s+"
                               r"(?:the|a|an|their|its|his|her|your|my)\s+@(\d+)\s+from\s+(?:a|an|the|our|their)\s+"
                               r"@(\d+)")
_CHOICE_LISTS = frozenset(("list", "dropdown", "drop-down", "menu", "picklist", "catalogue", "catalog", "library"))


def _picked_from_a_list(s: _Sentence, ev: _Evidence) -> None:
    for m in _PICKED_FROM_LIST.finditer(s.stream):
        k, where = int(m.group(1)), s.chunks[int(m.group(2))]
        name = s.names[k]
        if name and not s.chunks[k].proper and where.nouns[-1] in _CHOICE_LISTS and not _fact(ev, name).person:
            _boost(ev, name, _STRONG, s.index)
            ev.picked.add(name)


def _supplied_from(s: _Sentence, ev: _Evidence) -> None:
    for m in _ORDERED_FROM.finditer(s.stream):
        k = int(m.group(1))
        name = s.names[k]
        if name and not s.chunks[k].proper and s.chunks[k].nouns[-1] not in _PRODUCT_NOUNS \
                and not _generic(s.chunks[k].nouns[-1]):
            _boost(ev, name, 1.0, s.index)


def _is_person(word: str) -> bool:
    """Return True for words naming people: known roles, or -ist/-ician words (pathologist)."""
    if word in PERSON_NOUNS:
        return True
    return len(word) > 5 and word.endswith(("ist", "ician")) and not word.endswith("list")


def _record_noun(name: str | None) -> bool:
    """Return True for names that usually are tables: known domain nouns and compounds."""
    return name in DOMAIN_NOUNS or name in KNOWN_COMPOUNDS or (
        name is not None and "_" in name and name.rsplit("_", 1)[1] in _RECORD_HEADS)


# Heads that make any compound a record: a training record, a maintenance log, a fee ledger.
_RECORD_HEADS = frozenset(("record", "log", "history", "diary", "journal", "register", "ledger",
                           "logbook", "certificate", "agreement", "contract", "plan"))


# A label that puts out music: "artists and small labels sell albums", "a label releases music".
_RECORD_LABEL = re.compile(r"\brecord\s+labels?\b|\blabels?\s+(?:release|releases|sign|signs|sell|sells)\b|"
                           r"\b(?:artists?|bands?|musicians?)\s+(?:and|or|&)\s+(?:\w+\s+)?labels?\b", re.IGNORECASE)
# Code under review: "one env per PR", "open MRs" are pull and merge requests where the brief
# speaks of repositories, branches or commits (not a press office's PR).
_CODE_REVIEW = re.compile(r"\b(?:repos?|repositor(?:y|ies)|branch(?:es)?|commits?|github|gitlab|bitbucket)\b",
                          re.IGNORECASE)
_REQUESTS = re.compile(r"\b(?:([PM])R|(pull|merge)_request)(s?)\b")


def _requests_spelt_out(sentence: str) -> str:
    """"open PRs", GitHub's "pull_request" event: pull-requests, one word as "check-in" is."""
    return _REQUESTS.sub(lambda m: (m.group(2) or ("pull" if m.group(1) == "P" else "merge")) + "-request"
                         + m.group(3), sentence)


# A coach that carries passengers: "28 vehicles (16 to 70 seats)", "coach hire", "drivers".
_COACH_TRAVEL = re.compile(r"\bcoach(?:es)?\s+(?:hire|operator|company|trips?|tours?|travel|holidays?|"
                           r"station|park|bays?)\b|\b(?:hire|book|charter)s?\s+(?:a\s+)?coach(?:es)?\b|"
                           r"\bcoach(?:es)?\s+(?:and|or|with)\s+(?:drivers?|minibus(?:es)?|buses|toilets)\b|"
                           r"\b(?:minibus(?:es)?|buses)\s+(?:and|or)\s+coach(?:es)?\b|\bexecutive\s+coach(?:es)?\b",
                           re.IGNORECASE)


def _fact(ev: _Evidence, name: str) -> EntityFact:
    fact = ev.scores.get(name)
    if fact is None:
        fact = EntityFact(name=name, person=_is_person(name.split("_")[-1]))
        ev.scores[name] = fact
    return fact


def _boost(ev: _Evidence, name: str | None, amount: float, sentence: int) -> None:
    if name:
        fact = _fact(ev, name)
        fact.score += amount
        if sentence not in fact.sentences:
            fact.sentences.append(sentence)


_CREATION_VERBS = words("write create issue record submit upload log add open generate post send place book file "
    "raise publish schedule make build compose draft enter register request reserve order "
    "book generate issue report track start initiate lodge")
# Verbs whose object is a resource the product hands out and gets back, each time a record.
_LENDING = frozenset(("lend", "loan", "borrow", "rent", "hire", "book", "reserve", "allocate"))
# Headings that name a part of the document, not a record: "Notes", "Open questions".
_SECTION_HEADINGS = frozenset(("note", "question", "open_question", "extension", "assumption", "idea",
                               "remark", "todo", "next_step", "risk", "decision", "constraint", "goal",
                               "story", "user_story", "background", "overview", "summary", "context",
                               "requirement", "scope", "feature", "detail", "figure", "stat", "statistic",
                               "estimate", "action", "action_item", "edge_case", "corner_case"))
_THIS_DOCUMENT = frozenset(("document", "brief", "spec", "specification", "email", "note", "notes",
                            "message", "proposal", "post", "thread", "page", "doc", "memo", "request"))
_DOCUMENT_PARTS = frozenset(("section", "sections", "chapter", "appendix", "annex", "clause", "paragraph",
                             "figure", "page", "pages"))
_PER_UNITS = frozenset(("head", "hour", "night", "day", "week", "month", "page", "word", "kilo", "use"))
_RECORDING = re.compile(r"\b(?:record|records|log|logs|note|notes|enter|enters|track|tracks)\b", re.IGNORECASE)
# A length of time something has, a column: "the lapse period", "a 14-day notice period".
_SET_LENGTHS = frozenset(("retention", "lapse", "grace", "notice", "warranty", "waiting", "cooling", "lockout",
                          "validity", "expiry", "probation", "probationary", "quarantine", "withdrawal"))
_LENGTH_OF_TIME = frozenset(("term", "period", "window", "trial", "cycle", "span", "duration"))
_DONE_REGULARLY = frozenset(("check", "inspection", "round", "audit", "test", "count", "reading", "walkaround",
                             "patrol", "survey", "assessment", "review", "visit"))
_LABELLED_PARTS = frozenset(("part", "phase", "stage", "step", "option", "annex", "appendix", "tranche"))


def _labelled_part(s: _Sentence, chunk: Chunk, name: str | None) -> bool:
    """True for "part A", "phase 2": a part named by the letter or number after it."""
    return name in _LABELLED_PARTS and chunk.end < len(s.tokens) \
        and re.fullmatch(r"[A-Z]|\d{1,2}", s.tokens[chunk.end].text) is not None


_PRICE_TIERS = frozenset(("paid", "free", "premium", "pro", "paying", "business", "enterprise", "starter", "basic"))
_MARKED = frozenset(("flagged", "marked", "labelled", "labeled"))
_SHARE_OF = frozenset(("chunk", "bit", "share", "fraction", "proportion", "slice", "lot"))
_IDIOM_OF = frozenset(("track", "care", "charge", "behalf", "terms", "use", "sort", "kind", "note", "set"))
_PAYMENT_MEANS = frozenset(("card", "cash", "cheque", "check", "paypal", "transfer", "debit"))
# "entries come in by post", "book by phone": how something arrives, not a record.
_CHANNELS = frozenset(("post", "mail", "phone", "email", "hand", "fax", "text", "radio", "telephone",
                       "sms", "letter", "ambulance", "taxi", "road", "rail", "air", "sea", "foot", "eye"))
# How people are told, not who acts: "cancelled with a message to the visitors".
_NOTICES = frozenset(("message", "notification", "notice", "letter", "sms", "reminder", "alert", "warning"))
# Counted like records: "several breeds", "any breed", "each size" (a column is never counted).
_COUNTED = frozenset(("several", "many", "multiple", "each", "every", "any"))
_IDENTITY_HEADS = frozenset(("account", "profile", "login", "password"))
_IDENTITY_VERBS = frozenset(("create", "open", "register", "sign", "log", "delete", "have", "need"))
_WEAK_DETERMINERS = ("the", "our", "my", "this", "that", "their", "its", "your", "his", "her", "")


def _arrow_chain(s: _Sentence) -> frozenset[int]:
    """Return the phrases of a flow of records, "quote → job → invoice": three or more steps,
    each one noun phrase between arrows (a flow of states, "draft → sent", has no nouns)."""
    arrows = [i for i, t in enumerate(s.tokens) if t.low in ("→", "->")]
    if len(arrows) < 2:
        return frozenset()
    label = max((i for i, t in enumerate(s.tokens[:arrows[0]]) if t.low == ":"), default=-1)
    bounds = [label, *arrows, len(s.tokens)]  # "Flow: quote -> job -> invoice"
    steps = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        inside = [k for k, c in enumerate(s.chunks) if lo < c.start and c.end <= hi]
        words = [t for t in s.tokens[lo + 1:hi] if t.tag != "Z"]
        if len(inside) != 1 or len(words) != len(s.chunks[inside[0]].words):
            return frozenset()
        steps.append(inside[0])
    return frozenset(steps)


# Kinds of place or organisation that customers or sites are ("schools, churches and hotels"):
# listed together they are values of a type, not tables, unless the brief says more of them.
_PLACE_KINDS = ORGANISATION_NOUNS | frozenset((
    "church", "office", "hospital", "university", "gym", "hotel", "pub", "bar", "farm", "factory",
    "care_home", "municipality", "council", "garden_centre", "landscaper", "landscape_gardener",
    "retailer", "wholesaler", "cafe", "restaurant", "supermarket", "surgery", "prison", "station",
    "airport", "port", "warehouse", "workshop", "site", "estate", "village", "town", "household",
    "business", "charity", "club", "venue", "parish", "cottage", "flat", "house", "home"))
_COUNTED_ITEM = r"(?:(?:\d+|two|three|four|five|six|a few|some|several) )?@\d+"
# "offices, hospitals and gyms", "locations: offices, hospitals, two universities, gyms"
_LIST_OF_KINDS = re.compile(rf"{_COUNTED_ITEM}(?: , {_COUNTED_ITEM})+(?:(?: ,)? (?:and|or) {_COUNTED_ITEM})?")


def _listed_kinds(s: _Sentence) -> set[int]:
    """Chunks that are one of three or more kinds of place listed together."""
    out: set[int] = set()
    for m in _LIST_OF_KINDS.finditer(s.stream):
        members = [int(k) for k in re.findall(r"@(\d+)", m.group(0))]
        kinds = [k for k in members if s.names[k] in _PLACE_KINDS and s.chunks[k].plural]
        if len(members) >= 3 and len(kinds) >= 2:
            out.update(kinds)
    return out


# A design's own parts, when a sentence talks about the design ("Produce a list of tables with
# primary and foreign keys"; "Output: tables, key constraints, endpoints").
_SCHEMA_WORDS = frozenset(("table", "key", "index", "endpoint", "constraint", "relationship", "schema",
                           "diagram", "erd", "column", "query", "migration"))
_SCHEMA_TALK = re.compile(r"\b(?:tables?|(?:primary|foreign)\s+keys?|keys|indexe?s|indices|endpoints?|"
                          r"constraints?|schemas?|erds?|ddl|columns|queries|migrations?|data\s+model|"
                          r"entities|api)\b", re.IGNORECASE)

# Tables of the database itself: "how to lay out the tables", "how the "tables" should look",
# "at least 8 related tables", "the database tables", "write the CREATE TABLE statements", "is the
# degree a table or a column?", "should they live in the same table?", "my current tables: ...".
_DATABASE_TABLES = re.compile(r"\b(?:lay\s+out|laying\s+out|structure|structuring)\s+(?:the|my|our|these)\s+tables\b|"
                              r"[\"“']tables[\"”']|\b(?:related|database|db|sql|postgres|partitioned|current)\s+tables\b|"
                              r"\bcreate\s+table\b|\btable\s+or\s+(?:a\s+)?column\b|\bcolumn\s+or\s+(?:a\s+)?table\b|"
                              r"\b(?:in|into)\s+(?:the\s+)?same\s+table\b|\bsame\s+table\s+as\b|"
                              r"\btables\s+should\s+look\b|\b(?:what|which)\s+tables\b|"
                              r"\btables\s+(?:would|do|should|will)\s+(?:you|i|we)\b|"
                              r"\b(?:any|other|obvious|more)\s+(?:\w+\s+)?tables\s+(?:i|we)(?:'m|\s+am|'re|\s+are)?"
                              r"\s+missing\b",
                              re.IGNORECASE)

# Tables people sit at: a restaurant's, a wedding's seating plan, a visits hall's. Without any
# such words a brief's "tables" are its database's ("a list of tables with their keys", "what
# junction tables do they need?") or other things ("the water table", "tables/chairs set up").
_SEATED = re.compile(r"\b(?:seat|seats|seated|seating|diners?|\d[\d,]*\s+covers|restaurants?|caf[eé]s?|bistros?|"
                     r"pubs?|banquets?|number\s+of\s+tables|tables?\s+(?:left|free|available|for\s+(?:\d+|two|"
                     r"three|four|five|six|eight|ten))|(?:book|books|booked|booking|reserve|reserves|reserved|"
                     r"taking|takes|take|assigned\s+to)\s+(?:a|one|the|their|your)\s+table)\b", re.IGNORECASE)


# Who wrote or checked the document, in an aside of its title: "(draft 3, owner: Lena K.)".
_DOCUMENT_ROLES = frozenset(("owner", "author", "reviewer", "editor"))


def _labels_a_name(before: str, after: list[Token]) -> bool:
    """True for "owner: Lena" inside an aside or a list: after "(", ";" or a comma ("3,")."""
    return (before in ("(", ";") or before.endswith(",")) and len(after) == 2 and after[0].low == ":" \
        and after[1].text[:1].isupper()


_SQL_STATEMENTS = re.compile(r"\b(?:table|sql|ddl|insert|select)\s+statements?\b", re.IGNORECASE)


# Lists whose lines are their items: "items on my checklist", "items in the basket".
_ITEMISED = frozenset(("checklist", "list", "agenda", "playlist", "wishlist", "basket", "cart", "bundle", "kit",
                       "package", "pack", "box", "hamper", "parcel", "inventory"))
# Words that say a thing is kept to be picked again: "reusable segments", "saved searches".
_SHARED_WORDS = frozenset(("reusable", "re-usable", "saved"))


def _mentions(s: _Sentence, ev: _Evidence) -> None:
    chain = _arrow_chain(s)
    kinds = _listed_kinds(s) if " , " in s.stream else set()
    verbs: dict[int, str] = {}
    for k, (chunk, name) in enumerate(zip(s.chunks, s.names, strict=True)):
        at = next((i for i, w in enumerate(chunk.nouns) if i and w in ("status", "state", "statuses")), 0)
        if at and not _generic(chunk.nouns[at - 1]):
            # "webhooks update the payment status", "order status tracking": what has a status
            # is a stored record.
            _boost(ev, _identifier(singular(chunk.nouns[at - 1])), 1.0, s.index)
        if not name:
            continue
        before = _word_before(s, chunk)
        verb = VERB_FORMS.get(before.low, "") if before is not None and before.tag == "V" else ""
        if not verb and k and k - 1 in verbs:
            between = [t.low for t in s.tokens[s.chunks[k - 1].end:chunk.start]]
            if len(between) == 2 and between[0] in ("or", "and") and between[1] in ("a", "an", "the") \
                    and s.chunks[k - 1].determiner == between[1]:
                verb = verbs[k - 1]  # "book a washer or a dryer": both are booked
        if verb:
            verbs[k] = verb
        if name in _IDENTITY_HEADS and not chunk.plural and verb in _IDENTITY_VERBS:
            continue  # "create an account" is signing up, not a domain record
        if chunk.nouns[-1] in _CHANNELS and len(chunk.words) == 1 and before is not None and before.low == "by":
            continue  # "entries come in by post", "dispatched by radio": how, not a record
        heading = len(s.chunks) == 1 and chunk.start <= 1 and all(t.tag == "Z" for t in s.tokens[chunk.end:])
        labels = chunk.start <= 1 and chunk.end < len(s.tokens) and s.tokens[chunk.end].low == ":"
        if (heading or labels) and name in _SECTION_HEADINGS:
            continue  # "## Open questions", "My questions: should ...": a part of the document
        if labels and s.index == 0 and name in ("project", "product", "client", "customer") and not chunk.plural:
            continue  # "Project: Loans management for the Collections team": the brief's title line
        if chunk.nouns[-1] in _DOCUMENT_PARTS and chunk.end < len(s.tokens) and s.tokens[chunk.end].tag == "N":
            continue  # "Section 4 - Statement of Requirements", "see appendix 2": the document
        if _named_product(s, k):
            continue  # "ClauseLens is a SaaS product": the product, not a table in it
        if _the_bidder(s, chunk):
            continue  # "seeking a vendor to deliver the system": whoever builds it, not a table
        if name in ("call", "meeting", "chat") and not chunk.plural and s.tokens[chunk.end:chunk.end + 1] \
                and s.tokens[chunk.end].low == "with" and chunk.end + 1 < len(s.tokens) \
                and s.tokens[chunk.end + 1].text[:1].isupper():
            continue  # "Notes - call with Priya + Ben (ad sales)": the conversation the notes are of
        if name in _TRAFFIC and chunk.plural and (before is not None and before.tag == "N" or s.tokens[chunk.end:chunk.end + 1]
                                                  and s.tokens[chunk.end].low in ("per", "/", "a")):
            continue  # "500 requests per second", "2k reads/s": load on the system, not records
        prev = [t.low for t in s.tokens[max(0, chunk.start - 2):chunk.start]]
        if prev[-1:] == ["without"] or prev[:1] == ["without"] and prev[-1:] in (["a"], ["an"], ["any"]):
            continue  # "get a price without a home visit": what does not happen is no record
        if name == "slot" and chunk.plural and len(chunk.words) >= 2 and chunk.words[-2] in _DURATIONS \
                and chunk.start >= 2 and s.tokens[chunk.start - 1].tag == "N" and s.tokens[chunk.start - 2].low == "in":
            continue  # "book rooms in 30-minute slots": how long a booking is, not a table
        if name == "message" and (set(chunk.words[:-1]) & {"text", "sms", "whatsapp", "push", "email"} or (
                before is not None and before.low == "a" and s.tokens[chunk.end:chunk.end + 1]
                and s.tokens[chunk.end].low == "to" and chunk.start >= 2 and s.tokens[chunk.start - 2].low == "with")):
            continue  # "a text message the day before", "cancelled with a message to the visitors": a notification
        if before is not None and before.low == "as" and not chunk.determiner and any(
                VERB_FORMS.get(t.low) in ("mark", "flag", "tag", "label") for t in s.tokens[max(0, chunk.start - 6):chunk.start]):
            continue  # "mark a request as urgent", "mark rewards as shipped": a status, not a record
        if chunk.plural and chunk.start >= 3 and s.tokens[chunk.start - 2].low == "in" \
                and (chunk.determiner in NUMBER_WORDS or chunk.determiner[:1].isdigit()) \
                and (s.tokens[chunk.start - 3].low in NUMBER_WORDS or s.tokens[chunk.start - 3].low[:1].isdigit()):
            continue  # "one in five adults has sleep apnoea": a share of people, not a table
        if name in ("book", "notebook", "diary", "whiteboard") and not chunk.plural \
                and chunk.determiner in ("a", "the", "our", "my") and chunk.start >= 2 \
                and s.tokens[chunk.start - 2].low in ("in", "into", "on") and chunk.words[0] not in _SHARED_WORDS:
            continue  # "we log it in a book", "keep everything in a big notebook": today's paper, not a table
        if name == "group" and not chunk.plural and chunk.determiner == "a" and before is not None \
                and before.low == "as":
            continue  # "then, as a group, sketch the data": together, not a table of groups
        if name in ("group", "pair", "team") and chunk.plural and before is not None and before.low == "in" \
                and chunk.start >= 2 and VERB_FORMS.get(s.tokens[chunk.start - 2].low) == "work" \
                and (chunk.end == len(s.tokens) or s.tokens[chunk.end].low in ("of", ";", ",", ":")):
            continue  # "Work in groups of three", "work in pairs": how the class works, not a table
        if name == "question" and (set(chunk.words[:-1]) & _QUESTIONS_ON_THE_TASK
                                   or s.tokens[chunk.end:chunk.end + 1] and s.tokens[chunk.end].low == "from"):
            continue  # "answer the discussion questions", "top question from sales": asked of the writers
        if name in ("comment", "note") and _remark_on_a_verdict(s, k):
            continue  # "returned with comments", "a score and comments": a text column of the record
        if chunk.plural and _counted_with_how_many(s, chunk):
            continue  # "stating how many adults and children it covers": a count, not a record
        if name == "default" and not chunk.plural and before is not None and before.low == "by":
            continue  # "rounds at 08:00 by default": how it is set up, not a record
        if name in ("discount", "premium", "loss", "profit", "cost", "price", "rate") and not chunk.plural \
                and [t.low for t in s.tokens[max(0, chunk.start - 2):chunk.start]] in (["at", "a"], ["at", "no"]):
            continue  # "buy a block of 10 at a discount": how it is sold, not a record
        following = " ".join(t.low for t in s.tokens[chunk.end:chunk.end + 2]) if name == "record" else ""
        if following and not chunk.plural and following in ("for each", "for every", "of each", "of every", "per"):
            continue  # "every press sends a record for each machine cycle": the cycle is the record
        if following and chunk.plural and following in ("of every", "of each", "of all") \
                and k + 1 < len(s.chunks) and s.names[k + 1]:
            _boost(ev, s.names[k + 1], 1.0, s.index)
            continue  # "we have to keep records of every draw": each draw is kept, as a record
        if (len(chunk.words) > 1 and chunk.words[0] in _MARKED) or (
                before is not None and before.low in _MARKED and not chunk.determiner and not chunk.plural):
            continue  # 'translations get flagged "needs review"', "marked paid": a status, not a record
        if _writers_themselves(s, chunk):
            continue  # "we're a team of three students", "our project is a flock backend": the writers, the product
        if _product_to_sell(s, chunk):
            continue  # "turn our tool into a product we can sell": the product, not a table in it
        if name in _SCHEMA_WORDS and len({singular(w.lower()) for w in _SCHEMA_TALK.findall(s.text)}) >= 2:
            continue  # "Give tables, keys and indexes": what the design is made of, not a record
        if name == "table" and _DATABASE_TABLES.search(s.text):
            continue  # "not sure how to lay out the tables": the database's, not a restaurant's
        if name in _DOCUMENT_ROLES and not chunk.plural and len(chunk.words) == 1 and chunk.start \
                and _labels_a_name(s.tokens[chunk.start - 1].low, s.tokens[chunk.end:chunk.end + 2]):
            continue  # "requirements (draft 3, owner: Lena K)": who wrote the document, not a record
        if name == "statement" and _SQL_STATEMENTS.search(s.text):
            continue  # "write the CREATE TABLE statements": SQL, not a bank's statements
        fact = _fact(ev, name)
        fact.mentions += 1
        fact.first = min(fact.first, (s.index, chunk.start))
        if _in_parentheses(s, chunk):
            fact.asides += 1
        if k in kinds:
            fact.kinds += 1
        weight = 0.5
        if chunk.plural:
            weight = 1.0
            fact.plural_seen = True
        elif chunk.determiner in ("each", "every", "a", "an", "any", "another", "one", "per", "by"):
            weight = 1.0
            fact.indefinite = True
        elif chunk.determiner in ("their", "its", "his", "her"):
            fact.indefinite = True  # "for their department": something each of them has
        if k == 0 and chunk.start <= 1 and (s.bullet or chunk.plural and _subject_verb_follows(s, chunk)):
            weight += 1.0  # "Employees of our company submit ...": the sentence's actor
            if s.bullet and chunk.end < s.label_end and singular(chunk.nouns[-1]) not in _COLLECTIONS:
                weight += 0.5  # "5. Withdrawal (nikasi): farmer takes out bags": the item's title
        elif chunk.start == s.label_end and s.names[k - 1] is None:
            weight += 1.0  # "billing: monthly invoice on the 1st": what the item is about
        if heading and s.index > 0 and chunk.start == 0:
            weight += 1.0  # a heading of its own ("**Adverse events.**", "### Seating")
        if len(chunk.nouns) >= 2 and chunk.nouns[-1] in ("record", "records") and name != "record" and not (
                chunk.end < len(s.tokens) and (s.tokens[chunk.end].tag == "D" or s.tokens[chunk.end].low in
                                               ("when", "what", "who", "how", "which", "whether", "that"))):
            weight += 1.0  # "produce the inspection record": a record by name
        if chunk.words[0] in _SHARED_WORDS or (k and s.chunks[k - 1].words[-2:] == ["ordered", "list"]
                                               and s.tokens[chunk.start - 1].low == "of"):
            weight += 1.0  # "reusable user segments", "an ordered list of rules": rows kept and reused
        if k in chain:
            weight += 1.0  # "quote → job → invoice": each step of the flow is a record
        if verb in _LENDING and chunk.plural:
            weight += 1.0  # "we lend tools", "members book courts": what is lent is kept track of
        if verb and verb not in ("be",):
            fact.acted = True
            weight += 1.0 if verb in _CREATION_VERBS else 0.5
            if verb in _CREATION_VERBS:
                fact.created = True
        if before is not None and before.low in ("by", "per") and k > 0 and s.names[k - 1] \
                and not (chunk.start >= 2 and s.tokens[chunk.start - 2].low in _SORTING):
            weight += 1.0  # "reports by ward"; but "sorted by distance" names a column to sort on
        if is_attribute_word(name) and chunk.determiner not in _COUNTED:
            weight *= 0.6 if chunk.plural else 0.25  # "comments", "photos" are often records
        if _product_itself(s, chunk, verb):
            weight = 0.0  # "We build a helpdesk": the product, not a table in it
        if chunk.determiner == "this" and chunk.nouns[-1] in _THIS_DOCUMENT:
            weight = 0.0  # "This document describes the functions": the brief itself
        one_organisation = not chunk.plural and (
            name in ORGANISATION_NOUNS or name.rsplit("_", 1)[-1] in ORGANISATION_NOUNS and "_" in name)
        if one_organisation and (chunk.determiner in ("either", "both") or _ONE_OF_SEVERAL & set(chunk.words)):
            weight, fact.plural_seen = 1.0, True  # "since we opened the second shop", "in either shop": several
        elif one_organisation and chunk.determiner in _WEAK_DETERMINERS + ("a", "an"):
            weight = 0.0  # "the clinic", "a small shop", "my pottery studio": the organisation itself
            fact.itself += 1
        if _after_example_marker(s, chunk):
            weight = 0.0  # "extras such as a child seat": an example value, not a table
        if chunk.start >= 2 and s.tokens[chunk.start - 1].low == "(" and \
                2 <= len(s.tokens[chunk.start - 2].text) <= 3 and s.tokens[chunk.start - 2].text.isupper():
            weight = 0.0  # "Present: JR (chair), AH (caretaker)": someone's role in the meeting
        if chunk.determiner == "per" and not chunk.plural and name in _PER_UNITS:
            weight = 0.0  # "priced per head", "paid per word": a unit of price
        if chunk.plural and chunk.determiner in ("a", "an") and chunk.end < len(s.tokens) \
                and s.tokens[chunk.end].low == "+":
            weight = 0.0  # "a coins + gems wallet": words describing the one thing that follows
        if name in _MEASURES and chunk.determiner and (chunk.determiner[0].isdigit() or chunk.determiner
                                                         in NUMBER_WORDS) or chunk.words[0] in ("square", "cubic") \
                and name in ("meter", "metre", "foot", "feet", "yard", "mile", "kilometre", "kilometer", "inch"):
            weight = 0.0  # "within 20 metres", "up to 40 kg": a unit of measure
        if name in _PLACE_KINDS and not chunk.plural and (chunk.determiner == "one" or chunk.start >= 1
                                                           and s.tokens[chunk.start - 1].low == "single"):
            weight = 0.0  # "~400 members, one site", "a single warehouse": the size of the business
        if chunk.start >= 1 and s.tokens[chunk.start - 1].low == "no" \
                and (chunk.end == len(s.tokens) or s.tokens[chunk.end].tag == "Z"):
            weight = 0.0  # "no card payments", "no refunds": ruled out where it is said
        if _a_rate(s, k):
            weight = 0.0  # "3,000 passengers a season", "40 orders per shift": how often, not a thing
        if chunk.start >= 2 and s.tokens[chunk.start - 1].low == "of" \
                and s.tokens[chunk.start - 2].low in ("number", "amount", "count", "quantity"):
            weight = 0.0  # "the number of cases": a figure on the record, not a table
        if chunk.nouns[-1] in _IDIOM_OF and chunk.end < len(s.tokens) and s.tokens[chunk.end].low == "of":
            weight = 0.0  # "keep track of", "on behalf of", "take care of": idioms, not things
        if chunk.nouns[-1] in _PAYMENT_MEANS and not chunk.plural and (chunk.determiner in ("", "by") and (
                len(chunk.words) == 1 or chunk.words[-2] in ("bank", "credit", "debit", "direct"))
                or chunk.determiner in ("a", "an") and chunk.words[-2:] == ["bank", "transfer"]):
            weight = 0.0  # "pay by card", "card or account customers", "send them a bank transfer": how they pay
        if name == "book" and chunk.plural and len(chunk.words) == 1 and chunk.start >= 2 \
                and s.tokens[chunk.start - 1].low in ("their", "the", "your", "my", "our", "his", "her") \
                and VERB_FORMS.get(s.tokens[chunk.start - 2].low) in ("do", "keep", "balance", "cook", "close"):
            weight = 0.0  # "freelancers who hate doing their books": the bookkeeping, not books
        if chunk.nouns[-1] in _LENGTH_OF_TIME and len(chunk.words) == 2 and f"{singular(chunk.words[0])}s" in TIME_SPANS \
                and chunk.start >= 1 and s.tokens[chunk.start - 1].tag == "N":
            weight = 0.0  # "12-month term, auto-renews", "a 30-day trial": how long, not a record
        if chunk.plural and chunk.end + 1 < len(s.tokens) and s.tokens[chunk.end].low == "used" \
                and s.tokens[chunk.end + 1].low in ("from", "on", "in", "for", "at", "during") \
                and _RECORDING.search(s.text):
            weight += 1.0  # "record work done and materials used from their van stock": what each job consumed
        if before is not None and before.low == "for" and k > 0 and s.chunks[k - 1].end == chunk.start - 1 \
                and singular(s.chunks[k - 1].nouns[-1]) in ("report", "summary", "dashboard", "statistic", "stat"):
            weight = 0.0  # "termly reports for governors", "an impact report for funders": who reads it
        after = [t.low for t in s.tokens[chunk.end:chunk.end + 3]] + ["", "", ""]
        every = after[0] == "every" and (singular(after[1]) in _PERIODS or (
            after[1].isdigit() or after[1] in NUMBER_WORDS) and singular(after[2]) in _PERIODS)
        if chunk.nouns[-1] in _DONE_REGULARLY and (every or len(chunk.words) >= 2
                                                   and set(chunk.words[:-1]) & FREQUENCY_WORDS):
            # "drivers do their daily walkaround check", "a LOLER inspection every 6 months": a record
            # made again and again
            weight += 1.5
        if not chunk.plural and _labelled_part(s, chunk, name):
            weight = 0.0  # "£1,050 part A on application, £300 part B on grant": a labelled part of something
        if "separate" in chunk.words[:-1] and chunk.plural and before is not None and before.low in ("are", "as", "be"):
            weight += 1.5  # "rewatches are separate diary entries": a record the brief defines
        if name == "plan" and len(chunk.words) >= 2 and chunk.words[-2] in _PRICE_TIERS:
            weight += 1.0  # "kept 90 days on paid plans, 7 days on the free plan": plans people buy
        if name in ("click", "tap") and not chunk.plural and chunk.determiner in ("one", "a", "single") \
                and before is not None and before.low in ("in", "with"):
            weight = 0.0  # "turn them into an invoice in one click": how easy, not a record
        if chunk.nouns[-1] in _SHARE_OF and chunk.determiner in ("a", "an") and chunk.end < len(s.tokens) \
                and s.tokens[chunk.end].low == "of":
            weight = 0.0  # "takes a big chunk of the income": an amount, not a record
        _boost(ev, name, weight, s.index)


# Questions put to whoever does the exercise or to the team, not ones the product keeps.
_QUESTIONS_ON_THE_TASK = frozenset(("discussion", "clarifying", "follow-up", "interview", "exam", "exercise", "top"))
# Words that make one organisation one of several: "the second shop", "our other branch".
_ONE_OF_SEVERAL = frozenset(("second", "third", "fourth", "fifth", "other", "newest"))
_SORTING = frozenset(("sorted", "sort", "sorts", "ordered", "order", "ranked", "rank", "ranks", "prioritise",
                      "prioritize", "prioritised", "prioritized"))
_MEASURES = frozenset(("metre", "kilometre", "kilometer", "km", "mile", "foot", "feet", "yard",
                       "inch", "centimetre", "centimeter", "millimetre", "kilo", "kilogram", "kg", "gram",
                       "tonne", "ton", "litre", "liter", "gallon", "degree", "hectare", "acre", "percent"))
_PERIODS = frozenset(("day", "week", "month", "year", "season", "term", "semester", "quarter", "night",
                      "weekend", "hour", "minute", "second", "fortnight", "shift", "session", "weekday", "weeknight",
                      "workday"))


def _a_rate(s: _Sentence, k: int) -> bool:
    """Whether phrase k is the period of a count before it: "3,000 passengers a season"."""
    chunk = s.chunks[k]
    if k == 0 or chunk.plural or len(chunk.nouns) != 1 or s.names[k] not in _PERIODS \
            or chunk.determiner not in ("a", "an", "per", "every", "each"):
        return False
    counted = s.chunks[k - 1]
    return counted.end == chunk.start - 1 and counted.plural and bool(counted.determiner) \
        and (counted.determiner[0].isdigit() or counted.determiner in NUMBER_WORDS)


def _in_parentheses(s: _Sentence, chunk: Chunk) -> bool:
    """Return True for a phrase in a list inside parentheses: "(chefs, waiters, bartenders)"."""
    depth, opened = 0, -1
    for i, tok in enumerate(s.tokens[:chunk.start]):
        if tok.low == "(":
            depth, opened = depth + 1, i
        elif tok.low == ")":
            depth -= 1
    if depth <= 0 or chunk.possessive or (chunk.start and s.tokens[chunk.start - 1].tag == "N"):
        return False  # "(their parents' contacts)", "(2 digital presses)": real things
    close = next((j for j in range(chunk.end, len(s.tokens)) if s.tokens[j].low == ")"), len(s.tokens))
    # "(and their parents' contacts)" adds a thing; "(chefs, waiters and bartenders)" lists kinds
    return any(t.low in (",", "and", "or", "/", "+") for t in s.tokens[opened + 2:close])


def _subject_verb_follows(s: _Sentence, chunk: Chunk) -> bool:
    """Return True when a verb follows the phrase: "Readings must be validated", "Charges per
    sample go to": the sentence is about these things."""
    after = s.tokens[chunk.end] if chunk.end < len(s.tokens) else None
    return after is not None and (after.tag in ("V", "M") or after.low == "per")


_MAKING = frozenset(("build", "create", "make", "develop", "design", "launch", "need", "want"))
_MADE_RECORDS = frozenset(("report", "note", "record", "log", "entry", "request", "claim", "invoice",
                           "booking", "order", "reservation", "appointment", "quote", "ticket"))


def _product_itself(s: _Sentence, chunk: Chunk, verb: str) -> bool:
    """Return True for "we (want to) build a X": the thing being built is the product."""
    if verb not in _MAKING or chunk.plural or (
            verb in ("make", "create") and singular(chunk.nouns[-1]) in _MADE_RECORDS):
        return False  # "we make a damage report", "we create an invoice": records, not the product
    before = _word_before(s, chunk)
    i = s.tokens.index(before) - 1 if before is not None else -1
    while i >= 0 and (s.tokens[i].tag in ("M", "A") or s.tokens[i].low in ("to", "want", "need")):
        i -= 1
    # "we want to build a helpdesk", "the committee let me build a replacement", and the
    # imperative "build a hacker news style aggregator"
    return i >= 0 and s.tokens[i].low in ("we", "i", "you", "me", "us") or (
        before is not None and s.tokens.index(before) == 0 and s.index == 0)


def _writers_themselves(s: _Sentence, chunk: Chunk) -> bool:
    """Return True for the people writing the brief or their own project: "we're a team of
    three students", "our project is a flock management backend"."""
    before = " ".join(t.low for t in s.tokens[max(0, chunk.start - 6):chunk.start]) + " "
    if _WE_ARE_A_TEAM.search(before) or (not chunk.plural and re.search(
            r"(?:^|\s)(?:we're|we’re|we\s+are|i'm|i’m|i\s+am)\s+(?:a|an)\s+$", before)):
        return True  # "we're a contract moulder with 60 presses": the writers themselves
    after = [t.low for t in s.tokens[chunk.end:chunk.end + 1]]
    return chunk.determiner == "our" and not chunk.plural and singular(chunk.nouns[-1]) in ("project", "assignment") \
        and after in (["is"], ["was"])


_WE_ARE_A_TEAM = re.compile(r"\b(?:we're|we’re|we\s+are|i'm|i\s+am)\s+(?:a|an|one\s+of)\s+(?:small\s+)?(?:team|group)\s+of\s+"
                            r"(?:[\w-]+\s+)?$")


def _product_to_sell(s: _Sentence, chunk: Chunk) -> bool:
    """Return True for "turn our tool into a product we can sell": the product being built."""
    if chunk.plural or chunk.determiner not in ("a", "an") or singular(chunk.nouns[-1]) not in _PRODUCT_NOUNS:
        return False
    before = _word_before(s, chunk)
    after = [t.low for t in s.tokens[chunk.end:chunk.end + 4]]
    if before is not None and before.low == "for" and chunk.start >= 3 \
            and s.tokens[chunk.start - 3].low in _BUILT_PARTS:
        return True  # "designing the backend for a flight price alert product": what is built
    return (before is not None and before.low in ("into", "as")) or bool(
        after and after[0] in ("we", "i") or after[:2] in (["that", "we"], ["which", "we"]))


# The parts of a product a brief asks to design: "the backend for a price alert product".
_BUILT_PARTS = frozenset(("backend", "back-end", "api", "database", "schema", "architecture", "server", "design",
                          "mvp", "prototype"))


# Who a tender or a request for proposals asks to build the product.
_BIDDERS = frozenset(("vendor", "supplier", "contractor", "provider", "consultant", "bidder", "tenderer",
                      "developer", "agency", "integrator", "partner"))
_BUILDING = frozenset(("deliver", "build", "provide", "implement", "develop", "supply", "design", "host",
                       "operate", "maintain", "support", "migrate"))


def _the_bidder(s: _Sentence, chunk: Chunk) -> bool:
    """Return True for "seeking a vendor to deliver ...", "the Supplier shall provide ...": in a
    tender, the one who builds the product."""
    if chunk.plural or singular(chunk.nouns[-1]) not in _BIDDERS or chunk.determiner not in ("a", "an", "the", ""):
        return False
    after = [t.low for t in s.tokens[chunk.end:chunk.end + 3]]
    return len(after) >= 2 and (after[0] == "to" or after[0] in ("shall", "will", "must")) \
        and VERB_FORMS.get(after[1]) in _BUILDING


_PRODUCT_NOUNS = frozenset(("product", "platform", "app", "application", "tool", "service", "site",
                            "website", "marketplace", "portal", "system", "solution", "saas"))


def _named_product(s: _Sentence, k: int) -> bool:
    """Return True for "ClauseLens is a SaaS product where ...": what a name is, is the product."""
    chunk = s.chunks[k]
    return k > 0 and s.chunks[k - 1].proper and chunk.determiner in ("a", "an") and not chunk.plural \
        and chunk.nouns[-1] in _PRODUCT_NOUNS \
        and chunk.start == s.chunks[k - 1].end + 2 and s.tokens[s.chunks[k - 1].end].low in ("is", "'s")


_EXAMPLE_MARKERS = (("such", "as"), ("for", "example"), ("e.g",), ("eg",), ("like",), ("including",),
                    ("but", "also"))


_MARKER_ENDS = frozenset(m[-1] for m in _EXAMPLE_MARKERS)
# Words for a range of offerings: what a colon lists after them are examples, not tables.
# Lists whose bare "items" are their own rows: "go through the checklist ... mark each item".
_ITEM_HOLDERS = frozenset(("checklist", "wishlist", "playlist", "menu"))
_COLLECTIONS = frozenset(("catalogue", "catalog", "menu", "range", "assortment", "selection",
                          "lineup", "portfolio", "type", "kind", "category", "example", "variety"))


# What a catalogue or menu is made of, not examples of what it offers: "the menu: categories,
# items and modifiers".
_COLLECTION_PARTS = frozenset(("category", "item", "section", "modifier", "option", "variant", "product",
                               "price", "add_on", "extra"))


def _after_example_marker(s: _Sentence, chunk: Chunk) -> bool:
    """Return True when the phrase is one of the examples after "such as", "like", "e.g."."""
    return chunk.start in _example_positions(s)


def _example_positions(s: _Sentence) -> frozenset[int]:
    """Token positions inside an example list: after a marker, up to a verb or ; or :."""
    cached = s.__dict__.get("_examples")
    if cached is not None:
        return cached
    positions: set[int] = set()
    tokens = s.tokens
    inside = False
    for i, tok in enumerate(tokens):
        if tok.low in (";", ":", ")") or tok.tag in ("V", "M", "R"):
            inside = False  # also "(e.g. a men's pair, and we have separate ladders)": a clause of its own
        if inside:
            positions.add(i)
        if tok.low == ":" and i > 0 and singular(tokens[i - 1].low) in _COLLECTIONS:
            inside = True  # "product catalogue: loaves, pastries, cakes": what is on offer
            continue
        if tok.low not in _MARKER_ENDS or tok.tag == "V":
            continue  # "retweet and like tweets": the verb, not "such as"
        for marker in _EXAMPLE_MARKERS:
            n = len(marker)
            if i + 1 >= n and tuple(t.low for t in tokens[i + 1 - n : i + 1]) == marker:
                inside = True
    s.__dict__["_examples"] = frozenset(positions)
    return s.__dict__["_examples"]


def _word_before(s: _Sentence, chunk: Chunk) -> Token | None:
    i = chunk.start - 1
    while i >= 0 and s.tokens[i].tag in ("D", "N", "A"):
        i -= 1
    return s.tokens[i] if i >= 0 else None


_SUBJECT_NEXT = re.compile(r"^(?:can|could|may|must|should|will|need|needs|want|wants|get|are|is)\b")


def _actors(s: _Sentence, ev: _Evidence) -> None:
    for tok in s.tokens:
        lemma = singular(tok.low)
        if lemma in ROLE_NOUNS or lemma in PERSON_NOUNS or tok.low in ("staff", "admins"):
            if lemma in ("partner", "provider", "engineer", "developer", "people", "person"):
                continue
            ev.actors.setdefault(lemma, lemma in ROLE_NOUNS or lemma in ("staff", "user"))
    for k, chunk in enumerate(s.chunks):
        name = s.names[k]
        if not name:
            continue
        after = " ".join(t.low for t in s.tokens[chunk.end : chunk.end + 2])
        next_tag = s.tokens[chunk.end].tag if chunk.end < len(s.tokens) else ""
        if chunk.plural and (_SUBJECT_NEXT.match(after) or next_tag == "V"):
            # People who act are actors; other things that act are at least real things.
            _boost(ev, name, 1.0 if _fact(ev, name).person else 0.5, s.index)
        if next_tag == "V" or _SUBJECT_NEXT.match(after):
            _fact(ev, name).acted = True


# Placeholders and the words around them.
_E = r"@(\d+)"
_DET = r"(?:(?:(?:its|their|his|her|our|your|my) own|a|an|the|each|every|one|its|their|his|her|our|your|any|this|that|exactly one|a single)\s+)?"
_QUANT = (
    r"many|several|multiple|one or more|a number of|a list of|any number of|zero or more|"
    r"some|a few|a set of|lots of|a lot of|numerous|various|one or many|unlimited|up to \d[\d,]*|"
    r"\d[\d,]* or more|\d[\d,]* (?:to |or )?\d[\d,]*|\d[\d,]* \+|(?:two|three|four|five|six) (?:or|to) (?:three|four|five|six|seven|eight|ten)|(?:about|around|roughly|approximately|nearly|over) \d[\d,]*|\d[\d,]*|"
    r"more than one|two or more|at least one|one or two|a couple of"
)
_Q = rf"(?:(?P<q>{_QUANT})\s+)?"
_NQ = rf"(?:(?:{_QUANT})\s+)?"  # the same, not captured
_HAS = (
    r"(?:has|have|had|contain|contains|include|includes|hold|holds|own|owns|consist of|consists of|"
    r"is made up of|are made up of|(?:is |are )?made of|comes with|come with|carry|carries|is composed of|"
    r"are composed of|keep|keeps|record|records|store|stores|track|tracks|lists?|defines?|"
    r"specif(?:y|ies)|carr(?:y|ies))"
)
_MODS = r"(?:(?:can|could|may|will|shall|should|must|might|either|normally|generally|usually|typically|often|also|always|only|then|each|all|both) )*"
# "clients (pet owners) have pets": details in parentheses may stand between owner and verb.
_ASIDE = r"(?:\( [^()]* \) )?"
_HAS_RE = re.compile(rf"{_E} {_ASIDE}{_MODS}(?:to (?=have |include |contain ))?{_HAS} (?P<rest>[^;:]+)")
_WITH_RE = re.compile(rf"{_E} (?:(?:[a-z]+ )?(?:is|are) (?:recorded|stored|kept|logged|saved|captured) )?"
                      rf"(?:with|having) (?P<rest>[^;:]+)")
_FOR_EACH_RE = re.compile(
    rf"(?:for|about|per|on) (?:each|every|a|an) {_E} (?:,\s)?(?:[a-z]+ ){{0,3}}?"
    rf"(?:store|stores|keep|keeps|record|records|track|tracks|need|needs|capture|captures|save|"
    rf"saves|hold|holds|want|know|list|show) (?:to (?:store|keep|know|record|track) )?(?P<rest>[^;]+)"
)
_COUNTED_KINDS_RE = re.compile(r"\b\d[\d,]* @(?P<k>\d+) (?::|;|-|–) (?P<rest>.+)")
_COLON_RE = re.compile(rf"^{_E} (?::|-|–) (?P<rest>.+)")
# "HQ owns the menu: categories, items and modifiers": what the subject keeps, then its parts.
_OWNS_COLON_RE = re.compile(rf"\b(?:(?:owns?|keeps?|holds?|manages?|maintains?|runs?|defines?|controls?|publish(?:es)?|"
                            rf"edits?|logs?|records?|stores?|captures?|tracks?|(?:keep|keeps|keeping) track of) (?:the|its|their|our|a|an|one|each|every) "
                            rf"(?:[^@:;,]{{0,40}} )?|(?!has |have |had |with )[a-z]+ (?:a|an) ){_E} : (?P<rest>.+)")
# "8 workstations, each with its own forge and anvil", "3 branches, each has about 4 bays".
_EACH_HAS_RE = re.compile(rf"{_E} (?:\( [^()]* \) )?, each (?:one )?(?:with|has|have|having|holds|contains|containing|"
                          rf"comes with|split into|divided into|made up of) (?P<own>(?:(?:its|their|his|her) )?own )?(?P<rest>[^;:]+)")
_IN_EACH_RECORD_RE = re.compile(
    r"(?:^|, |; )(?:in|at|during|after) (?:each|every) @(?P<o>\d+) (?:, )?(?:the @\d+ |we |they |you )?"
    r"(?:records?|logs?|keeps?|notes?|tracks?|captures?) (?P<rest>[^;:]+)")
_DEFINED_RE = re.compile(rf"{_E} (?P<sep>=|:|-|–) (?P<rest>.+)")
_MARKER = re.compile(r"@\d+")
_AND_HAS_RE = re.compile(r"(?:\band|,) (?:also )?(?:(?:can|may|will|must|should|could) (?:also )?)?"
                         r"(?:has|have|contains?|includes?) (?P<rest>[^;:]+)")


def _at_each_phrase(rx: re.Pattern[str], stream: str):
    """Yield rx's matches starting at every phrase marker, overlapping ones included
    ("a report contains expenses; each expense has a date" holds two)."""
    for marker in _MARKER.finditer(stream):
        m = rx.match(stream, marker.start())
        if m:
            yield m
_ITEM_RE = re.compile(
    rf"^(?:(?:,|and|or|as well as|plus|also|\+)\s+)*(?:(?P<q1>{_QUANT})\s+)?(?:which |what )?{_DET}"
    rf"(?:(?P<q2>{_QUANT})\s+)?@(?P<k>\d+)(?: of @(?P<of>\d+))?"
)
_BELONGS_RE = re.compile(
    rf"{_E} {_MODS}(?:belongs?|belonging|is owned by|are owned by|is part of|are part of|"
    rf"(?:(?:are|is) )?(?P<into>grouped|organi[sz]ed|divided|sorted|split|collected|arranged|kept|listed) "
    rf"(?:into|in|under|by)|"
    rf"sits? in|is (?:held|kept|stored) (?:in|at|by)|(?:is|are) (?:\w+ )?(?:based|located|stationed|parked) "
    rf"(?:at|in)|takes? place (?:at|in)|(?:is|are) (?:always |only )?in(?= (?:a|an|one|exactly one|a single) )|"
    rf"(?:plays?|operates?|works?) out of(?= (?:a|an|one) )"
    rf") (?:to )?{_DET}{_Q}{_E}"
)
# "each collection is of one species, at one site, ..., by one or more collectors"
_IS_OF_ONE_RE = re.compile(rf"{_E} (?:is|are) (?:always |only )?(?=(?:of|at|from|for|in|on|about) "
                           rf"(?:one|a single|exactly one) @\d+)")
_AND_OF_ONE_RE = re.compile(r"(?: ,)?(?: and)? ?(?:of|at|from|for|in|on|about|by|with) "
                            r"(?P<q>one or more|one|a single|exactly one|several|many) @(?P<e>\d+)")
# "a finding points to a vulnerability in the catalog", "each claim references one policy"
_REFERS_RE = re.compile(rf"{_E}(?: (?:about|for|from|of) (?:the |a |an )?(?:same )?@\d+)? {_MODS}(?:always |only )?"
                        rf"(?:points?|refers?|links?|attach(?:es)?) to {_DET}{_E}|"
                        rf"{_E} {_MODS}(?:always |only )?references? {_DET}{_E}")
_LINKED_VERBS = ("assigned", "linked", "attached", "tied", "associated", "allocated", "connected", "related",
                 "mapped", "given", "registered")
_LINKED_RE = re.compile(
    rf"{_E} {_ASIDE}{_MODS}(?:(?:is|are|gets|get|be|can be|must be|will be|should be|becomes) (?:\w+ ){{0,3}}?)?"
    rf"(?P<v>{'|'.join(_LINKED_VERBS)}) (?P<p>to|with) (?:one of (?:the|our|their|its) )?{_DET}{_Q}@(?P<e1>\d+)(?: (?:\+|and) {_DET}@(?P<e2>\d+))?"
)
# A record "assigned to", "linked to" or "attached to" another exists before the link: the key
# that says so may be empty (see datamodel).
LINKED_LABELS = frozenset(f"{v} {p}" for v in _LINKED_VERBS for p in ("to", "with"))
# "Inspectors get assigned inspections", "each driver is assigned a route": what they are given.
_GETS_ASSIGNED_RE = re.compile(rf"{_E} {_MODS}(?:get|gets|are|is|will be|can be) (?:\w+ )?assigned {_DET}{_Q}{_E}")
# What many records can hold at once: "which build contains which component" (each component is in
# many builds), "which services use which library".
_SHARED_BY_MANY = frozenset(("contain", "include", "use", "need", "require", "stock", "carry"))
# One record made from another: "Accepted quote becomes a job", "the load becomes a shipment",
# "when an offer is accepted it becomes a contract".
_BECOMES_RE = re.compile(
    rf"(?:@(?P<was>\d+)|(?:when|once|if|after) (?:an? |the )?@(?P<it>\d+) (?:is|are|gets|get) (?:\w+ )?"
    rf"(?:accepted|approved|signed|confirmed|agreed|won|booked|converted)(?: ,)? (?:it|this|that|they)) {_MODS}"
    rf"(?:becomes?|turns? into|(?:is|are|gets?) (?:converted|turned) into) (?:an?|the|one) @(?P<made>\d+)"
)
_TURNED_INTO_RE = re.compile(r"\b(?:turns?|turned|converts?|converted|makes?)\s+(?:an?|the|each|every)\s+"
                             r"@(?P<was>\d+)\s+into\s+(?:an?|the|one)\s+@(?P<made>\d+)")
_BY_AGENT_RE = re.compile(
    rf"{_E} {_MODS}(?P<aux>is|are|be|get|gets|was|were|has been|have been) (?:\w+ )?(?P<v>[a-z]+ed|made|held|done|written|taken|"
    rf"given|run|sent|paid|sold|kept) (?:by|with) {_DET}{_Q}{_E}"
)
# "browse books, add them to a cart": what "them" stands for goes into the container.
_ASSIGN_EACH_ONE_RE = re.compile(rf"\b(?:assign|assigns|allocate|allocates) (?:each one|each of them|them|it|these|those) "
                                 rf"to {_DET}@(?P<to>\d+)")
_ADD_THEM_RE = re.compile(rf"\b(?P<v>add|adds|adding|put|puts|putting) (?:them|these|those) (?:to|in|into) "
                          rf"{_DET}{_E}")
_ASSIGNS_PER_RE = re.compile(r"(?:assign|assigns|assigned|allocate|allocates|allocated) (?:one or more|several|multiple|"
                             r"up to \d+|\d+ or \d+|two or three|one or two) @(?P<who>\d+) (?:per|to each|for each|on each) "
                             r"@(?P<per>\d+)")
# "teachers enter their pupils for a session", "a coach can enter several swimmers in a gala"
_ENTERS_FOR_RE = re.compile(rf"@(?P<who>\d+) (?:can |may |will |must )?(?:enter|enters|entered) {_DET}{_NQ}@(?P<e>\d+)"
                            rf"(?: at once)? (?:for|in|into) {_DET}{_NQ}@(?P<ev>\d+)")
_ASSIGN_RE = re.compile(
    rf"(?P<v>assign|assigns|assigned|assigning|allocate|allocates|allocating|attach|attaches|link|"
    rf"links|match|matches|matching|dispatch|dispatches|add|adds|adding) {_DET}{_Q}{_E}(?: \( [^()]* \))?"
    rf"(?: and (?:an? |the |one )?{_E})? (?:to|with) {_DET}{_E}"
)
# "clients book an appointment with one of our notaries": whom the booking is with.
_BOOK_WITH_RE = re.compile(
    rf"(?:book|books|booked|booking|schedule|schedules|scheduled|make|makes|request|requests) "
    rf"{_DET}{_Q}{_E} with (?:one of |any of )?(?:our |the |their |a |an |any )?{_E}")
# "parts used on a job are recorded (part no., qty)": things from stock, many per job and each
# used on many jobs over time: a join, with the quantity.
_USED_ON_RE = re.compile(rf"{_E} (?:used|fitted|consumed|installed|replaced) (?:on|in|for|during|at) "
                         rf"(?:each|every|a|an|the|one|that|this) {_E}")
# "create a job for a client", "raise an invoice for each order": made for that record, and many
# of them over time (a cue weaker than "has": see _resolve_structure).
_MADE_FOR_RE = re.compile(
    rf"(?:create|creates|created|creating|open|opens|opened|raise|raises|raised|log|logs|logged|"
    rf"set up|sets up|book|books|booked|schedule|schedules|scheduled|issue|issues|issued|"
    rf"generate|generates|generated|add|adds|added) {_DET}{_E} for "
    rf"(?:a|an|the|each|every|one|their|its|his|her|our|that|this) {_E}")
# "see which fitter did which job", "which driver delivered which parcel": the job records its fitter.
_WHICH_EACH_HAS_RE = re.compile(r"\bwhich @(?P<x>\d+) (?:each|every) @(?P<y>\d+) (?:has|have|had) (?:a|an) "
                                r"@(?P<z>\d+) (?:with|against|for)\b")
_COUNTS = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+)"
_MADE_OF_COUNT_RE = re.compile(rf"(?:^|, |; )(?:a|an|each|every|one) @(\d+) (?:is|consists of|is made up of|comprises) "
                               rf"(?:between )?{_COUNTS}(?: (?:or|to|and) {_COUNTS})? @(\d+)")
# "which tram types are permitted on which sections": the passive too
_WHICH_DID_RE = re.compile(rf"\bwhich {_E} (?:(?:is|are|was|were|can be|may be) (?!(?:on|in|at|to|for|with)\b))?(?P<v>[a-z]+)(?: (?:on|in|at|to|for|with))? "
                           rf"which {_E}(?: (?:that|each|every|this|per|a) (?:@(?P<when>\d+)|(?P<period>year|season|term)))?")
_WHEN_AGAIN = re.compile(r"\b(?:year|season|term|show|festival|event)s?\b")
_THEIR_RE = re.compile(rf"{_E} (?:and|with|along with|together with) (?:their|its|his|her) {_Q}{_E}")
_PER_RE = re.compile(rf"(?:one|a|an|exactly one|a single|only one) {_E} (?:per|for each|for every) {_E}")
_BY_RE = re.compile(rf"{_E} (?:by|per|for each|grouped by|sorted by|filtered by) {_E}")
# "manages tasks and notes on each claim", "reserves are set and adjusted per claim": records kept
# against each of another.
_ON_EACH_RE = re.compile(rf"{_E}(?: (?:,|and) {_E})? (?:on|for|against|attached to|(?:are|is) (?:[a-z]+ )"
                         rf"{{1,3}}?(?:per|for each|for every|on each)) (?:each|every) {_E}|"
                         rf"{_E} (?:are|is) (?:[a-z]+(?: and [a-z]+)? )?per {_E}")
_PEOPLE_ON_RE = re.compile(rf"\b(?:each|every|all|any) (?:the )?{_E} (?:on|in|named on|listed on) (?:a|an|the|each|every|their|that) {_E}")
_PEOPLE_ON = frozenset(("booking", "reservation", "registration", "enrollment", "enrolment", "order",
                        "application", "entry", "ticket"))
# "a booking needs the names of all players": the players are on the booking, many of them.
_NAMES_OF_RE = re.compile(rf"{_E} (?:[a-z]+ ){{1,2}}?the {_E} of (?:all |the |its |their |each )?(?:the )?{_E}")
_NAMES_WORDS = frozenset(("names", "details", "contacts", "identities"))
# "up to 4 players per booking", "two referees per match": how many of a thing one record has.
_COUNT_PER_RE = re.compile(rf"\b(?:\d+|two|three|four|five|six|eight|ten|twelve|several|multiple) "
                           rf"{_E} (?:per|for each|for every|on each|in each) (?:a |an |one )?{_E}")
# "showtimes on a screen", "report issues for his room": a looser cue, used only for a record
# that nothing else links (see _link_orphans).
# "parts used on a job", "photos taken during an inspection": a participle may come between.
# With no determiner only "to" and a plural ("payouts to consignors") is clear enough.
_LOOSE_RE = re.compile(rf"{_E} (?:(?:[a-z]+ed|used|made|sent|done|taken|kept|held|sold|given|"
                       rf"written|run|paid|left|brought) )?"
                       rf"(?P<p>of|for|in|on|at|into|to|under|from|per|after|before|about|against|"
                       rf"during|within) "
                       rf"(?P<d>each|every|a|an|the|one|their|its|his|her|our|your|my|that|this|"
                       rf"one of (?:the |our |their |its |his |her |my )?(?:\d+ |two |three |four |five )?)?"
                       rf" ?{_E}")
# "46 charge points across 19 sites", "120 machines installed across 40 locations": each site has some.
_ACROSS_RE = re.compile(rf"(?:\d[\d,.]*|several|many|dozens of|hundreds of|thousands of) {_E} (?:(?:spread|located|installed|based|placed|deployed|split) )?across "
                        rf"(?:the |our |its |their |all |(?:\d+|two|three|four|five|six|seven|eight|nine|"
                        rf"ten|several|many) )?{_E}")
# "jobs execute on runners (ours or self-hosted)": each job runs on one runner.
_RUNS_ON_RE = re.compile(rf"{_E} {_MODS}(?:run|execute|are run|are executed) on (?:a |an |one |the |their )?{_E}")
# "a pipeline run, split into jobs and each job into steps": each job has its steps.
_AND_EACH_INTO_RE = re.compile(rf"\binto @\d+ and (?:each|every) {_E} into {_E}")
# "coding problems (about 3,000, each tagged by topic)": topics shared by many problems.
_TAGGED_ASIDE_RE = re.compile(rf"{_E} \( [^()]*?\beach (?:one )?(?:is )?(?:tagged|labelled|labeled|categori[sz]ed) "
                              rf"(?:by|with|under) (?:a |one or more |several )?{_E}")
# "every press sends a record for each machine cycle": the press has its cycles.
_RECORD_FOR_EACH_RE = re.compile(rf"{_E} {_MODS}(?:sends?|logs?|writes?|creates?|produces?|keeps?|emits?|stores?|"
                                 rf"gets?) (?:a |one )?{_E} (?:for|of|per) (?:each|every) {_E}")
# "AC units (2 sockets each)", "exercises (each with a demo video)": how many of a thing each one
# has, said in passing.
_EACH_ASIDE_RE = re.compile(rf"{_E} \( (?:(?:\d+|one|two|three|four|five|six|several|a few|up to \d+) "
                            rf"{_E} each\b|each (?:with|has|having) (?:a |an |one |its own |several |many )?{_E} \))")
# "the booking is for a day, an hour and a line": each of those has many of it.
_IS_FOR_RE = re.compile(rf"{_E} (?:is|are) (?:always |only |usually |normally )?for (?P<rest>"
                        rf"(?:a|an|one|the|each|a single) @\d+.*)")
# Notes: "One ticket, several garments": a record and how many of a thing it has.
_ONE_SEVERAL_RE = re.compile(rf"(?:^|, |; )(?:one|each|a|an|every) {_E} , (?P<q>{_QUANT}) {_E}")
_OF_RE = re.compile(rf"{_E} (?:of|for|in|on|from) (?P<d>each|every|a|an|the|one|any|their|its)? ?{_E}")
_M2M_RE = [
    re.compile(rf"{_E} and {_E} (?:have |has |are in |share |form |is |are )?(?:a )?many[- ]to[- ]many"),
    re.compile(rf"many[- ]to[- ]many (?:relationship |relation |link |association )?between {_E} and {_E}"),
    re.compile(
        rf"{_E} {_MODS}(?P<v>be in|be on|appear in|be part of|be (?:a )?members? of|be tagged with|belong to|"
        rf"be linked to|play (?:for|in)|work (?:on|for)|serve on|sit on|sign up for|register for|"
        rf"be (?:enrolled|registered|booked|entered) (?:in|on|for|into)|are in|are on|"
        rf"be shared (?:across|between|among)|be assigned to|be listed in|be placed in|join|attend|"
        rf"enroll in|enrol in|enrolls in|enrols in|take|takes|be used in|be used by) "
        rf"(?:many|several|multiple|one or more|any number of|various|different) {_E}"
    ),
    # "enrol each of my kids in one or more classes", "assign staff to several events", "put a
    # patient on one or more diet codes".
    re.compile(rf"(?P<v>enrol|enroll|enrols|enrolls|register|registers|assign|assigns|sign up|put|puts|place|places) "
               rf"(?:each of |all of )?(?:my |our )?{_DET}{_E} (?:in|on|for|to|into) "
               rf"(?:one or more|several|multiple|many|any number of|different) {_E}"),
    # "a delivery can finish in more than one batch": whatever the verb, it spans several.
    re.compile(rf"{_E} (?:can|may|could|might|will) (?:also |sometimes |even )?(?:be )?[a-z]+ "
               rf"(?:up )?(?:in|into|on|across|between|over) (?:more than one|several|multiple|"
               rf"two or more|many|different) {_E}"),
    # "players form teams", "participants form teams of up to 4": people joining groups.
    re.compile(rf"{_E} {_MODS}(?P<v>form|forms) (?:their own |small )?{_E}"),
    # "one allergen is found in many dishes", "a colour is used across several ranges": the same
    # thing in many records, said of the thing
    re.compile(rf"{_E} {_MODS}(?:is|are|gets|get) (?:often |also |sometimes |usually |typically )?"
               rf"(?P<found>found|used|included|listed|served|offered|sold|stocked|shown|taught|needed|required|"
               rf"shared|featured|covered|stored|kept|played|performed) (?:in|on|across|at|between|among) "
               rf"(?:many|several|multiple|different|various|lots of|a lot of|more than one|two or more) {_E}"),
]
# "a reservation can cover several lanes", "some visits need 2 carers", "a proposal may name
# several co-investigators": a record that takes several of a thing standing on its own (a lane,
# a carer) shares that thing with other records of its kind. Whatever the verb, it is a join.
_TAKES_SEVERAL_RE = re.compile(
    rf"(?:{_E} {_ASIDE}|\band ){_MODS}(?P<v>[a-z]+) (?:(?:for|to|on|in|into|across|over) )?"
    rf"(?P<q>up to [2-9]|several|multiple|one or more|more than one|two or more|[2-9]|two|three|four) "
    # "act for one or more of the firm's portfolios"
    rf"(?:of (?:the |our |their |its |his |her )?(?:@\d+ (?=@))?)?{_E}")
_NEEDS = {"need": "need", "needs": "need", "require": "require", "requires": "require"}
# Verbs whose object the record makes, reads or trades, not shares: "a batch produces several
# bottles", "an incident triggers alerts", "a report shows several charts".
_NOT_SHARING = _CREATION_VERBS | _LENDING | words(
    "produce yield trigger spawn output show display list see view read print export download "
    "sell buy pay earn win receive get send notify email text alert contain include hold have "
    "own keep store track be do go") - {"book"}
# Phrases of the many-to-many pattern that name the link: a player on teams is a membership.
# Keyed by the phrase with its first word as a base verb (see _joining).
_JOINING = {"be on": "membership", "be in": "membership", "be a member of": "membership",
            "be members of": "membership", "be member of": "membership", "belong to": "membership",
            "be part of": "membership", "play for": "membership", "play in": "membership",
            "serve on": "membership", "sit on": "membership", "join": "membership",
            "form": "membership", "sign up for": "signup", "sign up": "signup",
            "register for": "registration", "be registered for": "registration",
            "be registered in": "registration", "register": "registration",
            "be entered in": "entry", "be entered for": "entry",
            "be enrolled in": "enrollment", "enroll in": "enrollment", "enrol in": "enrollment",
            "enroll": "enrollment", "enrol": "enrollment", "be assigned to": "assignment",
            "assign": "assignment", "attend": "attendance"}


def _joining(phrase: str) -> str | None:
    """Return what a many-to-many phrase names its link ("are in" -> membership)."""
    first, _, rest = phrase.partition(" ")
    base = VERB_FORMS.get(first, first)
    return _JOINING.get(f"{base} {rest}" if rest else base)


_M2M_ANY = re.compile(r"many[- ]to[- ]many")
_STATE_RE = re.compile(
    rf"{_E} (?:status(?:es)? |state(?:s)? )?(?:can be|is one of|are one of|is either|are either|"
    rf"goes through|go through|moves through|move through|moves from|move from|moves between|"
    rf"transitions? (?:from|through|between)|can be marked|is marked|are marked|is set to|has states?|"
    rf"has (?:a )?status(?:es)?(?: of| like| such as)?)(?: the states| states| statuses)?[: ]+(?P<rest>.+)"
)
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\bor\b|\band\b|\bthen\b|\bto\b|->|→|/)\s*")


def _items(s: _Sentence, rest: str) -> list[tuple[int, str, int]]:
    """Return (chunk index, quantifier) for each phrase in a list like '@1 , @2 and many @3'.

    A quantifier before the first item carries over to the items after it ("many rooms
    and suites"), unless an item has its own.
    """
    out: list[tuple[int, str, int]] = []
    text = rest
    carried = ""
    while text:
        m = _ITEM_RE.match(text)
        if not m:
            break
        rest = text[m.end() :].lstrip()
        first = s.chunks[int(m.group("k"))]
        if rest.startswith("+ ") and first.plural and first.determiner in ("a", "an"):
            text = rest[2:]  # "a coins + gems wallet": one wallet, the plural only describes it
            continue
        if rest.startswith(("that ", "which ", "who ")) and ", " in rest:
            rest = rest[rest.index(", ") :]  # "a licence number that must be unique, and ..."
        ends_clause = not rest or rest.startswith((",", "and ", "or ", "as well as", "plus ", "+ ", ")",
                                                   ";", "(", "for ", "per ", "in ", "with ", "on "))
        if out and not ends_clause:
            break  # "..., and every section has seats": a new clause, not another item
        quant = m.group("q1") or m.group("q2") or ""
        if not out:
            carried = quant
        out.append((int(m.group("k")), quant or carried, int(m.group("of") or -1)))
        text = rest
        if text.startswith("(") and ")" in text:
            # "the deceased person (full name, age), date of burial, plot": the item's own details
            text = text[text.index(")") + 1:].lstrip()
        if not text.startswith((",", "and ", "or ", "as well as", "plus ", "+ ")):
            break
    return out


def _has_patterns(s: _Sentence, ev: _Evidence) -> None:
    for m in _COUNTED_KINDS_RE.finditer(s.stream):
        # "we have 22 machines - combine harvester, 2 sprayers, seed drill, ...": kinds of machine,
        # a type column, not a table each
        if not s.chunks[int(m.group("k"))].plural or not s.names[int(m.group("k"))]:
            continue
        rest = re.sub(r"^(?:[a-z-]+ ){1,2}(?=@)", "", m.group("rest"))  # "combine @2": a word read as a verb
        kinds = [s.names[k] for k, _q, _of in _items(s, rest)]
        if len(kinds) >= 3:
            for name in kinds:
                if name and name != s.names[int(m.group("k"))]:
                    _boost(ev, name, -1.0, s.index)
    for m in _AND_HAS_RE.finditer(s.stream):
        owner = _clause_subject(s, m.start())
        if owner:
            for k, quant, of in _items(s, m.group("rest")):
                _has_item(s, ev, owner, k, quant, False, of)
    for rx in (_HAS_RE, _WITH_RE, _FOR_EACH_RE, _COLON_RE, _OWNS_COLON_RE):
        found = rx.finditer(s.stream) if rx in (_FOR_EACH_RE, _OWNS_COLON_RE) else _at_each_phrase(rx, s.stream)
        for m in found:
            owner = s.names[int(m.group(1))]
            chunk = s.chunks[int(m.group(1))]
            at = int(m.group(1))
            if rx is _WITH_RE and at >= 1 and chunk.start >= 1 and s.tokens[chunk.start - 1].low == "per" \
                    and s.names[at - 1] and s.chunks[at - 1].end == chunk.start - 1:
                owner = s.names[at - 1]  # "clicks per link with country and referrer": the clicks'
            if rx is _WITH_RE and not chunk.plural and m.group("rest").startswith("their ") \
                    and not m.group("rest").startswith("their own "):
                # "register my children for the junior section with their medical info": the
                # children's, as "their" is not one section's; people first ("customers ... add
                # skate rental with their shoe size")
                plural = [s.names[j] for j in range(at - 1, -1, -1) if s.names[j] and s.chunks[j].plural]
                owner = next((n for n in plural if _fact(ev, n).person), plural[0] if plural else owner)
            items = _items(s, m.group("rest"))
            if rx in (_COLON_RE, _OWNS_COLON_RE) and singular(chunk.nouns[-1]) in _COLLECTIONS \
                    and not any(s.names[k] in _COLLECTION_PARTS for k, _, _ in items):
                continue  # "product catalogue: loaves, pastries": examples, read as such
            if rx in (_COLON_RE, _OWNS_COLON_RE) and _clause_follows(s, chunk.end + 1):
                continue  # "Guests: members register visitors": a heading, then a clause
            if rx is _COLON_RE and owner in _SECTION_HEADINGS:
                continue  # "Figures: ~2,000 orgs, ~40k flags": a part of the document, not an owner
            if rx is _COLON_RE and (s.index == 0 or s.text.lstrip().startswith("#")) and any(
                    singular(s.chunks[j].nouns[-1]) in _DOCUMENT_KINDS | _DOCUMENT_NAMED for j, _, _ in items):
                continue  # "## Saltmarsh Editions: studio system user stories": the document's title
            if rx is _COLON_RE and at + 1 < len(s.chunks) and s.chunks[at + 1].proper \
                    and s.chunks[at + 1].start == chunk.end + 1 and s.index == 0:
                continue  # "Project: Lingo, translation management for our teams": the product's name
            if _writers_themselves(s, chunk):
                continue  # "we are a family farm with apples and pears": what the writers grow
            if rx is _WITH_RE and chunk.start >= 1 and VERB_FORMS.get(s.tokens[chunk.start - 1].low) in _BRINGS_TOGETHER:
                continue  # "a marketplace that connects advertisers with podcasters": neither has the other
            if not owner or (owner in ORGANISATION_NOUNS and not chunk.plural
                             and chunk.determiner in _WEAK_DETERMINERS):
                continue  # "the association has 400 clubs" describes the organisation itself
            if rx is _HAS_RE and _fact(ev, owner).person and re.search(
                    r"\btracks?\b", s.stream[m.end(1):m.start("rest")]):
                continue  # "customers track the courier on a map": they follow it, they keep nothing
            for k, quant, of in items:
                # "each project has its own environments"; "its own manager" is one each, no column
                own = s.chunks[k].start >= 1 and s.tokens[s.chunks[k].start - 1].low == "own"
                _has_item(s, ev, owner, k, quant, rx is _WITH_RE, of, len(items), own=own)
    for m in _IN_EACH_RECORD_RE.finditer(s.stream):
        # "in each meeting the group record the savings of each member and the fines": kept per meeting
        owner = s.names[int(m.group("o"))]
        if owner and not _fact(ev, owner).person:
            items = _items(s, m.group("rest"))
            for k, quant, of in items:
                _has_item(s, ev, owner, k, quant, False, of, len(items))
    for m in _at_each_phrase(_EACH_HAS_RE, s.stream):
        owner = s.names[int(m.group(1))]
        if owner and s.chunks[int(m.group(1))].plural:
            items = _items(s, m.group("rest"))
            for k, quant, of in items:
                _has_item(s, ev, owner, k, quant, False, of, len(items), own=bool(m.group("own")))
    for m in _at_each_phrase(_DEFINED_RE, s.stream):
        # Notes define records with "=": "a hire = one hirer, collection date, return date",
        # "once accepted = tenancy: start date, annual rent".
        before = s.stream[:m.start()].split()
        if len(before) >= 2 and before[1] == ":" and _MARKER.fullmatch(before[0]) \
                and s.names[int(before[0][1:])] == s.names[int(m.group(1))]:
            before = before[2:]  # "Bookings: one booking = one prisoner + up to 3 visitors"
        if m.group("sep") == "=" and before not in ([], ["a"], ["an"], ["the"], ["each"], ["every"], ["one"]):
            continue
        if m.group("sep") != "=" and (not before or before[-1] != "="):
            continue
        owner = s.names[int(m.group(1))]
        if owner:
            items = _items(s, m.group("rest"))
            for k, quant, of in items:
                _has_item(s, ev, owner, k, quant, False, of, len(items), defined=True)


def _clause_follows(s: _Sentence, at: int) -> bool:
    """Whether the words from `at` open a clause: a phrase, then its verb ("members register")."""
    first = next((c for c in s.chunks if c.start >= at), None)
    if first is None or first.start > at + 1:
        return False
    after = s.tokens[first.end:first.end + 2]
    return bool(after) and (after[0].tag == "V" or (after[0].tag == "M" and len(after) > 1
                                                     and after[1].tag == "V"))


_SEQUENCE_HEADS = frozenset(("list", "sequence", "series", "set", "selection", "range", "collection",
                             "number"))
_ORDERED = frozenset(("ordered", "ranked", "numbered", "sorted"))
# Steps of a thing are its own, in order; the stops of a route or the pieces of a concert are
# things of their own that it lists.
_OWN_STEPS = frozenset(("step", "stage", "phase", "round", "leg", "lap", "item", "line", "entry",
                        "instruction", "question", "task", "milestone", "chapter", "page"))


_IN_ORDER_RE = re.compile(r"@(\d+) (?:[a-z]+ ){1,2}?@(\d+) of @(\d+)(?: in @(?P<order>\d+))?")


def _visits_in_order(s: _Sentence, ev: _Evidence) -> None:
    """"Each route visits a list of machines in order": whatever the verb, a sequence of things
    of their own is a join with positions, as "a route has an ordered list of stops" is."""
    for m in _at_each_phrase(_IN_ORDER_RE, s.stream):
        owner, k, of = s.names[int(m.group(1))], int(m.group(2)), int(m.group(3))
        chunk, name = s.chunks[k], s.names[of]
        ordered = (m.group("order") and s.chunks[int(m.group("order"))].words == ["order"]) \
            or any(w in _ORDERED for w in chunk.words[:-1])
        # "each workout is a list of exercises with sets and reps": each line has its own figures
        measured = re.match(r"@\d+ (?:is|are) (?:a |an )?@", m.group(0)) is not None \
            and s.stream.startswith(" with @", m.end())
        if (not owner or not name or owner == name or not (ordered or measured) or len(chunk.nouns) != 1
                or chunk.nouns[-1] not in ("list", "sequence", "series") or not s.chunks[of].plural
                or _HAS_RE.match(s.stream, m.start())):
            continue  # "has an ordered list of" is read with the other has-phrases
        _lists_in_order(s, ev, owner, name)


# Words for how much of a thing a line holds: "the ml of each ingredient", "an amount of each colourant".
_MEASURED_BY = frozenset(("amount", "amounts", "quantity", "quantities", "qty", "ml", "millilitres", "milliliters",
                          "grams", "g", "weight", "weights", "volume", "dose", "dosage", "measure", "percentage",
                          "proportion", "litres", "liters", "kg", "cl", "oz", "number"))
_MEASURE_OF_EACH_RE = re.compile(r"@(?P<m>\d+) of (?:each|every) @(?P<y>\d+)")


def _measured_lines(s: _Sentence, ev: _Evidence) -> None:
    """"Every cocktail has a recipe with the ml of each ingredient", "a formula lists an amount of
    each colourant": a line per thing, holding how much of it, so a join of the two records. The
    owner is the record just before "with", else the clause's first."""
    for m in _MEASURE_OF_EACH_RE.finditer(s.stream):
        k, y = int(m.group("m")), int(m.group("y"))
        thing = s.names[y]
        if s.chunks[k].words[-1] not in _MEASURED_BY or not thing or _fact(ev, thing).person:
            continue
        with_owner = re.search(r"@(\d+) with (?:the |an? )?$", s.stream[:m.start()])
        owner = s.names[int(with_owner.group(1))] if with_owner else _clause_subject(s, m.start())
        if owner and owner != thing and owner != s.names[k] and not _fact(ev, owner).person:
            _relate(ev, owner, thing, "many-to-many", "lists", s.index)


def _lists_in_order(s: _Sentence, ev: _Evidence, owner: str, name: str) -> bool:
    """Link `owner` to the things of their own it lists in order (a join with positions) and
    return True; return False for its own steps, lines or parts, which are not joined."""
    if name in _PART_HEADS or name in DEPENDENT_NOUNS or name in _OWN_STEPS:
        return False
    ev.relations.append(RelationFact(owner, name, "many-to-many", "lists in order", s.index))
    _boost(ev, name, _STRONG, s.index)
    _boost(ev, owner, _STRONG, s.index)
    return True


def _many(quant: str | None) -> bool:
    """Whether a quantifier read by _QUANT ("several", "up to 4") says more than one."""
    return bool(quant) and quant not in ("1", "one", "a single", "exactly one")


# Verbs that put two sides in touch: "connects advertisers with podcasters", "matches tutors with pupils".
_BRINGS_TOGETHER = frozenset(("connect", "match", "pair", "link", "introduce", "put"))
# Meetings one person gives: "appointments with doctors", "lessons with instructors".
_MET_WITH = frozenset(("appointment", "lesson", "session", "consultation", "visit", "meeting", "call",
                       "interview", "sitting", "treatment", "class", "course", "tour", "workshop"))


_NO_COLUMNS = frozenset(("not", "no", "yes", "none"))
# Files a record has several of: "properties with photos" are rows of their own, not one column.
_MEDIA = frozenset(("photo", "image", "picture", "document", "file", "attachment", "video"))


def _has_item(s: _Sentence, ev: _Evidence, owner: str, k: int, quant: str, weak: bool,
              of: int = -1, listed: int = 1, own: bool = False, defined: bool = False) -> None:
    chunk = s.chunks[k]
    name = s.names[k]
    if len(chunk.nouns) == 1 and chunk.nouns[0] in TIME_SPANS and chunk.plural:
        return  # "has 15 seconds to accept", "has three days to collect it": time allowed
    if _labelled_part(s, chunk, name) or name in _LABELLED_PARTS and re.fullmatch(r"[a-z]", chunk.words[-1]):
        return  # "fee: £1,050 part A on application, £300 part B on grant": parts of the fee
    attr = _attribute_name(chunk)
    if attr in _NO_COLUMNS:
        return  # "billable or not": the choice is the column before it
    if weak and not chunk.plural and chunk.nouns[-1] in _PRODUCT_NOUNS | {"spreadsheet", "software"}:
        return  # "replace the spreadsheet for the ladder with a proper app": what we build
    if of >= 0 and singular(chunk.nouns[-1]) in _SEQUENCE_HEADS and len(chunk.nouns) == 1 \
            and s.names[of] and s.chunks[of].plural and s.names[of] != owner \
            and (chunk.nouns[-1] != "number" or chunk.determiner in ("a", "an")):
        # "a route has an ordered list of stops": the stops themselves, many of them, and in
        # order when the brief says so (a route's stops are shared, each at a position).
        # "A number of rounds" is many rounds; "number of cases" is a count, a column.
        if any(w in _ORDERED for w in chunk.words[:-1]) and _lists_in_order(s, ev, owner, s.names[of]):
            return
        k, quant, of, chunk, name = of, quant or "many", -1, s.chunks[of], s.names[of]
        attr = _attribute_name(chunk)
    if of >= 0:
        # "a date of birth": one column named by both phrases.
        attr = _identifier(f"{attr}_of_{_attribute_name(s.chunks[of])}")
        if is_attribute_word(s.names[k] or ""):
            name = None
    if name == owner:
        return
    many = _many(quant)
    if weak and name and chunk.plural and owner in _MET_WITH and _fact(ev, name).person:
        # "book appointments with doctors": each appointment is with one of them
        ev.relations.append(RelationFact(name, owner, "one-to-many", "with", s.index))
        _boost(ev, name, 1.0, s.index)
        return
    if name and (many and chunk.plural or not is_attribute_word(name) and (many or chunk.plural)
                 or name in _MEDIA and chunk.plural):
        # "several editions", "one or more addresses": counted, so records even if often columns
        ev.relations.append(RelationFact(owner, name, "one-to-many", "has", s.index))
        _boost(ev, name, 1.0 if weak else _STRONG, s.index)
        _boost(ev, owner, 1.0 if weak else _STRONG, s.index)
        return
    kind = "own" if own else "has" if not weak else "with"
    ev.has_items.append((owner, name or "", attr, s.index, kind))
    _boost(ev, owner, 1.0, s.index)
    if name and not chunk.plural and not own:
        if _record_noun(name) and listed <= 2 and not is_attribute_word(name):
            _boost(ev, name, 1.5, s.index)  # "each session has a room": a link to a room
        elif not defined:
            # listed as a detail of the owner, like a column; "rental = cust + unit + start date"
            # is a definition, and whether its parts are records the rest of the brief says
            _boost(ev, name, -1.0, s.index)


def _attribute_name(chunk: Chunk) -> str:
    words = [w for w, t in zip(chunk.words, chunk.tags, strict=True) if t == "W" or w in ("date", "time")]
    words = [w for w in words if w not in ("unique", "optional", "required", "own")]
    if not words:
        words = chunk.words[-1:]
    last = words[-1]
    if last not in ("tags", "photos", "images", "skills", "languages", "keywords", "labels",
                     "notes", "allergies", "details", "instructions", "dimensions", "coordinates"):
        words[-1] = singular(last)
    return _identifier("_".join(words[-3:]))


# Values one of a thing has, kept in a column of it: "a credit limit for each buyer".
_VALUE_HEADS = frozenset(("limit", "quota", "threshold", "cap", "target", "budget", "allowance", "ceiling"))


# A thing made again each period: "every month", "at the end of the month", "weekly".
_PERIODIC = re.compile(r"\b(?:every|each|per|a|once\s+a|end\s+of\s+(?:the|each|every))\s+(?:day|week|"
                       r"month|quarter|year|season|term|semester|night|shift|cycle)\b|\b(?:daily|weekly|"
                       r"monthly|quarterly|yearly|annually|nightly)\b", re.IGNORECASE)
# "a pipeline run, split into jobs and each job into steps": parts, and parts of the parts.
_SPLIT_INTO_RE = re.compile(
    rf"{_E} (?:\( [^()]* \) )?, (?:(?:which|that) (?:is |are |gets |get )?)?(?:split|divided|broken down|"
    rf"broken up|subdivided) into {_DET}{_NQ}{_E}(?: (?:,|and|, and) (?:each|every) {_E} into {_DET}{_NQ}{_E})?")
_AGAINST_RE = re.compile(rf"{_E} (?:\( [^()]* \) )?(?:(?:should |must |can |will |may |could )?(?:is |are |be |get |gets )?"
                         rf"(?:logged|recorded|booked|filed|charged|posted|raised|entered|reported|uploaded|attached) )?"
                         rf"against {_DET}{_NQ}{_E}")
# Checking one thing against another compares them; it does not file one under the other.
_COMPARING = frozenset(("score", "check", "match", "search", "screen", "compare", "validate", "test",
                        "measure", "assess", "benchmark", "verify", "reconcile", "cross-check", "rate"))
_COMPARING_NOUNS = frozenset(("screening", "screenings", "check", "checks", "match", "matches", "search",
                              "searches", "comparison", "comparisons"))
# "a project belongs to one client and is split into tasks": the clause's subject is split
_AND_SPLIT_RE = re.compile(rf"(?:\band|,) (?:is |are |gets |get |can be |will be )(?:split|divided|broken down|"
                           rf"broken up|subdivided) into {_DET}{_NQ}{_E}")
# "every bag carries a tag and belongs to a booking": a second verb phrase whose subject is the
# clause's first record, left unsaid.
_AND_LINKS_RE = re.compile(r"(?:\band|,) (?=(?:also |then |always |only )?(?:(?:can|may|must|should|will) )?"
                           r"(?:belongs?|is part of|are part of|points? to|refers? to|references?|is linked|"
                           r"are linked|is assigned|are assigned)\b)")


# What each record used, said as "which": "for each callout we also log which vehicles were used
# and which kit was deployed", "for every shoot the producer records which cameras were used".
# Many of the one, many of the other: a join of both.
_WHICH_USED_RE = re.compile(r"\bfor (?:each|every) @(?P<y>\d+)(?: ,)? (?:(?:we|they|i|you|staff|the @\d+) )?"
                            r"(?:also |then |always )?(?P<v>log|logs|record|records|note|notes|track|tracks|capture|"
                            r"captures|@\d+) which @(?P<x>\d+) (?:was|were|is|are|got|get) (?P<p>[a-z]+ed|used|taken|"
                            r"brought|sent|worn|given)(?P<more>(?: and which @\d+ (?:was|were|is|are|got|get) "
                            r"(?:[a-z]+ed|used|taken|brought|sent|worn|given))*)")
_RECORDING_VERBS = frozenset(("log", "record", "note", "track", "capture"))


def _which_used(s: _Sentence, ev: _Evidence) -> None:
    for m in _WHICH_USED_RE.finditer(s.stream):
        verb = m.group("v")
        if verb.startswith("@") and singular(s.chunks[int(verb[1:])].words[-1]) not in _RECORDING_VERBS:
            continue
        record = s.names[int(m.group("y"))]
        used = [m.group("x")] + re.findall(r"which @(\d+)", m.group("more"))
        for k in used:
            thing = s.names[int(k)]
            if record and thing and thing != record and not _fact(ev, thing).person:
                _relate(ev, record, thing, "many-to-many", "uses", s.index)
                _boost(ev, thing, 1.0, s.index)


# Who can do what: "not every therapist can do every treatment", "not all instructors can teach
# every class". The pairs that can are a table of their own (a therapist's treatments).
_NOT_EVERY_RE = re.compile(r"\bnot (?:every|all|each) @(\d+) (?:can|could|is able to|are able to|is qualified to|"
                           r"are qualified to|is trained to|are trained to) [a-z]+ (?:every|all|each|any) @(\d+)")


def _not_every(s: _Sentence, ev: _Evidence) -> None:
    for m in _NOT_EVERY_RE.finditer(s.stream):
        who, what = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if who and what and who != what and _fact(ev, who).person and not _fact(ev, what).person:
            ev.relations.append(RelationFact(who, what, "many-to-many", "can do", s.index, via=f"{who}_{what}"))
            _boost(ev, what, 1.0, s.index)


# A hierarchy of places in an aside: "each lives in a box position (freezer -> rack -> box ->
# A1..I9)", "(site → building → room)". Each level holds many of the next.
_NESTED_PLACES_RE = re.compile(r"\( @\d+(?: (?:->|→|>) @\d+){2,}")


def _nested_places(s: _Sentence, ev: _Evidence) -> None:
    for m in _NESTED_PLACES_RE.finditer(s.stream):
        levels = [int(k) for k in re.findall(r"@(\d+)", m.group(0))]
        if s.names[levels[-1]] is None:
            levels = levels[:-1]  # "-> A1..I9": the slots of the last level, no record of their own
        names = [s.names[k] for k in levels]
        if len(levels) < 3 or any(n is None or s.chunks[k].plural or s.chunks[k].proper or _fact(ev, n).person
               for k, n in zip(levels, names, strict=True)) or len(set(names)) != len(names):
            continue
        for outer, inner in zip(names, names[1:], strict=False):
            _relate(ev, outer, inner, "one-to-many", "holds", s.index)
        for name in names:
            _boost(ev, name, 1.0, s.index)


def _collection_items(s: _Sentence, ev: _Evidence) -> None:
    """"browse the menu (items with options)": the items are the menu's."""
    for k in range(1, len(s.chunks)):
        whole = s.names[k - 1]
        if whole and s.names[k] == f"{whole}_item":
            _relate(ev, whole, s.names[k], "one-to-many", "has", s.index)


# Verbs that bring records in: "ingest fixtures from two providers: sports, competitions and events".
_DATA_VERBS = frozenset(("ingest", "import", "sync", "pull", "fetch", "load", "receive", "store", "keep",
                         "track", "record", "manage", "hold"))


def _listed_records(s: _Sentence, ev: _Evidence) -> None:
    """"Ingest fixtures from two data providers: sports, competitions, and events with their
    teams": after a verb that brings data in, a colon list of plural names is a list of records."""
    colon = s.stream.find(" : ")
    if colon < 0 or not any(VERB_FORMS.get(w) in _DATA_VERBS for w in s.stream[:colon].split()):
        return
    items = _items(s, s.stream[colon + 3:])
    if len(items) >= 2 and all(s.chunks[k].plural and s.names[k] for k, _q, _of in items):
        for k, _q, _of in items:
            _boost(ev, s.names[k], 1.0, s.index)


def _link_patterns(s: _Sentence, ev: _Evidence) -> None:
    _subject_links(s, ev, s.stream, anchored=False)
    for m in _AND_LINKS_RE.finditer(s.stream):
        subject = _clause_subject_index(s, m.start())
        if subject is not None:
            _subject_links(s, ev, f"@{subject} " + s.stream[m.end():], anchored=True)
    for m in _SPLIT_INTO_RE.finditer(s.stream):
        ends = [int(g) for g in m.groups() if g is not None and g.isdigit()]
        for whole, part in zip(ends[::2], ends[1::2], strict=False):
            _relate(ev, s.names[whole], s.names[part], "one-to-many", "has", s.index)
    for m in _AGAINST_RE.finditer(s.stream):
        # "log time entries against tasks", "match invoices against purchase orders"
        what, held = s.names[int(m.group(1))], s.names[int(m.group(2))]
        before = s.stream[:m.start()].split()[-2:]
        if len(before) == 2 and before[1] == "in" and before[0].startswith("@"):
            what = s.names[int(before[0][1:])]  # "time entries in six-minute units against a matter"
        elif before and (before[-1] == "in" or VERB_FORMS.get(before[-1]) in _COMPARING) \
                or s.chunks[int(m.group(1))].nouns[-1] in _COMPARING_NOUNS:
            continue  # "score applications against criteria"
        if not held or _fact(ev, held).person:
            continue
        if what and what != held and not _fact(ev, what).person:
            _relate(ev, held, what, "one-to-many", "against", s.index)
        listed = s.stream[:m.start()].split() if what else []
        while len(listed) >= 2 and listed[-1] in ("and", ",", "&") and listed[-2].startswith("@") \
                and (len(listed) < 3 or listed[-3] != "of"):
            # "Breakages and damage should be logged against the requisition": both of them
            other = s.names[int(listed[-2][1:])]
            if other and other != held and not _fact(ev, other).person:
                _relate(ev, held, other, "one-to-many", "against", s.index)
            listed = listed[:-2]
    for m in _AND_SPLIT_RE.finditer(s.stream):
        whole = _clause_subject_index(s, m.start())
        part = s.names[int(m.group(1))]
        if whole is not None and part and s.names[whole] != part:
            _relate(ev, s.names[whole], part, "one-to-many", "has", s.index)
    _other_links(s, ev)


def _made_for_record(name: str) -> bool:
    """Whether `name` is a record made for another (a visit for a job, a payment for an order),
    not a thing of its own that several records can share."""
    return (name in _MADE_FOR or name in _TRANSACTIONS or name in _SERVICE_RECORDS
            or name in DEPENDENT_NOUNS or name.endswith(_EVENT_ENDINGS) and name not in _NOT_EVENTS)


# Words with the ending of an event that name places and things: "covers several locations".
_NOT_EVENTS = frozenset(("location", "station", "institution", "section", "organisation", "organization",
                         "junction", "edition", "option", "question", "portion", "instrument", "equipment",
                         "apartment", "compartment", "department", "terminal", "hospital", "animal",
                         "building", "ingredient"))


def _clause_subject_index(s: _Sentence, at: int) -> int | None:
    """Return the phrase that opens the clause holding stream position `at`, when a verb
    follows it (the clause's subject)."""
    start = max(s.stream.rfind(";", 0, at), s.stream.rfind(":", 0, at)) + 1
    m = re.match(r"\s*(?:(?:each|every|a|an|the|one|all) )?@(\d+) (?:\( [^()]* \) )?(?P<w>[a-z]+)",
                 s.stream[start:at])
    if not m or not s.names[int(m.group(1))] or (
            m.group("w") not in VERB_FORMS and m.group("w") not in MODALS):
        return None
    return int(m.group(1))


def _subject_links(s: _Sentence, ev: _Evidence, st: str, anchored: bool) -> None:
    """"X belongs to Y", "X points to Y", "X is assigned to Y" in `st` (only at its start when
    `anchored`: a stream rebuilt with a carried subject)."""
    def found(rx: re.Pattern[str]):
        if not anchored:
            return rx.finditer(st)
        m = rx.match(st)
        return [m] if m else []

    for m in found(_IS_OF_ONE_RE):
        # "each collection is of one species, at one site, on one date, by one or more collectors":
        # one of each, and several of the last
        child, pos = s.names[int(m.group(1))], m.end()
        while child and (nxt := _AND_OF_ONE_RE.match(st, pos)):
            parent, pos = s.names[int(nxt.group("e"))], nxt.end()
            if parent and parent != child and not is_attribute_word(parent):
                if nxt.group("q") in ("one or more", "several", "many"):
                    _relate(ev, child, parent, "many-to-many", "has", s.index)
                else:
                    _relate(ev, parent, child, "one-to-many", "belongs to", s.index)
    for m in found(_BELONGS_RE):
        at = int(m.groups()[-1])
        if s.chunks[at].possessive and at + 1 < len(s.chunks) and s.chunks[at + 1].start == s.chunks[at].end:
            at += 1  # "belongs to a passenger's booking": to the booking
        child, parent = s.names[int(m.group(1))], s.names[at]
        also = re.match(r" and (?:a|an|one|exactly one) @(\d+)(?= ;| ,| \.|$)", st[m.end():])
        if also and re.search(r"\bbelongs? to\b", m.group(0)) and s.names[int(also.group(1))] \
                and child and s.names[int(also.group(1))] != child:
            # "every student belongs to a form group and a house": to each of them
            _relate(ev, s.names[int(also.group(1))], child, "one-to-many", "belongs to", s.index)
        card = "many-to-many" if _many(m.group("q")) else "one-to-many"
        if m.group("into") in ("divided", "split") and not s.chunks[int(m.group(1))].plural:
            # "each cemetery is divided into sections": its parts, not what it belongs to
            _relate(ev, child, parent, "one-to-many", "has", s.index)
            continue
        _relate(ev, parent, child, card, "belongs to", s.index)
    for m in found(_REFERS_RE):
        child, parent = (s.names[int(g)] if g else None for g in
                         ((m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))))
        if parent and child and not _fact(ev, parent).person:
            _relate(ev, parent, child, "one-to-many", "refers to", s.index)
    for m in found(_LINKED_RE):
        child, parent = s.names[int(m.group(1))], s.names[int(m.group("e1"))]
        other = s.names[int(m.group("e2"))] if m.group("e2") else None
        if other and parent and child and not is_attribute_word(other):
            # "incident reports linked to site + shift": to each of them
            _relate(ev, other, child, "one-to-many", f"{m.group('v')} {m.group('p')}", s.index)
        card = "many-to-many" if m.group("q") else "one-to-many"
        if card == "one-to-many" and m.group("v") == "assigned" and child and parent \
                and _fact(ev, child).person and not _fact(ev, parent).person:
            # "carers are assigned to visits": each visit has its carer, a carer many visits
            _relate(ev, child, parent, "one-to-many", "assigned to", s.index)
            continue
        _relate(ev, parent, child, card, f"{m.group('v')} {m.group('p')}", s.index)
        if card == "many-to-many" and m.group("v") == "assigned" and parent and child and parent != child \
                and _fact(ev, parent).person:
            # "each application is assigned to two or three reviewers": a reviewer assignment each
            ev.relations[-1].via = f"{parent}_assignment"


def _named_before(s: _Sentence, st: str, start: int, upto: int) -> list[int]:
    """The named phrases (below `upto`) that the stream shows before `start`: what "them" or
    "each one" may stand for."""
    shown = st[:start].split()
    return [k for k in range(upto) if s.names[k] and f"@{k}" in shown]


def _other_links(s: _Sentence, ev: _Evidence) -> None:
    st = s.stream
    turned: set[int] = set()
    for m in (*_BECOMES_RE.finditer(st), *_TURNED_INTO_RE.finditer(st)):
        # "an accepted quote becomes a job", "when an offer is accepted it becomes a contract",
        # "the office turns an enquiry into a quote": the record made from another keeps a key to it
        made = s.names[int(m.group("made"))]
        was = s.names[int(m.group("was") or m.groupdict().get("it"))]
        if was and made and not _fact(ev, was).person and not _fact(ev, made).person:
            _relate(ev, was, made, "one-to-many", "becomes", s.index)
            turned.add(int(m.group("made")))
    for m in _ASSIGNS_PER_RE.finditer(st):
        # "the manager assigns one or more cleaners per changeover": a join of both, kept as assignments
        who, per = s.names[int(m.group("who"))], s.names[int(m.group("per"))]
        if who and per and who != per and _fact(ev, who).person and not _fact(ev, per).person:
            _relate(ev, per, who, "many-to-many", "assigned to", s.index)
            ev.relations[-1].via = f"{per}_assignment"
    for m in _ENTERS_FOR_RE.finditer(st):
        # "teachers enter their pupils for a session": an entry for each pupil in each session
        who, entered, event = (s.names[int(m.group(g))] for g in ("who", "e", "ev"))
        if who and entered and event and len({who, entered, event}) == 3 and _fact(ev, who).person \
                and _fact(ev, entered).person and not _fact(ev, event).person:
            _relate(ev, event, entered, "many-to-many", "entered for", s.index)
            ev.relations[-1].via = "entry"
    for m in _ASSIGN_RE.finditer(st):
        child = s.names[int(m.groups()[-1])]
        verb = VERB_FORMS.get(m.group("v"), m.group("v"))
        # "assign one or more pilots and an observer to a job": a job has several pilots, and
        # a pilot works many jobs: a join; the observer is one per job.
        several = _many(m.group("q"))
        for at in (m.group(3), m.group(4)):
            parent = s.names[int(at)] if at else None
            if not parent:
                continue
            if verb in ("add", "attach"):
                # "add items to a basket", "attach photos to a claim": the basket holds the items.
                _relate(ev, child, parent, "one-to-many", f"has {verb}ed", s.index)
                continue
            card = "many-to-many" if several and at == m.group(3) else "one-to-many"
            target = s.chunks[int(m.groups()[-1])]
            if verb == "assign" and at == m.group(3) and s.chunks[int(at)].plural and not target.plural \
                    and child and parent != child and not several:
                # "assigns devices to the patient": the patient has many, each of them over time
                _relate(ev, child, parent, "many-to-many", "assigned to", s.index)
                ev.relations[-1].via = f"{parent}_assignment"
            elif s.chunks[int(at)].determiner in ("each", "every") and target.determiner in ("a", "an", "one") \
                    and not target.plural and child and not several:
                # "a bed manager matches each request to a bed": each request gets its bed
                _relate(ev, child, parent, "one-to-many", _PAST.get(verb, f"{verb}ed") + " to", s.index)
            elif verb in ("assign", "allocate", "dispatch") and child and parent != child and not several \
                    and _fact(ev, child).person and not _fact(ev, parent).person:
                # "the dispatcher assigns jobs to riders": each job has its rider, a rider many jobs
                _relate(ev, child, parent, "one-to-many", _PAST.get(verb, f"{verb}ed") + " to", s.index)
            else:
                _relate(ev, parent, child, card, _PAST.get(verb, f"{verb}ed") + " to", s.index)
            if child:
                ev.operations.append(OperationFact(verb, child, s.index, target=parent))
    for m in _ADD_THEM_RE.finditer(st):
        at = int(m.groups()[-1])
        before = [k for k in _named_before(s, st, m.start(), at) if s.chunks[k].plural]
        # "put them in a bay" may mean the people; into a cart or a basket go the goods
        if before and (m.group("v").startswith("add") or s.names[at] in _LISTS_ITEMS):
            _relate(ev, s.names[at], s.names[before[-1]], "one-to-many", "has added", s.index)
    for m in _ASSIGN_EACH_ONE_RE.finditer(st):
        person = s.names[int(m.group("to"))]
        before = [k for k in _named_before(s, st, m.start(), int(m.group("to"))) if not _fact(ev, s.names[k]).person]
        if person and before and _fact(ev, person).person:
            # "see new intake requests and assign each one to a therapist": each request has its therapist
            _relate(ev, person, s.names[before[-1]], "one-to-many", "assigned to", s.index)
    for m in _GETS_ASSIGNED_RE.finditer(st):
        person, given = s.names[int(m.group(1))], s.names[int(m.groups()[-1])]
        if person and given and _fact(ev, person).person and not _fact(ev, given).person:
            # "Inspectors get assigned inspections": each inspection has its inspector
            _relate(ev, person, given, "many-to-many" if _many(m.group("q")) and not
                    s.chunks[int(m.groups()[-1])].plural else "one-to-many", "assigned", s.index)
    for m in _BY_AGENT_RE.finditer(st):
        child, parent = s.names[int(m.group(1))], s.names[int(m.groups()[-1])]
        if m.group("v") in ("converted", "compared", "filled", "combined", "replaced") \
                or parent in _PAYMENT_MEANS or parent in _CHANNELS or parent in _NOTICES:
            continue  # "paid by card", "dispatched by radio", "cancelled with a message": how, not who
        if m.group("aux") in ("was", "were") and s.chunks[int(m.group(1))].determiner not in ("each", "every"):
            continue  # "if the damage was caused by the tenant": one case told, not how records are kept
        card = "many-to-many" if _many(m.group("q")) or (
            m.group("v") in ("tagged", "labelled", "labeled") and s.chunks[int(m.groups()[-1])].plural) else "one-to-many"
        # "recipes are tagged with cuisines": each recipe has several, each cuisine many recipes
        _relate(ev, parent, child, card, VERB_FORMS.get(m.group("v"), m.group("v")), s.index)
    for m in _BOOK_WITH_RE.finditer(st):
        booked, whom = s.names[int(m.groups()[-2])], s.names[int(m.groups()[-1])]
        if booked and whom and booked != whom:
            ev.weak_relations.append(RelationFact(whom, booked, "one-to-many", "with", s.index))
    for m in _USED_ON_RE.finditer(st):
        used, job = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if used and job and used != job and s.chunks[int(m.group(1))].plural \
                and not _fact(ev, used).person:
            _relate(ev, job, used, "many-to-many", "uses", s.index)
    for m in _IS_FOR_RE.finditer(st):
        child = s.names[int(m.group(1))]
        if child and not _fact(ev, child).person:
            for k, _quant, _of in _items(s, m.group("rest")):
                if s.names[k] and s.names[k] != child:
                    ev.weak_relations.append(RelationFact(s.names[k], child, "one-to-many", "has",
                                                          s.index))
    for m in _ONE_SEVERAL_RE.finditer(st):
        owner, k = s.names[int(m.group(1))], int(m.group(3))
        if owner and s.chunks[k].plural:
            _has_item(s, ev, owner, k, m.group("q"), False)
    for m in _MADE_FOR_RE.finditer(st):
        made, owner = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if made and owner and made != owner and not _fact(ev, made).person:
            ev.weak_relations.append(RelationFact(owner, made, "one-to-many", "has", s.index))
    for m in _WHICH_DID_RE.finditer(st):
        parent, child = s.names[int(m.group(1))], s.names[int(m.group(3))]
        verb = m.group("v")
        if (verb in VERB_FORMS or verb.endswith("ed")) and parent and child and not _fact(ev, child).person:
            # "which pieces went in which firing": things, not a person doing a job, go in many
            several = not _fact(ev, parent).person and (
                s.chunks[int(m.group(1))].plural or VERB_FORMS.get(verb) in _SHARED_BY_MANY) or (
                s.chunks[int(m.group(3))].plural and _WHEN_AGAIN.search(
                    m.group("period") or (" ".join(s.chunks[int(m.group("when"))].words) if m.group("when") else "")))
            # "which judge did which sections that year": the judges come back other years
            _relate(ev, parent, child, "many-to-many" if several else "one-to-many", verb, s.index)
    for m in _WHICH_EACH_HAS_RE.finditer(st):
        # "which schools each judge has a conflict with": a conflict for each pair, a join of both
        many, each, what = (s.names[int(m.group(g))] for g in ("x", "y", "z"))
        if many and each and what and len({many, each, what}) == 3:
            _relate(ev, each, many, "many-to-many", "has", s.index)
            ev.relations[-1].via = f"{each}_{what}"
    for m in _MADE_OF_COUNT_RE.finditer(st):
        # "a team is two or three students": what it is made of
        whole, part = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if whole and part and whole != part:
            _relate(ev, whole, part, "one-to-many", "has", s.index)
    for m in _THEIR_RE.finditer(st):
        parent, child = s.names[int(m.group(1))], s.names[int(m.group(3))]
        if child and s.chunks[int(m.group(3))].plural:
            _relate(ev, parent, child, "one-to-many", "has", s.index)
    for m in _PER_RE.finditer(st):
        if st[:m.start()].split()[-1:] in (["in"], ["for"], ["on"], ["to"], ["with"], ["at"]):
            continue  # "a player is in one team per season": a rule on the player, not the season's team
        child, parent = s.names[int(m.group(1))], s.names[int(m.group(2))]
        chunk = s.chunks[int(m.group(1))]
        if parent and child and " per " not in m.group(0) and (
                is_attribute_word(child) or chunk.nouns[-1] in _VALUE_HEADS):
            # "a credit limit for each buyer and a grade for each invoice": a value of each
            ev.has_items.append((parent, "", _attribute_name(chunk), s.index, "value"))
            _boost(ev, child, -_STRONG, s.index)
            continue
        if _PERIODIC.search(s.text):
            # "an invoice per client at the end of each month": one each time, many in all
            _relate(ev, parent, child, "one-to-many", "has", s.index)
            continue
        again = re.match(r" per (?:each |every )?@(\d+)", st[m.end():])
        if again and parent and child and s.names[int(again.group(1))] not in (None, child, parent) \
                and not is_attribute_word(child):
            # "a translation per string per locale": one for each pair, so many per string
            _relate(ev, parent, child, "one-to-many", "has", s.index)
            _relate(ev, s.names[int(again.group(1))], child, "one-to-many", "has", s.index)
            continue
        outer = next((k for k, c in enumerate(s.chunks) if c.end <= s.chunks[int(m.group(1))].start
                      and c.determiner in ("each", "every") and s.names[k] not in (None, child, parent)), None)
        if outer is not None and parent and child and parent not in _PER_UNITS and parent not in ("person", "people") \
                and not (is_attribute_word(child) and _is_person(parent)):
            # "every game played produces a score per bowler": one per bowler in each game, so
            # many per bowler, and each game has its scores
            _relate(ev, parent, child, "one-to-many", "has", s.index)
            _relate(ev, s.names[outer], child, "one-to-many", "has", s.index)
            continue
        _relate(ev, parent, child, "one-to-one", "has one", s.index)
    for rx in _M2M_RE:
        for m in rx.finditer(st):
            ends = [g for g in m.groups() if g is not None and g.isdigit()]
            a, b = s.names[int(ends[0])], s.names[int(ends[-1])]
            if m.groupdict().get("v") in ("form", "forms") and not (a and _fact(ev, a).person):
                continue  # "sentences form paragraphs": only people form groups they belong to
            if m.groupdict().get("found") or m.groupdict().get("v") in ("be used in", "be listed in"):
                a, b = b, a  # "an allergen is found in many dishes": the dishes list their allergens
            _relate(ev, a, b, "many-to-many", "", s.index)
            joined = _joining(m.groupdict().get("v") or "")
            if joined and a and b and a != b and (_fact(ev, a).person or joined != "membership"):
                # "a player can be on several teams": a team membership, named for what is joined
                ev.relations[-1].via = f"{b}_{joined}"
    for m in _TAKES_SEVERAL_RE.finditer(st):
        at = int(m.group(1)) if m.group(1) else _clause_subject_index(s, m.start())
        record, k = s.names[at] if at is not None else None, int(m.groups()[-1])
        thing, verb = s.names[k], VERB_FORMS.get(m.group("v"), _NEEDS.get(m.group("v")))
        if not record or not thing or record == thing or verb is None or verb in _NOT_SHARING \
                or _fact(ev, record).person or not s.chunks[k].plural or _made_for_record(thing):
            continue
        _relate(ev, record, thing, "many-to-many", verb, s.index)
    for m in _at_each_phrase(_NAMES_OF_RE, st):
        parent, child = s.names[int(m.group(1))], s.names[int(m.group(3))]
        if parent and child and parent != child and s.chunks[int(m.group(3))].plural \
                and s.chunks[int(m.group(2))].words[-1] in _NAMES_WORDS:
            _relate(ev, parent, child, "one-to-many", "has", s.index)
    # "3 courts per club", "46 charge points across 19 sites"
    for m in [*_COUNT_PER_RE.finditer(st), *_ACROSS_RE.finditer(st)]:
        child, parent = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if child and parent and child != parent and s.chunks[int(m.group(1))].plural:
            _relate(ev, parent, child, "one-to-many", "has", s.index)
    for m in _ON_EACH_RE.finditer(st):
        groups = [g for g in m.groups() if g is not None]
        parent = s.names[int(groups[-1])]
        if parent in _PER_UNITS:
            continue  # "menus are priced per head": a unit of price
        for at in groups[:-1]:
            child = s.names[int(at)]
            if child and parent and is_attribute_word(child) and not _said_before(ev, child):
                # "batch numbers and best before dates on each sack": values each one has
                ev.has_items.append((parent, "", _attribute_name(s.chunks[int(at)]), s.index, "value"))
            elif child and parent and child != parent and s.chunks[int(at)].plural \
                    and not _fact(ev, child).person:
                _relate(ev, parent, child, "one-to-many", "has", s.index)
    for m in _PEOPLE_ON_RE.finditer(st):
        # "every passenger on a booking gives their weight": the people a booking is for
        child, parent = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if child and parent in _PEOPLE_ON and _fact(ev, child).person and child != parent:
            _relate(ev, parent, child, "one-to-many", "has", s.index)
    for m in _BY_RE.finditer(st):
        child, parent = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if child and parent and child != parent and s.chunks[int(m.group(1))].plural:
            ev.weak_relations.append(RelationFact(parent, child, "one-to-many", "grouped by", s.index))
    for m in _RECORD_FOR_EACH_RE.finditer(st):
        # "every press sends a record for each machine cycle": the press has its cycles
        parent, record, child = (s.names[int(m.group(i))] for i in (1, 2, 3))
        if record == "record" and parent and child and parent != child and not _fact(ev, child).person:
            _relate(ev, parent, child, "one-to-many", "has", s.index)
    for m in _RUNS_ON_RE.finditer(st):
        # "jobs execute on runners (ours or self-hosted)": each job runs on one runner
        child, parent = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if child and parent and child != parent and s.chunks[int(m.group(1))].plural \
                and not _fact(ev, child).person and not _fact(ev, parent).person:
            _relate(ev, parent, child, "one-to-many", "runs", s.index)
    for m in _AND_EACH_INTO_RE.finditer(st):
        # "a pipeline run, split into jobs and each job into steps": each job has its steps
        parent, child = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if parent and child and parent != child:
            _relate(ev, parent, child, "one-to-many", "has", s.index)
    for m in _TAGGED_ASIDE_RE.finditer(st):
        # "coding problems (about 3,000, each tagged by topic and difficulty)": tags shared by many
        owner, tag = s.names[int(m.group(1))], s.names[int(m.group(2))]
        if owner and tag and owner != tag:
            _relate(ev, owner, tag, "many-to-many", "tagged with", s.index)
            _boost(ev, tag, _STRONG, s.index)
    for m in _EACH_ASIDE_RE.finditer(st):
        # "stalls (3 volunteers each)", "exercises (each with a short demo video)"
        parent, child = s.names[int(m.group(1))], s.names[int(m.group(2) or m.group(3))]
        if child and parent and child != parent:
            _relate(ev, parent, child, "one-to-many", "has", s.index)
    for m in _at_each_phrase(_LOOSE_RE, st):
        at = int(m.groups()[-1])
        child, parent = s.names[int(m.group(1))], s.names[at]
        if m.group("d") is None and (m.group("p") != "to" or not s.chunks[at].plural):
            continue  # "payouts to consignors"; but "split into chunks", "a bill of materials"
        if m.group("p") == "of" and m.group(0).split()[1] != "of":
            continue  # "menus made of menu items": what they consist of
        end = s.chunks[at].end
        if m.group("p") in ("after", "before", "until") and end < len(s.tokens) and s.tokens[end].tag in ("M", "V") \
                and parent and _fact(ev, parent).person:
            continue  # "book a machine after a trainer has signed them off": when, not whose
        if child and parent and child != parent and not is_attribute_word(child) and at not in turned \
                and not _booked_for_a_time(s, int(m.group(1)), at):
            ev.loose_relations.append(RelationFact(parent, child, "one-to-many", "has", s.index))
    for m in _OF_RE.finditer(st):
        child_chunk = s.chunks[int(m.group(1))]
        child, parent = s.names[int(m.group(1))], s.names[int(m.group(3))]
        if not parent or _booked_for_a_time(s, int(m.group(1)), int(m.group(3))):
            continue
        if parent in ("batch", "lot") and m.group(0).split()[1] == "in" and s.chunks[int(m.group(3))].plural:
            child, parent = parent, child  # "buys products in batches": each batch is of one product
            child_chunk = s.chunks[int(m.group(3))]
        if child and child != parent and (child_chunk.plural or m.group("d") in ("each", "every")):
            # "keep every published rating for every player": kept per player, so linked when
            # the brief makes a table of it, even if the word is usually a column
            if not is_attribute_word(child) or m.group("d") in ("each", "every"):
                ev.weak_relations.append(RelationFact(parent, child, "one-to-many", "has", s.index))
        elif is_attribute_word(_attribute_name(child_chunk)) and m.group(0).split()[1] == "of" \
                and child_chunk.nouns[-1] not in TIME_SPANS:  # "keep two years of readings": retention
            ev.attributes.append((parent, _attribute_name(child_chunk), s.index))
    _possessives(s, ev)


_TIMES = frozenset(("slot", "time_slot", "period", "date", "day", "time", "hour", "week", "night", "weekend",
                    "evening", "morning", "afternoon"))


def _booked_for_a_time(s: _Sentence, k: int, at: int) -> bool:
    """"Customers reserve one or more lanes for a time slot": the booking is for the time, which
    the lanes do not have."""
    start = s.chunks[at].start
    if s.names[at] not in _TIMES or "for" not in [t.low for t in s.tokens[max(0, start - 2):start]]:
        return False
    i = s.chunks[k].start - 1
    while i >= 0 and (s.tokens[i].tag in ("D", "N") or s.tokens[i].low in ("or", "more", "several")):
        i -= 1
    return i >= 0 and VERB_FORMS.get(s.tokens[i].low) in _LENDING


def _possessives(s: _Sentence, ev: _Evidence) -> None:
    for k, chunk in enumerate(s.chunks[:-1]):
        owner = s.names[k]
        nxt = s.chunks[k + 1]
        if not owner or not chunk.possessive or nxt.start != chunk.end:
            continue
        name = s.names[k + 1]
        if owner not in ORGANISATION_NOUNS and owner != name:
            _boost(ev, owner, 1.0, s.index)  # "the depot's stock": what owns things is a thing
            if _record_noun(name):
                _boost(ev, name, 1.0, s.index)  # "the owner's invoice": a record of the owner's
        if name and nxt.plural and not is_attribute_word(name):
            ev.weak_relations.append(RelationFact(owner, name, "one-to-many", "has", s.index))
        else:
            ev.has_items.append((owner, name or "", _attribute_name(nxt), s.index, "of"))
        # "each pupil's medical needs and emergency contacts": the pupil's too
        j = k + 2
        while j < len(s.chunks) and not s.chunks[j].determiner and not s.chunks[j].possessive \
                and [t.low for t in s.tokens[s.chunks[j - 1].end:s.chunks[j].start]] in (["and"], [","]):
            other = s.names[j]
            if other and other != owner and s.chunks[j].plural and not is_attribute_word(other) \
                    and not _fact(ev, other).person:
                ev.weak_relations.append(RelationFact(owner, other, "one-to-many", "has", s.index))
            j += 1


def _relate(ev: _Evidence, parent: str | None, child: str | None, card: str, label: str, i: int) -> None:
    if parent and child and parent != child:
        ev.relations.append(RelationFact(parent, child, card, label, i))
        _boost(ev, parent, _STRONG, i)
        _boost(ev, child, _STRONG, i)


def _without_examples(body: list[Token]) -> list[Token]:
    """"(name, ecosystem e.g. npm / maven, version)": an item's examples, up to the next comma,
    are no columns of their own."""
    kept: list[Token] = []
    skipping = False
    for tok in body:
        if tok.low in ("e.g", "eg") and kept:
            skipping = True
        elif tok.low in (",", ";"):
            skipping = False
        if not skipping:
            kept.append(tok)
    return kept


def _paren_attributes(s: _Sentence, ev: _Evidence) -> None:
    """Read "pets (species, breed, birth date)" as columns of pet."""
    tokens = s.tokens
    ends = {c.end: k for k, c in enumerate(s.chunks)}
    opened = -1
    asides = [m.group(0) for m in _PARENS.finditer(s.text)]
    trailed = [bool(_TRAILING_OFF.search(aside)) for aside in asides]
    asked = [aside.rstrip(")").rstrip().endswith("?") for aside in asides]
    for i, tok in enumerate(tokens):
        if tok.low == "(":
            opened += 1
        if tok.low != "(":
            continue
        if i not in ends and i >= 3 and tokens[i - 1].low in ("up", "in", "out", "off") and tokens[i - 2].tag == "V" \
                and tokens[i - 2].low.endswith("ed") and i - 2 in ends and s.chunks[ends[i - 2]].determiner in ("each", "every"):
            k = ends[i - 2]  # "record each dog picked up (microchip number, breed, photos)": the dog's
        elif i not in ends:
            continue
        else:
            k = ends[i]
        close = next((j for j in range(i + 1, min(len(tokens), i + 60)) if tokens[j].low == ")"), None)
        if close is None:
            continue
        body = tokens[i + 1 : close]
        if not body or body[0].low in ("e.g", "eg", "such", "like", "for", "including", "i.e", "ie"):
            continue
        if opened < len(asked) and asked[opened]:
            continue  # "flag a family referred twice (postcode + parent name?)": a question, not columns
        body = _without_examples(body)
        if any(t.low in ("it", "we", "they", "i", "you", "he", "she") for t in body):
            continue  # "(strict tenant isolation, it's in the contracts)": a remark with a clause of its own
        if body[0].low in _ROUGHLY:
            continue  # "translators (roughly one per language)": a remark on how many, not columns
        if body[0].low in ("their", "his", "her") and _fact(ev, s.names[k] or "").person:
            continue  # "team members (their support and engineering staff)": who they are, not columns
        colon = next((j for j, t in enumerate(body) if t.low == ":"), -1)
        if 1 <= colon <= 3 and body[colon - 1].tag == "W" and is_plural(body[colon - 1].low) \
                and any(t.tag == "N" for t in body[:colon]):
            # "our trades team (38 operatives: plumbers, electricians, joiners)": how many people
            # it has and the kinds of them, not columns
            for item in _split_items(body[colon + 1:]):
                name = _identifier(singular(item[-1].low)) if item else ""
                if name in ev.scores:
                    _boost(ev, name, -1.0, s.index)
            continue
        if _choice_list(body) and not s.chunks[k].plural and s.chunks[k].determiner in ("", "a", "an", "the") \
                and s.names[k] not in _TRANSACTIONS:
            # "a category (A/B/C)", "contract level (bronze/silver/gold)": a column's values; but
            # "books an appointment (AM / PM slot)" says when the record is, it stays a record
            owner = _nearest_entity(s, k) if k > 0 else None
            if owner and s.names[k] and s.names[k] != owner:
                ev.has_items.append((owner, "", _attribute_name(s.chunks[k]), s.index, "paren"))
                _boost(ev, s.names[k], -_STRONG, s.index)
            continue
        chunk = s.chunks[k]
        if chunk.nouns[-1] in _KIND_HEADS and len(chunk.nouns) >= 2 and not chunk.plural \
                and chunk.tags[-2] == "W" and len(_split_items(body)) >= 3 and not _generic(chunk.nouns[-2]):
            # "a license tier (personal, commercial, broadcast)", "a connector type (CCS, CHAdeMO,
            # Type 2)": a list of kinds to pick from, each a row of a lookup table
            owner = _nearest_entity(s, k)
            kind = _identifier(f"{singular(chunk.nouns[-2])}_{chunk.nouns[-1]}")
            if s.names[k] and s.names[k] != kind:
                _boost(ev, s.names[k], -_STRONG, s.index)
            _boost(ev, kind, _STRONG, s.index)
            _fact(ev, kind).mentions += 1
            if owner and owner != kind:
                _relate(ev, kind, owner, "one-to-many", "has", s.index)
            continue
        named = _names(body)
        # "near the university (Marlowe House, Quay Court)": names of something else
        elsewhere = named and not s.chunks[k].plural
        # "by category (tinned veg, pasta, cereal...)": kinds of it, not its columns
        examples = named or opened < len(trailed) and trailed[opened] or any(t.low == "etc" for t in body) \
            or _slashed(body)  # "environments (dev/staging/prod)": the rows, not columns
        items = _split_items(body)
        if len(items) >= 2 and sum(1 for item in items if any(t.low == "by" for t in item)) * 2 >= len(items) \
                and s.names[k] and _fact(ev, s.names[k]).person:
            continue  # "termly reports for governors (incidents by type, by year group)": how a report breaks down
        if len(items) < 1 or any(len(item) > 4 for item in items):
            continue
        if len(items) == 1 and not is_attribute_word(_identifier(items[0][-1].low)):
            # "macros (saved replies)", "their peg (numbered fishing spot)": a gloss, not a list
            # of columns; one that says what kind of thing it is explains a word of the trade
            if s.names[k] and _defining_gloss(body):
                _boost(ev, s.names[k], 1.0, s.index)
            continue
        pairs = [(item, _identifier("_".join(_strip_item(item)))) for item in items]
        figures = sum(1 for item, n in pairs if n[:1].isdigit()  # "10k", "5 km", not "1,200 fans"
                      and (len(item) == 1 or len(item) == 2 and len(item[1].low) <= 3)
                      or len(item) >= 3 and item[0].low in NUMBER_WORDS and item[1].low in ("in", "at"))
        # "(two in England, one in Ohio)": how many where, not columns
        valued = len(pairs) >= 2 and figures * 3 >= len(pairs)
        # "(we are 3 notaries)", "(about 60,000 entries)": a remark with a figure, not a column
        pairs = [(item, n) for item, n in pairs if n and not n[0].isdigit()
                 and not (any(c.isdigit() for c in n) and n.count("_") >= 2)]
        names = [n for _, n in pairs]
        if not names:
            continue
        if valued:
            examples = True  # "a distance (full, half, 10k)": a figure among them makes them values
        if len(items) >= 3 and sum(1 for item in items if len(item) >= 2 and VERB_FORMS.get(item[0].low) == item[0].low
                                   and item[0].tag in ("V", "W") and item[0].low not in NOUN_VERBS
                                   and item[1].tag in ("W", "D", "X")) * 2 >= len(items):
            examples = True  # "tasks (sign contract, upload passport, meet your buddy)": things done, not columns
        if any(len(item) >= 3 and VERB_FORMS.get(item[0].low) == item[0].low and item[1].tag == "D"
               for item in items):
            examples = True  # "prove their address (council tax lookup, or upload a tenancy agreement)": ways
        if len(names) >= 3 and not any(is_attribute_word(n) or is_attribute_word(n.rsplit("_", 1)[-1])
                                       or _said_before(ev, _identifier(singular(item[-1].low)))
                                       for item, n in pairs):
            # "permit applications (residential addition, demolition, signage)": kinds, as no
            # item is the kind of word a column is
            examples = True
        if len(items) >= 3 and sum(1 for item in items if _is_person(singular(item[-1].low))) * 2 > len(items):
            examples = True  # "a professional (health visitor, midwife, social worker)": kinds of person
        plurals = [item for item in items if len(item) <= 2 and all(t.tag == "W" for t in item)
                   and is_plural(item[-1].low) and not is_attribute_word(_identifier(singular(item[-1].low)))]
        ones = [item for item in items if len(item) == 2 and item[0].low in NUMBER_WORDS]  # "one theatre"
        if len(items) >= 2 and all(item in plurals for item in items if item not in ones) and len(ones) < len(items) - 1 \
                or len(items) >= 3 and len(plurals) * 3 >= len(items) * 2 and not any(
                    is_attribute_word(_identifier(singular(item[-1].low))) for item in items):
            # "gives treatments (wormers, vaccines, antibiotics)", "venues (bars, bottle shops)",
            # "2,100 trade accounts (welders, garages, schools, one theatre)": kinds, each a plural
            # or a count of one; "green waste (grass, branches, leaves)": mostly plurals, a mass
            # noun among them
            examples = True
        head_word = s.chunks[k].nouns[-1]
        if singular(head_word) in _STATE_HEADS and k > 0 and _nearest_entity(s, k):
            # "move each application through stages (applied, screening, hired)"
            ev.states.append((_nearest_entity(s, k) or "", names))
            continue
        if singular(head_word) in ("status", "state") and k > 0 and s.names[k - 1]:
            ev.states.append((s.names[k - 1] or "", names))
            continue
        if singular(head_word) in ("status", "state"):
            name = s.names[k] or _nearest_entity(s, k)
            if name:
                ev.states.append((name, names))
            continue
        owner = s.names[k]
        start = s.chunks[k].start
        if k > 0 and start >= 1 and s.tokens[start - 1].low == "per" and s.names[k - 1] \
                and s.chunks[k - 1].end == start - 1:
            owner = s.names[k - 1]  # "medication list per client (name, dose, times)": the list's
        elif start >= 1 and s.tokens[start - 1].low in ("on", "upon") and len(s.chunks[k].words) == 1 \
                and not s.chunks[k].plural and not s.chunks[k].determiner and _WHEN_DONE.search(s.chunks[k].words[0]):
            continue  # "proof on completion (photo or recipient PIN)": when it is given, not a record
        if owner:
            _boost(ev, owner, 0.0 if elsewhere else _STRONG, s.index)
            for item, attr in pairs:
                item_name = _identifier(singular(item[-1].low)) if item else ""
                if any(t.low in ("per", "each") for t in item[1:-1]):
                    item_name = ""  # "(date, cost per pupil)": a rate, a column, not a link to pupils
                if attr in _NO_COLUMNS:
                    continue  # "(date, minutes, billable or not)": the choice is the column before it
                if not examples:
                    ev.has_items.append((owner, item_name, attr, s.index, "paren"))
                if item_name in ev.scores:
                    _boost(ev, item_name, -1.0, s.index)  # a column or a kind of the owner


# An action named as a moment: "on completion", "on arrival", "upon delivery".
_WHEN_DONE = re.compile(r"(?:tion|ival|ery|ure|ing)$|^(?:return|receipt|entry|exit|pickup|dispatch)$")


_ROUGHLY = frozenset(("roughly", "about", "around", "approx", "approximately", "circa", "~", "usually", "mostly",
                      "typically", "normally"))


def _defining_gloss(body: list[Token]) -> bool:
    """True for "(numbered fishing spot)", "(saved replies)": a participle, then the kind of
    thing, all plain words."""
    return 2 <= len(body) <= 4 and body[0].low.endswith("ed") and body[0].tag in ("J", "V") \
        and body[-1].tag == "W" and all(t.text.isalpha() and t.text.islower() for t in body[1:]) \
        and all(t.tag == "W" or t.low.endswith("ing") for t in body[1:-1])


_STATE_HEADS = frozenset(("stage", "step", "phase", "status", "state"))
_KIND_HEADS = frozenset(("type", "tier", "category", "class", "variety", "kind", "grade", "band", "plan"))
_PARENS = re.compile(r"\([^()]*\)?")
_TRAILING_OFF = re.compile(r"(?:…|\.\.\.?|\betc\.?|\band so on)\s*\)?$", re.IGNORECASE)


def _names(body: list[Token]) -> bool:
    """Return True for a list of names ("Marlowe House, Quay Court, The Foundry"; "Citizens
    Advice, schools, GP surgeries"): instances of something, which may not be the word before."""
    items = _split_items(body)
    return len(items) >= 2 and sum(item[0].text[:1].isupper() for item in items) * 2 >= len(items)


def _choice_list(body: list[Token]) -> bool:
    """Return True for "A/B/C", "bronze / silver / gold": values split by slashes alone."""
    slashes = sum(1 for t in body if t.low == "/")
    return slashes >= 1 and not any(t.low in (",", ";", ":") or t.tag == "V" for t in body) \
        and len(body) <= 4 * (slashes + 1)


def _said_before(ev: _Evidence, name: str) -> bool:
    """Return True for a usual record, or a word the brief used before this aside."""
    return name in DOMAIN_NOUNS or name in ev.scores and ev.scores[name].mentions >= 2


def _slashed(body: list[Token]) -> bool:
    """Return True for values split by slashes alone, whatever their words: "dev/staging/prod"."""
    slashes = sum(1 for t in body if t.low == "/")
    return slashes >= 1 and not any(t.low in (",", ";", ":") for t in body) and len(body) <= 4 * (slashes + 1)


def _nearest_entity(s: _Sentence, k: int) -> str | None:
    for j in range(k - 1, -1, -1):
        if s.names[j]:
            return s.names[j]
    return None


def _split_items(body: list[Token]) -> list[list[Token]]:
    items: list[list[Token]] = [[]]
    for tok in body:
        if tok.low in (",", ";", "and", "or", "/", "plus"):
            if items[-1]:
                items.append([])
            continue
        items[-1].append(tok)
    return [item for item in items if item]


def _strip_item(item: list[Token]) -> list[str]:
    words = [t.low for t in item if t.tag not in ("D", "Z") and t.low not in ("etc", "optional")]
    while len(words) > 1 and words[0] in ("with", "plus", "including", "which", "what", "whose"):
        # "(mistakes, each with a timestamp and a note)": the timestamp; "(which bus, which route)": the bus
        words.pop(0)
    return words


_LINKING_VERBS = words("assign allocate attach link match dispatch add")
_PAST = {"match": "matched", "allocate": "allocated", "link": "linked"}
_MODAL_BEFORE = words("can could may must should will to able lets let allow allows")


def _verb_patterns(s: _Sentence, ev: _Evidence) -> None:
    """Find 'VERB (a|the|many) @k' actions and 'actor VERB object' links."""
    tokens = s.tokens
    for k, chunk in enumerate(s.chunks):
        obj = s.names[k]
        if not obj:
            continue
        i = chunk.start - 1
        while i >= 0 and (tokens[i].tag in ("D", "N") or tokens[i].low in ("one", "or", "more")):
            i -= 1
        # "buy day or night tickets", "subscribed to the matching industry and region categories": a
        # word joined to the object by "or" shares its verb, unless the object opens a clause of
        # its own ("book rooms and staff clean them")
        if k > 0 and i >= 1 and tokens[i].low == "and" and s.chunks[k - 1].end == i and s.names[k - 1] is None:
            i -= 1
        if k > 0 and i >= 0 and tokens[i].tag == "W" and s.chunks[k - 1].end == i + 1 \
                and (tokens[i + 1].low == "or" and len(s.chunks[k - 1].words) == 1
                     or tokens[i + 1].low == "and" and s.names[k - 1] is None) \
                and (chunk.end >= len(tokens) or tokens[chunk.end].tag not in ("V", "M")):
            i = s.chunks[k - 1].start - 1
            while i >= 0 and tokens[i].tag == "D":
                i -= 1
        # "sign up for shifts", "enroll in courses": a verb's particle before the object.
        j = i
        while j >= 0 and j > i - 2 and tokens[j].low in _PARTICLES:
            j -= 1
        if j < i and j >= 0 and tokens[j].tag == "V":
            i = j
        verbs: list[tuple[str, int]] = []
        while i >= 0:
            lemma = _verb_lemma(tokens, i)
            if lemma and verbs and lemma in ("register", "signup", "login") and tokens[i + 1].low in ("and", ","):
                break  # "any artist can register and submit three works": registering takes no works
            if lemma:
                verbs.append((lemma, i))
                i -= 1
                if i >= 0 and tokens[i].low in ("and", "or", ","):
                    i -= 1
                    continue
            break
        for lemma, at in verbs:
            _verb_use(s, ev, lemma, at, k, obj)
    _nominal_actions(s, ev)


_PARTICLES = frozenset(("for", "up", "in", "into", "on", "to", "with", "out", "off"))


def _verb_lemma(tokens: list[Token], i: int) -> str:
    tok = tokens[i]
    nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
    if tok.tag == "V" and VERB_FORMS.get(tok.low) == "sign" and nxt == "up":
        return "signup"
    if tok.low in ("in", "out") and i > 0 and tokens[i - 1].low in ("check", "checks", "checked"):
        return "check-" + tok.low if tok.low == "in" else "checkout"
    if tok.tag != "V":
        return ""
    if tok.low in ("check", "checks", "checked") and nxt in ("in", "out"):
        return "check-in" if nxt == "in" else "checkout"  # "users check in the beers they drink"
    return VERB_FORMS.get(tok.low, "")


_COUNTED_PARTS = frozenset(("several", "multiple", "many", "various", "different", "two", "three", "four", "five"))


def _verb_use(s: _Sentence, ev: _Evidence, verb: str, at: int, k: int, obj: str) -> None:
    tokens = s.tokens
    prev = tokens[at - 1].low if at > 0 else ""
    subject = _subject_before(s, at)
    back = at - 1
    while back >= 0 and (tokens[back].tag == "A" or tokens[back].low in ("also", "then", "all")):
        back -= 1
    # "we also lend tools": the business itself acts, as in "lend tools" alone.
    modal = prev in _MODAL_BEFORE or at == 0 or (subject is not None) or (
        back >= 0 and tokens[back].low in ("we", "i", "they", "you")) or (
        prev in (",", "and", "or") and _in_label_actions(tokens, at))
    after = tokens[s.chunks[k].end].low if s.chunks[k].end < len(tokens) else ""
    if verb in _LINKING_VERBS and after in ("to", "with"):
        return  # "assign a courier to an order" is read by _ASSIGN_RE
    if verb in _LENDING and at + 1 < len(tokens) and tokens[at + 1].low == "to":
        return  # "copies are lent to members": the members receive, they are not lent
    if prev in _BE_FORMS and verb in ("split", "divide", "subdivide", "break") and at + 1 < len(tokens) \
            and tokens[at + 1].low in ("into", "down", "up"):
        return  # "a project is split into tasks": parts of it (see _SPLIT_INTO_RE), not an action
    passive = subject and at > 0 and prev in _BE_FORMS and tokens[at].low.endswith("ed")
    if passive and verb in _ACTIONS and at + 1 < len(tokens) and tokens[at + 1].tag not in ("P", "A") \
            and not _fact(ev, subject).person:
        # "when a booking is accepted the customer pays": the booking is accepted, and the
        # phrase after the verb opens the next clause ("developers are assigned findings" does
        # assign the findings)
        ev.operations.append(OperationFact(verb, subject, s.index))
        return
    if verb in _ACTIONS or verb in ("check-in", "checkout") or verb in _NOMINAL_VERBS and modal:
        ev.operations.append(OperationFact(verb, obj, s.index, actor=subject or ""))
    if passive:
        # "documents are uploaded to the claim": the subject undergoes the verb; it goes to obj.
        toward = at + 1 < len(tokens) and tokens[at + 1].low in ("to", "into", "onto", "against", "under")
        several = at + 2 < len(tokens) and (tokens[at + 2].low in _COUNTED_PARTS or tokens[at + 2].tag == "N")
        if toward and several:
            # "videos are transcoded into several resolutions": each video gets several of them
            ev.weak_relations.append(RelationFact(subject, obj, "one-to-many", verb, s.index))
        elif toward:
            ev.weak_relations.append(RelationFact(obj, subject, "one-to-many", verb, s.index))
        return
    if subject and verb not in ("be", "have", "do", "need", "want", "use"):
        ev.verb_links.append((subject, verb, obj, s.index))


_BE_FORMS = frozenset(("is", "are", "was", "were", "be", "been", "being", "get", "gets", "got"))


def _in_label_actions(tokens: list[Token], at: int) -> bool:
    """Whether the verb at `at` is in a label's list of actions: "customer portal: see holdings,
    order refills" is what people do there."""
    colon = next((i for i in range(at - 1, -1, -1) if tokens[i].low == ":"), -1)
    return 0 <= colon < at - 1 and tokens[colon + 1].tag == "V"


def _actor_name(s: _Sentence, k: int) -> str | None:
    """Return the table phrase k stands for as a subject: its name, or `user` for "users", the
    people who sign in ("Users create short links")."""
    return s.names[k] or ("user" if s.chunks[k].nouns in (["users"], ["user"]) else None)


def _subject_before(s: _Sentence, at: int) -> str | None:
    """Return the entity that is the subject of the verb at token `at`, if it is near."""
    j = at - 1
    while j >= 0 and (s.tokens[j].tag in ("M", "A") or s.tokens[j].low in ("to", "able", "be", "not", "then", "also")):
        j -= 1
    if j > 0 and s.tokens[j].low in _RELATIVE_PRONOUNS and any(c.end == j for c in s.chunks):
        j -= 1  # "journalists who've subscribed to the categories": the relative clause's subject
    if j > 0 and s.tokens[j].low == ")":
        # "Pupils (name, form group, year) place pre-orders": the subject is before its details.
        opening = next((i for i in range(j - 1, -1, -1) if s.tokens[i].low in ("(", ")")), -1)
        if opening > 0 and s.tokens[opening].low == "(":
            j = opening - 1
    for k, chunk in enumerate(s.chunks):
        if chunk.end == j + 1 and _actor_name(s, k):
            head = _head_before_phrase(s, k)
            return _actor_name(s, head) if head is not None and _actor_name(s, head) else _actor_name(s, k)
        if chunk.end == j + 1 and k > 0 and s.names[k - 1] and chunk.start >= 2 \
                and s.tokens[chunk.start - 1].low in ("and", "or") \
                and s.chunks[k - 1].end == chunk.start - 1:
            return s.names[k - 1]  # "students and staff borrow books": staff is no table, students act
    while j >= 0 and s.tokens[j].low in ("want", "need", "would", "like", "to", "can", "be", "able"):
        j -= 1
    if j >= 0 and s.tokens[j].low == "i" and s.chunks and len(s.tokens) > 2 \
            and s.tokens[0].low == "as" and s.tokens[1].low in ("a", "an", "the") \
            and s.chunks[0].start == 2:
        return s.names[0]  # "As a customer I want to file a claim": the story's role acts
    if j > 0 and s.tokens[j].low in ("and", ","):
        return _chain_subject(s, j)
    return None


_RELATIVE_PRONOUNS = frozenset(("who", "who've", "who'd", "who're", "which", "that"))
_PHRASE_PREPOSITIONS = frozenset(("against", "of", "about", "for"))


def _head_before_phrase(s: _Sentence, k: int) -> int | None:
    """The phrase that phrase k only qualifies: "watchlist screening against sanctions and PEP
    lists produces hits", "bookings at the old prison are cancelled"; None when k stands alone."""
    i = s.chunks[k].start - 1
    while k > 0 and i >= 0 and (s.tokens[i].tag == "D" or s.tokens[i].low in ("and", "or")):
        if s.tokens[i].low in ("and", "or") and s.chunks[k - 1].end == i:
            k -= 1  # "sanctions and PEP lists": the list the preposition takes
            i = s.chunks[k].start - 1
            continue
        i -= 1
    if i < 1 or s.tokens[i].low not in _PHRASE_PREPOSITIONS:
        return None
    return next((h for h, c in enumerate(s.chunks) if c.end == i and h < k), None)


def _chain_subject(s: _Sentence, j: int) -> str | None:
    """"Runners register and pay a fee, pick a distance and can transfer their bib": a verb
    joined to earlier ones acts for the subject of the last clause before it."""
    start = max((i for i in range(j) if s.tokens[i].low in (";", ":")), default=-1) + 1
    first = next((k for k, c in enumerate(s.chunks) if c.start >= start), None)
    if first is None or s.chunks[first].end >= j:
        return None
    name = _actor_name(s, first)
    if not name:
        return None
    opening = s.chunks[first]
    if opening.start > start + 1 or opening.start == start + 1 and s.tokens[start].tag != "D":
        return None  # the clause does not open with its subject
    verb = opening.end
    while verb < j and (s.tokens[verb].tag in ("M", "A") or s.tokens[verb].low in ("to", "not")):
        verb += 1
    if verb >= j or s.tokens[verb].tag != "V":
        return None
    # A later subject that opens its own clause acts instead: "hosts list homes, guests search
    # by dates, book stays and pay" (the guests book).
    later = [k for k, c in enumerate(s.chunks)
             if start <= c.start and c.end < j and k != first and c.end < len(s.tokens)
             and s.tokens[c.end].tag in ("V", "M") and s.tokens[c.start - 1].low in ("and", ",", ";")]
    if later:
        return s.names[later[-1]] if s.names[later[-1]] else None
    return name


def _nominal_actions(s: _Sentence, ev: _Evidence) -> None:
    """'loan renewals', 'refunds for orders': an action noun next to a record."""
    for i, tok in enumerate(s.tokens):
        verb = NOMINAL_ACTIONS.get(tok.low)
        if not verb:
            continue
        target = None
        for k, chunk in enumerate(s.chunks):
            name = s.names[k]
            near = abs(chunk.end - i) <= 4 or abs(chunk.start - i) <= 4
            if name and name != singular(tok.low) and chunk.nouns[-1] != tok.low and near:
                target = name
                break
        if target:
            ev.operations.append(OperationFact(verb, target, s.index))


_PASSIVE_RE = re.compile(
    rf"(?:{_E}(?: (?:from|of|for|in|on|at|with) @\d+)?(?: (?:that|which|who) [^;,]*?)?|\band) "
    rf"(?:(?:can|could|may|must|should|will|might|also|then|only|always) )*"
    rf"(?:be|get|gets|are|is) (?P<rest>[a-z-]+(?: (?:, |or |and |, or |, and )?[a-z-]+){{0,6}})"
)


def _passive_actions(s: _Sentence, ev: _Evidence) -> None:
    """"Reservations can be modified or cancelled": actions (and states) of a record."""
    for m in _PASSIVE_RE.finditer(s.stream):
        owner = s.names[int(m.group(1))] if m.group(1) else _clause_subject(s, m.start())
        if not owner:
            continue
        states = []
        for word in re.findall(r"[a-z-]+", m.group("rest")):
            if word in ("or", "and", "as", "a", "an", "the", "marked"):
                continue
            base = VERB_FORMS.get(word, "")
            if not word.endswith("ed") and word not in ("paid", "held", "sent", "sold", "lent"):
                if states:
                    break
                continue
            if base in _ACTIONS or base in ("cancel", "confirm", "approve", "reject", "ship") \
                    or base in _LENDING:
                if m.group(1) and not any(o.entity == owner and o.sentence == s.index
                                          for o in ev.operations):
                    _boost(ev, owner, 1.0, s.index)  # "requests are approved": a record with a life
                ev.operations.append(OperationFact(base, owner, s.index))
            states.append(word)
        if len(states) >= 2:
            ev.states.append((owner, [w for w in states if w in STATE_WORDS or w.endswith("ed")]))


def _clause_subject(s: _Sentence, at: int) -> str | None:
    """Return the first entity of the clause that contains stream position `at`."""
    start = max(s.stream.rfind(";", 0, at), s.stream.rfind(":", 0, at), 0)
    for m in re.finditer(r"@(\d+)", s.stream[start:at]):
        name = s.names[int(m.group(1))]
        if name:
            return name
    return None


def _state_patterns(s: _Sentence, ev: _Evidence) -> None:
    _passive_actions(s, ev)
    for m in _STATE_RE.finditer(s.stream):
        owner = s.names[int(m.group(1))]
        if not owner:
            continue
        words = _state_words(m.group("rest"), s)
        if len(words) >= 2:
            ev.states.append((owner, words))


def _state_words(rest: str, s: _Sentence) -> list[str]:
    rest = re.split(r"[.;]| before | after | when | until | if | because | so ", rest)[0]
    out: list[str] = []
    for part in _LIST_SPLIT.split(rest):
        part = part.strip()
        if not part:
            continue
        if part.startswith("@"):
            chunk = s.chunks[int(part[1:].split()[0])]
            part = " ".join(chunk.words)
        words = part.split()
        if len(words) > 3:
            break
        state = _identifier("_".join(w for w in words if w not in ("the", "a", "an", "be", "is")))
        if state and (state in STATE_WORDS or state.endswith(("ed", "ing")) or len(words) == 1):
            out.append(state)
    return list(dict.fromkeys(out))


# --- second pass: decide entities, relationships, columns -----------------------------------


_FLYING = re.compile(r"\b(?:fl(?:y|ies|ying|own|ights?)|aircraft|airplanes?|planes?|drones?|balloons?|"
                     r"helicopters?|airlines?|hangars?|gliders?|cockpits?|airfields?|airports?|aviation|uavs?|"
                     r"sorties?|take-?offs?)\b", re.IGNORECASE)


_DURATIONS = frozenset(("minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h", "day", "days"))
_VERDICTS = frozenset(("score", "decision", "rating", "grade", "recommendation", "mark", "outcome", "result"))


def _remark_on_a_verdict(s: _Sentence, k: int) -> bool:
    """True for the comment that comes with a decision or a score: "approved or returned with
    comments", "a decision with a comment", "a reviewer's score and comments"."""
    chunk = s.chunks[k]
    before = [t.low for t in s.tokens[max(0, chunk.start - 3):chunk.start]]
    if "with" in before and any(s.names[j] in _VERDICTS or (s.chunks[j].nouns[-1] in _VERDICTS)
                                for j in range(max(0, k - 2), k)) or before[-2:] in (["with", "comments"],):
        return True
    if before[-1:] == ["with"] and k > 0 and any(VERB_FORMS.get(t.low) in ("return", "reject", "approve", "decline")
                                                 for t in s.tokens[max(0, chunk.start - 6):chunk.start]):
        return True
    return k > 0 and before[-1:] == ["and"] and s.chunks[k - 1].end == chunk.start - 1 \
        and singular(s.chunks[k - 1].nouns[-1]) in _VERDICTS


def _counted_with_how_many(s: _Sentence, chunk: Chunk) -> bool:
    """True for the plurals after "how many": "how many adults and children", "how many
    adults/children"."""
    i = chunk.start - 1
    while i >= 1 and i >= chunk.start - 4 and (s.tokens[i].low in ("and", "or", "/", ",") or s.tokens[i].tag == "W"):
        i -= 1
    return i >= 1 and s.tokens[i].low == "many" and s.tokens[i - 1].low == "how"


# Records named after what people do: "officers inspect plots ... reminders about inspections".
_DONE_AS = {"inspect": "inspection", "visit": "visit", "assess": "assessment", "screen": "screening",
            "audit": "audit", "interview": "interview", "treat": "treatment", "vaccinate": "vaccination",
            "examine": "examination", "measure": "measurement", "deliver": "delivery", "collect": "collection",
            "refer": "referral", "defer": "deferral", "renew": "renewal", "install": "installation",
            "allocate": "allocation", "assign": "assignment", "appoint": "appointment", "submit": "submission",
            "withdraw": "withdrawal", "nominate": "nomination", "donate": "donation", "observe": "observation",
            "calibrate": "calibration", "repair": "repair", "service": "service", "survey": "survey",
            "grade": "grading", "weigh": "weighing", "move": "movement", "transfer": "transfer", "lamb": "lambing",
            "mark": "mark", "score": "score"}


def _done_and_named(ev: _Evidence) -> None:
    """Count a record named after what a person does to a thing in the brief ("officers inspect
    plots") as said once more when the brief also names it ("reminders about inspections")."""
    for subject, verb, obj, _index in ev.verb_links:
        name = _DONE_AS.get(verb)
        fact = ev.scores.get(name or "")
        if fact is not None and fact.plural_seen and subject not in ORGANISATION_NOUNS and obj != name:
            fact.score += 1.0
            fact.acted = True


# People who stand for a family in a brief's tables: its contacts, parents, visitors, household.
_FAMILY_PEOPLE = frozenset(("contact", "family_contact", "parent", "guardian", "carer", "visitor", "relative",
                            "next_of_kin", "household", "family_member"))


# Load on the system, not records it keeps: "500 requests per second", "2,000 reads a second".
_TRAFFIC = frozenset(("request", "query", "hit", "read", "write", "call"))


def _select_entities(facts: BriefFacts, ev: _Evidence) -> None:
    # "me, my partner and 5 clerks ... I assign each job to a clerk": a workforce the brief counts
    # and gives work is a table; "assigned to two or three reviewers" counts per record, not staff.
    # "operators" run the rigs, the machines or the trains: the work is assigned to them, so they
    # are records (a workforce or the companies that run the trains), not a way to sign in
    roles = {name for name, role_only in ev.actors.items() if role_only and name != "operator"
             and not (name in facts.counts and name in ev.scores and ev.scores[name].score >= 2 * _STRONG
                      and name not in ("staff", "admin", "administrator", "manager")
                      and not re.search(rf"\b(?:to|or|between|by)\s+(?:\w+\s+(?:or|to)\s+)?\w+\s+{name}s\b",
                                        facts.text, re.IGNORECASE))}
    # "sales manager", "support agent": a kind of staff role, not a table of its own.
    roles |= {name for name in ev.scores
              if "_" in name and name.rsplit("_", 1)[1] in ROLE_NOUNS | {"lead", "handler"}}
    # A note of a line or two ("Parking app: levels, spaces, permits...") names only what it
    # means: every thing said like a record counts, on less evidence than in long prose.
    terse = len(facts.text.split()) < _TERSE_WORDS
    threshold = 1.0 if terse else _THRESHOLD
    # "species (botanical and common name)", "each breed belongs to one species": words that
    # are usually columns, given columns or links of their own.
    described = {owner for owner, _n, _a, _i, kind in ev.has_items if kind == "paren"}
    described |= {n for rel in ev.relations if rel.label == "belongs to"
                  for n in (rel.parent, rel.child)} | ev.picked
    column_count = Counter(owner for owner, _n, _a, _i, _kind in ev.has_items)
    # "browse the menu (items with options)": an aside that names what the menu is made of;
    # "problems (each tagged by topic)": an aside that names what they are tagged with
    collection_items = {r.child for r in ev.relations if r.child == f"{r.parent}_item" or r.label == "tagged with"}
    with_columns = {owner for owner, count in column_count.items() if count >= 2}
    made_for = _made_for_someone(facts, ev)
    # "split into jobs and each job into steps": a vague word that a record is made of
    made_of = {r.child for r in ev.relations if r.cardinality == "one-to-many" and r.label == "has"}
    chosen = []
    for fact in ev.scores.values():
        usual = fact.name in DOMAIN_NOUNS or fact.person or (
            fact.name in ORGANISATION_NOUNS and fact.plural_seen)
        if usual and (fact.plural_seen or fact.mentions >= 2 or fact.created or fact.indefinite
                      or fact.acted):
            fact.score += 1.0  # a usual kind of record (or of people), mentioned like one
        if fact.name in KNOWN_COMPOUNDS and fact.score > 0:
            fact.score = max(fact.score, _THRESHOLD)  # "a purchase order" is a record, said once
        last = fact.name.rsplit("_", 1)[-1]
        spelt = fact.name.replace("_", "-")  # "1.5 million check-ins a day"
        if fact.name not in _TRAFFIC and any(n in facts.counts or n in facts.rates for n in (fact.name, last, spelt)):
            fact.score += 1.5  # "40,000 shows", "2 million downloads a day": stored records
        bar = threshold - 0.5 if fact.name in DOMAIN_NOUNS and not fact.person and not terse else threshold
        if fact.mentions == 1 and fact.asides == 1 and not terse and fact.name not in with_columns \
                and fact.name not in collection_items:
            # "customers (office landlords, hospitals)": people named once, in passing; but "(a
            # DBS check with date and certificate number)" describes a record
            continue
        if fact.kinds == fact.mentions and not terse and not fact.attributes:
            continue  # "machines in offices, hospitals and gyms": kinds of site, a type column
        if fact.itself and fact.itself == fact.mentions and not fact.plural_seen and not fact.indefinite:
            continue  # "bikes are owned by the co-op": the writers' own organisation, not a table
        if fact.score < bar or fact.name in roles or fact.name in ("user",):
            continue
        if fact.name in _WHERE_KEPT_TODAY and all(_TODAY_KEPT.search(facts.sentences[i]) for i in fact.sentences):
            continue  # "photos get dumped into a Dropbox folder", "paper folders": how it is done today
        if _only_a_name(fact.name, facts.text):
            continue  # "a university like Northmoor", "listed at Waterstones": a name, not a kind of thing
        if fact.name == "table" and not _SEATED.search(facts.text):
            continue  # "a list of tables with their keys": the database's, not a restaurant's
        if fact.name == "pilot" and not _FLYING.search(facts.text):
            continue  # "3 prisons in the pilot", "pilot with two branches": a trial run, not a flyer
        if is_attribute_word(fact.name) and fact.score < (
                threshold if fact.plural_seen or fact.name in described else _STRONG + 1):
            continue  # "a title", "the price": columns, unless the brief treats them as records
        part_of = fact.name in made_of and fact.plural_seen and fact.score >= 2 * _STRONG
        if fact.name in SOFT_GENERIC_NOUNS and fact.name not in made_for and not part_of \
                and not (terse and fact.plural_seen) and not (
                fact.score >= _STRONG and fact.mentions >= 2 and (fact.plural_seen or fact.indefinite)) \
                and not (fact.created and fact.plural_seen and fact.score >= _STRONG + 1) \
                and not (fact.name in facts.rates and fact.plural_seen and fact.acted):
            continue  # "the field", "a session": generic words, unless the brief keeps counting them or
            # people make many of them ("build lists that other people can follow")
        chosen.append(fact)
    if not chosen:
        # A brief too short to be sure of anything: take its likeliest things, or one record.
        likely = sorted((f for f in ev.scores.values() if f.score >= 1.0 and f.name not in roles
                         and not is_attribute_word(f.name)), key=lambda f: (-f.score, f.name))
        chosen = likely[:3] or [EntityFact(name="item", score=0.0, sentences=[0])]
    if any(f.name == "reading" for f in chosen):
        chosen = [f for f in chosen if f.name != "read"]  # "missing reads ... the next actual read": readings
    if any(f.name in _FAMILY_PEOPLE for f in chosen):
        # "each case has one or more family contacts ... the family choose a package": the family is
        # those people, kept already
        chosen = [f for f in chosen if f.name != "family"]
    chosen.sort(key=lambda f: (f.first, f.name))
    facts.entities = chosen
    names = {f.name for f in chosen}
    facts.actors = [a for a in ev.actors if a in names or a in roles or a == "user"]
    facts.roles = sorted(roles | {a for a in ev.actors if a in names})
    facts.accounts = bool(ev.actors) or bool(
        re.search(r"\b(?:log\s?ins?|sign\s?(?:up|in)|accounts?|register|password|profiles?)\b",
                  facts.text, re.IGNORECASE)
    )


# Where the work is kept before the product: "a folder per case on SharePoint", "in paper folders",
# "Outlook folders + personal spreadsheets". (Spreadsheets, clipboards and whiteboards are generic
# words already: they never become candidates.)
_WHERE_KEPT_TODAY = frozenset(("folder", "binder", "mailbox", "inbox", "drive", "notebook", "shoebox"))
_TODAY_KEPT = re.compile(r"\b(?:today|currently|at\s+the\s+moment|right\s+now|at\s+present|nowadays|still|"
                         # not "Design Dropbox: users share folders": the product itself
                         r"(?:in|into|on|to|a|an|the|our|their)\s+(?:dropbox|sharepoint|outlook|onedrive|google\s+drive)|"
                         r"shared\s+drive|network\s+drive|[a-z]:\s+drive|paper|excel|word|emails?|live\s+on|dumped)\b",
                         re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _words_of(text: str) -> list[str]:
    """The brief's distinct words as written, sorted: one pass instead of a search per candidate."""
    return sorted(set(re.findall(r"\w+", text)))


def _is_word_in(word: str, words: list[str]) -> bool:
    """Whether `word` is one of `words` (sorted), as a whole word."""
    at = bisect.bisect_left(words, word)
    return at < len(words) and words[at] == word


def _starts_a_word(prefix: str, words: list[str]) -> bool:
    """Whether one of `words` (sorted) starts with `prefix`: "examiner" starts "examiners"."""
    at = bisect.bisect_left(words, prefix)
    return at < len(words) and words[at].startswith(prefix)


def _only_a_name(name: str, text: str) -> bool:
    """Whether a word is a name, and not a usual kind of record: never said in lower case, and
    either said twice or more, always written the same with a capital and never as a plural, or
    said at most three times, always with a capital (not in capitals: "MTA", "CVs" are kinds of
    record), once at least after a word in lower case ("examiners at Northmoor")."""
    if "_" in name or name in DOMAIN_NOUNS:
        return False
    if _starts_a_word(name, _words_of(text)):
        return False  # said in lower case somewhere (a word that starts so: "examiners")
    word = rf"{re.escape(name)}\w*"
    said = [w for w in re.findall(rf"\b{word}", text, re.IGNORECASE) if singular(w.lower()) == name]
    if len(said) >= 2 and all(w == name.capitalize() for w in said):
        return True  # "Felix has a mapping ...", "Felix must be able to ...": never "a felix", never "felixes"
    if not said or len(said) > 3 or not all(w[:1].isupper() and not w.rstrip("s").isupper() for w in said):
        return False
    return any(singular(m.group(1).lower()) == name
               for m in re.finditer(rf"\b[a-z]+,?[ \t]+({word})\b", text, re.IGNORECASE)
               if m.group(0)[:1].islower())


def _made_for_someone(facts: BriefFacts, ev: _Evidence) -> set[str]:
    """Records one person makes for another: "each physio builds a plan for a patient" is a
    record, though "a plan" alone may be a price plan or a way of working."""
    return {obj for subject, obj, whom, _index in _made_for(facts, ev)
            if _is_person(subject.rsplit("_", 1)[-1]) and _is_person(whom) and whom != subject}


_MONEY_RECORDS = ("payment", "charge", "transaction", "donation", "pledge", "payout", "purchase",
                  "contribution", "subscription", "royalty", "fee", "fine", "deposit")


# Someone pays through the product; fees, prices and invoices alone may be settled elsewhere.
_PAYING = re.compile(r"\b(?:pay|pays|paid|paying|payments?|checkout|check\s+out|stripe|paypal|adyen|"
                     r"by\s+card|card\s+payments?|charged?\s+(?:per|their|the|customers|members))\b",
                     re.IGNORECASE)

_NO_PAYMENTS = r"\bno\s+(?:online\s+|card\s+|in-app\s+)?payments?\b"  # "no payments", "no card payments"
_NOT_PAYING = re.compile(_NO_PAYMENTS + r"|\b(?:not|never|don't|do\s+not|won't|will\s+not)\s+"
                         r"(?:take|handle|process|accept|touch)\s+(?:any\s+)?(?:card\s+|online\s+)?"
                         r"(?:payments?|money|cards?)\b",
                         re.IGNORECASE)
_PAID_OUT = re.compile(r"\bpa(?:id|y|ys)\s+out\b|\bpayouts?\b", re.IGNORECASE)


_DONE_BY = re.compile(r"\b([a-z]+)\s+(?:(?:is|are|was|were|gets?|will\s+be|can\s+be|must\s+be|"
                      r"should\s+be)\s+)?(?:always\s+|only\s+|usually\s+)?([a-z]+ed|taught|made|written|"
                      r"led|run|held|given|seen|done|kept|built|sold|bought|paid|driven|flown|drawn)\s+by\s+"
                      r"(?:a|an|the|one|their|its|our|exactly\s+one|a\s+single)?\s*([a-z]+)\b")


_AND_DONE_BY = re.compile(r"^\s*(?:,\s*)?and\s+(?:then\s+)?([a-z]+ed|taught|made|written|run|given|done|"
                          r"sold|paid|driven)\s+by\s+(?:a|an|the|one|their)?\s*([a-z]+)\b")


def _rename_entity(facts: BriefFacts, old: str, new: str) -> None:
    """Call the table `old` `new` everywhere the facts name it."""
    facts.entity(old).name = new
    for rel in [*facts.relationships, *facts.role_links]:
        rel.parent = new if rel.parent == old else rel.parent
        rel.child = new if rel.child == old else rel.child
    for op in facts.operations:
        op.entity = new if op.entity == old else op.entity
        op.target = new if op.target == old else op.target
    facts.user_owned = [new if n == old else n for n in facts.user_owned]
    facts.actors = [new if n == old else n for n in facts.actors]


def _done_by(facts: BriefFacts) -> None:
    """"Each class is taught by one teacher", "classes taught by teachers": the person who does
    it to a record is one per record (class.teacher_id), unless something already links them."""
    names = {e.name for e in facts.entities}
    people = {e.name for e in facts.entities if e.person}
    pairs = {frozenset((r.parent, r.child)) for r in facts.relationships}
    for i, sentence in enumerate(facts.sentences):
        low = sentence.lower()
        for m in _DONE_BY.finditer(low):
            thing = singular(m.group(1))
            found = [(m.group(2), m.group(3))]
            # "placed by customers and delivered by couriers": the same thing, done by another
            found += _AND_DONE_BY.findall(low[m.end():m.end() + 60])[:1]
            for verb, who in found:
                who = singular(who)
                if thing in names and thing not in people and who in people and \
                        frozenset((thing, who)) not in pairs:
                    facts.relationships.append(RelationFact(who, thing, "one-to-many", verb, i))
                    pairs.add(frozenset((thing, who)))


# Records of work that someone does for a customer, the most specific first: a ride, a lesson,
# an appointment before a booking or an order.
_SERVICE_RECORDS = ("ride", "trip", "delivery", "walk", "lesson", "session", "appointment", "visit", "job",
                    "work_order", "inspection", "repair", "consultation", "callout", "pickup", "tour",
                    "shoot", "move", "booking", "order", "task", "service_request", "request")
# The people who do that work, and the records they do even when no sentence names both: a
# driver drives rides, a vet sees appointments.
SERVICE_PROVIDERS = {
    "driver": ("ride", "trip", "delivery", "pickup"), "courier": ("delivery", "pickup", "order"),
    "tutor": ("lesson", "session", "booking"), "instructor": ("lesson", "session"),
    "trainer": ("session", "booking"), "coach": ("session", "lesson"), "walker": ("walk", "booking"),
    "sitter": ("booking", "visit"), "cleaner": ("job", "visit", "booking"),
    "stylist": ("appointment", "booking"), "barber": ("appointment", "booking"),
    "therapist": ("session", "appointment"), "vet": ("appointment", "visit", "consultation"),
    "dentist": ("appointment", "visit"), "doctor": ("appointment", "consultation", "visit"),
    "mechanic": ("job", "work_order", "repair"), "technician": ("job", "work_order", "visit", "repair"),
    "engineer": ("job", "visit", "callout"), "fitter": ("job",), "groomer": ("appointment", "booking"),
    "inspector": ("inspection",), "photographer": ("shoot", "booking"), "guide": ("tour",),
    "translator": ("job",), "interpreter": ("job", "booking"), "plumber": ("job",),
    "electrician": ("job",), "handyman": ("job",), "tuner": ("visit", "job"), "sweep": ("job",),
    "carer": ("visit",), "caregiver": ("visit",), "contractor": (), "surveyor": (), "installer": (),
}


def _served_by(facts: BriefFacts) -> None:
    """"Riders request rides ... the nearest driver gets the offer": the person who does the
    work a record stands for is on it (ride.driver_id), when nothing in the brief links them
    yet. The record is one a sentence names with them, else the usual one for that work."""
    names = [e.name for e in facts.entities]
    people = {e.name for e in facts.entities if e.person}
    linked = {frozenset((r.parent, r.child)) for r in facts.relationships}
    for provider in [n for n in names if n in SERVICE_PROVIDERS and n in people]:
        services = [n for n in _SERVICE_RECORDS if n in names and n != provider]
        if not services or any(frozenset((provider, s)) in linked for s in services):
            continue
        named = said(provider)
        together = {}
        for i, sentence in enumerate(facts.sentences):
            low = sentence.lower()
            if named.search(low):
                for s in services:
                    if s not in together and said(s).search(low):
                        together[s] = i
        pick = next((s for s in services if s in together), None) or next(
            (s for s in SERVICE_PROVIDERS[provider] if s in services), None)
        if pick is not None:
            facts.relationships.append(RelationFact(provider, pick, "one-to-many", "assigned to",
                                                    together.get(pick, -1)))
            linked.add(frozenset((provider, pick)))
    _answers_to_offers(facts)


# "The nearest driver gets the offer and has 15 seconds to accept": a verb with nothing after it
_ANSWERED = re.compile(r"\b(?P<v>accept|decline|reject|confirm)(?:s|ed)?\b(?!\s+(?:a|an|the|their|its|his|her|"
                       r"this|that|each|every|any|one|all|[a-z]+s)\b)", re.IGNORECASE)


def _answers_to_offers(facts: BriefFacts) -> None:
    """"The nearest driver gets the offer and has 15 seconds to accept": the provider accepts
    or declines the work offered, which is its service record (POST /rides/{id}/accept)."""
    people = {e.name for e in facts.entities if e.person}
    served = {r.parent: r.child for r in facts.relationships
              if r.parent in people and r.parent in SERVICE_PROVIDERS and r.child in _SERVICE_RECORDS}
    done = {(o.verb, o.entity) for o in facts.operations}
    offer = facts.entity("offer")
    if offer is not None and len(set(served.values())) == 1 and not any(
            r.child == "offer" and r.parent not in people for r in facts.relationships):
        # "nearby drivers get offers and accept them": each offer is of a ride, to one driver
        record = next(iter(served.values()))
        facts.relationships.append(RelationFact(record, "offer", "one-to-many", "offered as", offer.sentences[0]))
    for provider, record in served.items():
        named = said(provider)
        for i, sentence in enumerate(facts.sentences):
            low = sentence.lower()
            if not named.search(low):
                continue
            for m in _ANSWERED.finditer(low):
                verb = m.group("v")
                before = low[:m.start()]
                last = max(((w.start(), p) for p in people for w in said(p).finditer(before)), default=None)
                if last is None or last[1] != provider:
                    continue  # "... a plan that the patient must accept": someone else answers
                if (verb, record) not in done:
                    facts.operations.append(OperationFact(verb, record, i, actor=provider))
                    done.add((verb, record))


def _read_reactions(facts: BriefFacts) -> None:
    """Follows, likes, votes and the rest the brief's verbs describe (see social.py). A table of
    the same kind the brief names itself ("votes earn reputation", "comments") goes under what it
    is about, when nothing else owns it, instead of a second table."""
    names = {e.name for e in facts.entities}
    people = [e.name for e in facts.entities if e.person]
    owned = {r.child for r in facts.relationships}
    pairs = {frozenset((r.parent, r.child)) for r in facts.relationships}
    tenant = facts.tenant_word if "multitenancy" in facts.features else ""
    for reaction in reactions(facts.sentences, names, people, facts.accounts):
        if reaction.kind == "member" and reaction.target == tenant:
            continue  # "teams with members and roles" as the tenant: the tenant design's membership
        if reaction.table in names and reaction.table != reaction.kind or reaction.kind == "award" and \
                frozenset((reaction.actor, reaction.target)) in pairs:
            continue  # "employees get member badges": a badge each, issued, already linked
        if reaction.kind in names and reaction.kind not in ("member", "rsvp"):
            # "votes earn reputation": the brief's own table, under what is voted on
            if reaction.kind not in owned and reaction.target in names and reaction.target != reaction.actor:
                facts.relationships.append(RelationFact(reaction.target, reaction.kind, "one-to-many",
                                                        "has", reaction.sentence))
            continue
        facts.reactions.append(reaction)
    friend = facts.entity("friend")
    if friend is not None and not friend.attributes and any(r.kind == "friendship" for r in facts.reactions):
        # "users have a friends list": the friendship table says who is whose friend
        facts.entities = [e for e in facts.entities if e.name != "friend"]
        facts.relationships = [r for r in facts.relationships if "friend" not in (r.parent, r.child)]
        facts.operations = [o for o in facts.operations if "friend" not in (o.entity, o.target)]


# What people publish on a social product: each has the person who wrote it.
_AUTHORED = ("post", "tweet", "photo", "video", "story", "article", "reel", "pin", "question", "answer",
             "recipe", "review", "link", "thread", "reply")


def _shortened_links(facts: BriefFacts) -> None:
    """"Users shorten long URLs": each short link is the user's, though no sentence says "link"
    next to the user."""
    if facts.accounts and facts.entity("link") is not None and "link" not in facts.user_owned \
            and re.search(r"\bshorten(?:s|ed|ing)?\b", facts.text, re.IGNORECASE) \
            and not any(r.child == "link" and (facts.entity(r.parent) or EntityFact("")).person
                        for r in facts.relationships):
        facts.user_owned.append("link")


def _authored_content(facts: BriefFacts) -> None:
    """"Users post photos... see a feed of posts from people they follow": on a social product
    every post has its author, whether or not a sentence says who writes it."""
    social = any(r.kind in ("follow", "like", "vote", "repost", "comment", "reaction") for r in facts.reactions)
    if not facts.accounts or not social:
        return  # a damage report's photos or a clinic's questions are the record's, not a post
    people = {e.name for e in facts.entities if e.person} | {"user"}
    authored = set(facts.user_owned) | {r.child for r in facts.role_links}
    for entity in facts.entities:
        name = entity.name
        if name not in _AUTHORED or name in authored:
            continue
        parents = {r.parent for r in facts.relationships if r.child == name}
        if parents & people:
            continue
        if parents:
            facts.role_links.append(RelationFact("author", name, "one-to-many", "writes", -1))
        else:
            facts.user_owned.append(name)


# Labels one thing carries many of, each shared by many things: a join, never a column.
_TAG_NOUNS = ("tag", "label", "hashtag", "keyword")
# Lists people keep of things kept elsewhere: a book sits on many shelves, a track on many playlists.
_CONTAINERS = ("playlist", "shelf", "bookshelf", "wishlist", "watchlist", "reading_list")
_LISTED = ("track", "song", "video", "episode", "book", "film", "movie", "product", "item", "recipe")
_CONVERSATIONS = ("conversation", "chat", "channel", "chat_room", "group_chat")
_MESSAGE_PARTS = ("receipt", "read_receipt", "delivery_receipt", "attachment", "reaction")
_PUT_IN = re.compile(r"\b(?:add|adds|put|puts|save|saves|pin|pins|place|places|collect|collects|"
                     r"organi[sz]e|organi[sz]es|sort|sorts|file|files)\s+(?:\w+\s+){0,2}?(\w+)\s+"
                     r"(?:to|on|onto|into|in)\s+(?:\w+\s+){0,2}?(\w+)", re.IGNORECASE)


def _shared_things(facts: BriefFacts) -> None:
    """Tags on questions, books on shelves, tracks on playlists: things shared between many
    records are joined, not owned. Messages sit in a conversation that people take part in."""
    names = {e.name for e in facts.entities}
    people = {e.name for e in facts.entities if e.person}
    # "every bag carries a tag", "each parcel gets a label": one of its own, never said as many
    shared = [n for n in _TAG_NOUNS + _CONTAINERS if n in names
              and (n in _CONTAINERS or facts.entity(n).plural_seen)
              and not (n == "label" and _RECORD_LABEL.search(facts.text))]
    for rel in facts.relationships:
        for label in shared:
            if rel.cardinality == "one-to-many" and label in (rel.parent, rel.child):
                other = rel.child if rel.parent == label else rel.parent
                # "a warehouse has shelves": a place's shelves are its own; books on them are not
                if other not in people and (label in _TAG_NOUNS or other in _LISTED
                                            or other.rsplit("_", 1)[-1] in _LISTED):
                    rel.cardinality = "many-to-many"
                    rel.parent, rel.child = (label, other) if label in _CONTAINERS else (other, label)
                    rel.via = f"{rel.parent}_{rel.child}"
    linked = {n for r in facts.relationships for n in (r.parent, r.child)}
    for i, sentence in enumerate(facts.sentences):
        for m in _PUT_IN.finditer(sentence):
            thing, container = singular(m.group(1).lower()), singular(m.group(2).lower())
            if container in _CONTAINERS and container in names and thing in names and \
                    not any({r.parent, r.child} == {thing, container} for r in facts.relationships):
                facts.relationships.append(RelationFact(container, thing, "many-to-many", "lists",
                                                        i, via=f"{container}_{thing}"))
                linked |= {thing, container}
    for label in shared:
        if label in linked:
            continue
        fact = facts.entity(label)
        owner = next((m for m in _LISTED if m in names), None) if label in _CONTAINERS else None
        for i in fact.sentences if owner is None else []:
            # "tag each question with up to five tags": what the sentence names before the tags
            before = facts.sentences[i].lower().split(label)[0]
            spots = [(before.rfind(plural(n).replace("_", " ")), n) for n in names
                     if n not in people and n != label and n != "user"]
            spots += [(before.rfind(n.replace("_", " ")), n) for n in names
                      if n not in people and n != label and n != "user"]
            at, owner = max(spots, default=(-1, None))
            if at >= 0:
                break
            owner = None
        if owner:
            parent, child = (label, owner) if label in _CONTAINERS else (owner, label)
            facts.relationships.append(RelationFact(parent, child, "many-to-many", "lists"
                                                    if label in _CONTAINERS else "tagged with",
                                                    fact.sentences[0], via=f"{parent}_{child}"))
    chats = [c for c in _CONVERSATIONS if c in names]
    asked = [n for n in ("question", "answer") if n in names]
    linked = {n for r in facts.relationships for n in (r.parent, r.child)}
    if chats and "message" not in names and asked:
        # "answers questions in a chat": the chat holds them
        for n in asked:
            if n not in linked:
                facts.relationships.append(RelationFact(chats[0], n, "one-to-many", "has", facts.entity(n).sentences[0]))
    elif chats and "message" not in names and (chats[0] != "channel" or re.search(r"\bmessag", facts.text, re.I)):
        # "one-to-one and group chats": a chat is its messages, whether or not the brief says so
        _add_implied(facts, "message", facts.entity(chats[0]).sentences[0])
        names.add("message")
        for part in _MESSAGE_PARTS:
            if part in names and part not in linked:
                # "message delivery receipts", "media attachments": what each message carries
                facts.relationships.append(RelationFact("message", part, "one-to-many", "has",
                                                        facts.entity(part).sentences[0]))
                if part.endswith("receipt"):
                    # one per message and reader: when it reached them, and when they read it
                    facts.entity(part).attributes = ["delivered_at", "read_at"]
                    facts.role_links.append(RelationFact("recipient", part, "one-to-many", "reads", -1))
        facts.role_links.append(RelationFact("sender", "message", "one-to-many", "sends", -1))
    if "message" in names and chats and not any(r.child == "message" for r in facts.relationships):
        facts.relationships.append(RelationFact(chats[0], "message", "one-to-many", "has",
                                                facts.entity("message").sentences[0]))
    for chat in chats[:1] if "message" in names else []:
        if facts.accounts and not any(r.kind == "member" and r.target == chat for r in facts.reactions):
            facts.reactions.append(Reaction("member", "user", chat, facts.entity(chat).sentences[0]))


# A marketplace paying the people who sell through it: "we pay tutors every two weeks, minus our
# commission", "hosts are paid out monthly", "composers ... are paid monthly".
_PAYS_PEOPLE = re.compile(
    r"\bpay(?:s|ing)?\s+(?:out\s+)?(?:the\s+|our\s+|their\s+)?(?P<who>[a-z]+s)\s+(?:out\s+)?"
    r"(?:every|each|once|weekly|monthly|daily|fortnightly|twice|on\s+the|after|within|at\s+the\s+end|minus|less|their)\b|"
    r"\b(?P<who2>[a-z]+s)\b[^.;]{0,60}?\b(?:are|get|gets|is)\s+paid(?:\s+out)?\s+(?:weekly|monthly|daily|"
    r"fortnightly|every|each|once|twice)\b|"
    # "keeps 20% and pays the rest out to the podcaster"
    r"\bpay(?:s|ing)?\s+(?:the\s+|their\s+)?(?:rest|balance|remainder|money|net|earnings|proceeds|share|it)\s+"
    r"out\s+to\s+(?:the\s+|each\s+|our\s+|their\s+)?(?P<who3>[a-z]+)\b",
    re.IGNORECASE)


def _implied_payouts(facts: BriefFacts, ev: _Evidence) -> None:
    """Add payouts to the people a marketplace pays ("we pay tutors every two weeks"), when the
    brief names no record of it: each payout, its amount, period and transfer reference."""
    if any(e.name.rsplit("_", 1)[-1] in ("payout", "settlement", "remittance", "disbursement", "statement")
           for e in facts.entities):
        return
    people = {e.name for e in facts.entities if e.person}
    for i, sentence in enumerate(facts.sentences):
        for m in _PAYS_PEOPLE.finditer(sentence):
            who = singular((m.group("who") or m.group("who2") or m.group("who3")).lower())
            if who in people:
                _add_implied(facts, "payout", i)
                ev.relations.append(RelationFact(who, "payout", "one-to-many", "receives", i))
                return


# A wallet's own movements: "request money from a friend", "cash out their balance to a bank account".
_REQUESTS_MONEY = re.compile(r"\brequest(?:s|ing|ed)?\s+(?:money|a\s+payment|payments?|funds)\b", re.IGNORECASE)
_CASHES_OUT = re.compile(r"\bcash(?:es|ing|ed)?[- ]out\b|\bwithdraw(?:s|ing|n)?\s+(?:their\s+|the\s+|your\s+)?"
                         r"(?:money|funds|cash|balances?|earnings)\b", re.IGNORECASE)


# Signing in with several outside accounts: "players sign in (guest or Apple/Google)", "log in with
# Google or GitHub". Each linked login is a row: the provider and its subject for the user.
_PROVIDERS = r"(?:google|apple|facebook|github|gitlab|microsoft|twitter|linkedin|discord|steam)"
_SOCIAL_LOGIN = re.compile(rf"\b(?:sign|log)(?:s|ged|ging)?[- ]?(?:in|on|up)\b[^.;]{{0,60}}?\b{_PROVIDERS}\b"
                           rf"[^.;]{{0,20}}?\b{_PROVIDERS}\b|\bsocial\s+log-?ins?\b", re.IGNORECASE)
# Webhooks the product sends to its customers' systems: "webhooks to Slack on changes", "webhooks
# to carriers on every parcel event", "notify partners by webhook", "customers register webhook endpoints".
_SENDS_WEBHOOKS = re.compile(r"\b(?:outbound|outgoing)\s+webhooks?\b|\bwebhooks?\s+to\s+(?:the\s+|our\s+)?[a-z]+s\b|"
                             r"\bwebhooks?\s+(?:to|for)\s+(?:slack|teams|customers?|partners?|clients?|their|"
                             r"external|third[- ]party|integrat)|\b(?:send|sends|fire|fires|emit|emits|deliver|"
                             r"delivers)\s+(?:\w+\s+){0,3}?(?:by|via|through|as)?\s*(?:outgoing\s+|outbound\s+)?"
                             r"webhooks?\b|\bnotif(?:y|ies)\s+(?:customers?|partners?|clients?|subscribers?|"
                             r"integrators?|their\s+systems?)\s+(?:by|via|through)\s+webhooks?\b|"
                             r"\b(?:register|configure|subscribe)\s+(?:\w+\s+){0,2}?webhooks?\b|"
                             r"\boutgoing\s+webhooks?\b", re.IGNORECASE)
_FROM_PROVIDER = re.compile(r"\b(?:provider|stripe|paypal|adyen|bank|carrier|vendor)\S*\s+(?:\w+\s+){0,6}?"
                            r"(?:webhooks?|calls?\s+(?:our|us))|\b(?:us|our\s+\w+)\s+(?:through|via|by)\s+webhooks?|"
                            # "Mews sends a webhook on every check-out": another system, by its name
                            r"\b(?-i:(?!(?:We|It|They|Our|The|This|That|Each|Every|Then|And|Also|You|I)\b)[A-Z][A-Za-z]+)"
                            r"\s+(?:sends|fires|emits|posts|pushes)\s+(?:us\s+)?(?:an?\s+)?webhooks?\b",
                            re.IGNORECASE)


def _implied_integrations(facts: BriefFacts) -> None:
    """Add the records of logging in with outside accounts and of webhooks the product sends,
    when the brief asks for them and names no such table."""
    names = {e.name for e in facts.entities}
    if facts.accounts and not names & {"auth_identity", "linked_account", "identity"}:
        _add_implied_where(facts, "auth_identity", _SOCIAL_LOGIN)
        if "auth_identity" in {e.name for e in facts.entities}:
            facts.user_owned.append("auth_identity")
    if not names & {"webhook", "webhook_endpoint", "webhook_subscription", "integration"}:
        spot = next((i for i, sentence in enumerate(facts.sentences)
                     if _SENDS_WEBHOOKS.search(sentence) and not _FROM_PROVIDER.search(sentence)), None)
        if spot is not None:
            _add_implied(facts, "webhook_endpoint", spot)


# A figure kept for each pair of two things: "store each player's best score/stars per level",
# "every student's grade per assignment". One row per pair, not a column of either.
_PAIR_FIGURE = re.compile(r"\b(?:each|every|a)\s+([a-z]+)(?:'s|s')\s+(?:best\s+|latest\s+|current\s+|total\s+|"
                          r"highest\s+|last\s+|own\s+)?([a-z]+)(?:\s*/\s*[a-z]+)?\s+(?:per|for\s+each|on\s+each|"
                          r"in\s+each|for\s+every)\s+([a-z]+)", re.IGNORECASE)


def _per_pair_records(facts: BriefFacts, ev: _Evidence) -> None:
    """Keep a figure per pair in a join of both ("each player's best score per level": player_level),
    when the brief has both as tables."""
    names = {e.name for e in facts.entities}
    for i, sentence in enumerate(facts.sentences):
        for m in _PAIR_FIGURE.finditer(sentence):
            who, what = singular(m.group(1).lower()), singular(m.group(3).lower())
            if who in names and what in names and who != what and m.group(2).lower() not in _PER_UNITS:
                ev.relations.append(RelationFact(who, what, "many-to-many", "", i, via=f"{who}_{what}"))


# Goods moved from one place to another: "we transfer bottles between the two bars", "stock levels
# at each centre, plus transfers between them", "a transfer between fridges is logged".
_PLACES_BETWEEN = r"between\s+(?:the\s+|our\s+|its\s+|their\s+)?(?:two\s+|three\s+|\d+\s+)?"
_MOVES_GOODS = re.compile(
    r"\b(?:transfer|transfers|transferred|transferring|move|moves|moved|moving)\s+(?:the\s+|some\s+|our\s+)?"
    rf"(?P<what>[a-z]+)\s+{_PLACES_BETWEEN}(?P<place>[a-z]+)|\btransfers?\s+{_PLACES_BETWEEN}(?P<place2>[a-z]+)",
    re.IGNORECASE)
_NOT_GOODS = frozenset(("money", "funds", "cash", "credit", "credits", "points", "balance", "balances", "data",
                        "files", "shifts", "bookings", "appointments", "accounts", "between"))


def _implied_stock_transfers(facts: BriefFacts, ev: _Evidence) -> None:
    """Add a stock transfer, kept under the place it leaves, when goods move between the brief's
    places and it names no transfer or movement table."""
    if any(part in ("transfer", "movement", "move") for e in facts.entities for part in e.name.split("_")):
        return
    for i, sentence in enumerate(facts.sentences):
        for m in _MOVES_GOODS.finditer(sentence):
            what = (m.group("what") or "").lower()
            place = facts.entity(singular((m.group("place") or m.group("place2")).lower()))
            if what in _NOT_GOODS or place is None or place.person or place.name in _PERIODS \
                    or singular(what) in ORGANISATION_NOUNS or what and (
                    (facts.entity(singular(what)) or EntityFact("")).person or what in PERSON_NOUNS):
                continue
            _add_implied(facts, "stock_transfer", i)
            ev.relations.append(RelationFact(place.name, "stock_transfer", "one-to-many", "sends", i))
            return


# Things that are themselves moved from place to place: "animals move between enclosures over
# time", "boats are moved between moorings", "patients transfer between wards". One row per
# move keeps the history a single key to the place would overwrite.
_MOVES_ITSELF = re.compile(
    r"\b(?P<what>[a-z]+)\s+(?:(?:often|sometimes|regularly|also|can|may|will|get|are|is)\s+){0,2}"
    r"(?:move|moves|moved|transfer|transfers|transferred|relocate|relocates|relocated)\s+"
    rf"{_PLACES_BETWEEN}(?P<place>[a-z]+)", re.IGNORECASE)


def _implied_moves(facts: BriefFacts, ev: _Evidence) -> None:
    """Add a move record, under the thing that moves and the place it moves to, when the brief's
    own records move between its places and it names no move, transfer or history table."""
    if any(part in ("transfer", "movement", "move", "history", "assignment", "placement", "location")
           for e in facts.entities for part in e.name.split("_")):
        return
    for i, sentence in enumerate(facts.sentences):
        for m in _MOVES_ITSELF.finditer(sentence):
            thing = facts.entity(singular(m.group("what").lower()))
            place = facts.entity(singular(m.group("place").lower()))
            if thing is None or place is None or thing.name == place.name or place.person \
                    or place.name in _PERIODS or m.group("what").lower() in _NOT_GOODS:
                continue
            verb = m.group(0).lower()
            name = f"{thing.name}_transfer" if "transfer" in verb else f"{thing.name}_movement"
            _add_implied_under(facts, ev, name, "moved_at", i, [(thing.name, "moves"), (place.name, "receives")])
            return


# Collecting by direct debit through a provider needs the payer's mandate, kept apart from each
# collection: "~70% direct debit via GoCardless", "regular = direct debit mandates". A bare "pay
# by direct debit" may be the bank's own standing arrangement, kept outside the system.
_DIRECT_DEBIT = re.compile(r"\bgocardless\b|\bdirect[- ]debit\s+mandates?\b", re.IGNORECASE)


def _implied_mandate(facts: BriefFacts, ev: _Evidence) -> None:
    """Add the direct debit mandate, under the person who signs it, when the brief collects money
    by direct debit and names no mandate."""
    if any("mandate" in e.name for e in facts.entities):
        return
    i, m = _first_match(facts, _DIRECT_DEBIT)
    if m is None:
        return
    payer = _first_named(facts, i, lambda e: e.person) or next(
        (e.name for e in facts.entities if e.person and e.name in _BUYERS), None)
    _add_implied(facts, "direct_debit_mandate", i)
    facts.entity("direct_debit_mandate").attributes = ["provider_reference", "status"]
    if payer:
        ev.relations.append(RelationFact(payer, "direct_debit_mandate", "one-to-many", "signs", i))


# People applying leave an application each time: "People apply online, complete a take-home
# challenge, and are then interviewed", "artists apply in January".
_APPLYING = re.compile(r"\b(?P<who>[a-z]+)\s+(?:can\s+|will\s+|must\s+|then\s+|first\s+)?apply\s+"
                       r"(?:online|for|to|in|by|with|via|through|each|every|at)\b", re.IGNORECASE)


def _implied_applications(facts: BriefFacts, ev: _Evidence) -> None:
    """Add the application, under the person who applies, when people apply and the brief names
    no application table."""
    if any(e.name in ("application", "waiting_list_entry") or e.name.endswith("_application")
           for e in facts.entities):
        return  # an entry on a waiting list is the application, in "apply and go on a waiting list"
    i, m = _first_match(facts, _APPLYING)
    if m is None:
        return
    who = singular(m.group("who").lower())
    if not (who in ("people", "person") or _is_person(who)):
        return
    _add_implied(facts, "application", i)
    person = next((e.name for e in facts.entities if e.name in (who, "applicant")
                   or e.person and e.name.endswith("applicant")), None)
    if person:
        ev.relations.append(RelationFact(person, "application", "one-to-many", "submits", i))


def _implied_money_moves(facts: BriefFacts) -> None:
    """Add a payment request when people ask each other for money, and a withdrawal when they
    cash out a balance, unless the brief names those records: each has its own lifecycle."""
    names = {e.name for e in facts.entities}
    for name, pattern, named in (("payment_request", _REQUESTS_MONEY, {"payment_request", "money_request", "request"}),
                                 ("withdrawal", _CASHES_OUT, {"withdrawal", "cash_out", "payout"})):
        if not names & named:
            _add_implied_where(facts, name, pattern)
            if facts.entity(name) is not None and facts.accounts:
                facts.user_owned.append(name)  # the person who asks, or who cashes out


_THREADED = ("comment", "message", "post", "answer", "review")


_TENANT_GLOSS = re.compile(
    r"\b([a-z]+)\s*\((?:the |our |a |i\.e\.?,? |=\s*)?tenants?\)|"
    r"\b(?:each|every|a|an|one)\s+(?:[a-z]+\s+)?([a-z]+)\s+(?:is|=)\s+(?:a|one|the|its own)\s+tenant\b|"
    r"\btenants?\s+(?:are|is|=)\s+(?:the\s+|our\s+)?([a-z]+)|"
    # "each agency sees only its own clients", "each institution is a separate customer"
    r"\beach\s+([a-z]+)\s+(?:sees?|can\s+see)\s+only\s+(?:its|their)\s+own\b|"
    r"\beach\s+([a-z]+)\s+only\s+(?:ever\s+)?(?:sees?|can\s+see)\s+(?:its|their)\s+own\b|"
    r"\beach\s+([a-z]+)\s+is\s+a\s+separate\s+(?:customer|tenant|account|client)\b|"
    # "12 pilot centres in Kent, each completely separate from the others"
    r"\b([a-z]+)(?:\s+(?:in|across|around)\s+[a-z]+)?,\s+each\s+(?:one\s+)?(?:completely\s+|fully\s+|entirely\s+|"
    r"kept\s+)?(?:separate|isolated|walled\s+off)\s+from\b|"
    # "projects belong to teams with members and roles"
    r"\b([a-z]+)\s+with\s+(?:their\s+own\s+)?members\s+and\s+roles\b", re.IGNORECASE)


def _tenant_word(facts: BriefFacts) -> str:
    """Return the table the brief names as its tenant ("Orgs (tenants) connect repositories"),
    so that the tenant design keys rows to it instead of adding a second, generic tenant table."""
    names = {e.name for e in facts.entities}
    for m in _TENANT_GLOSS.finditer(" ".join(facts.sentences)):
        word = next(g for g in m.groups() if g)
        name = _identifier(singular(SHORTHAND.get(word.lower(), word.lower())))  # orgs
        if name in names and name != "tenant" and not (facts.entity(name) or EntityFact("")).person:
            return name
    if "multitenancy" in facts.features and "workspace" in names:
        return "workspace"  # "workspaces have members and channels": a workspace is a tenant
    return ""


def _replies_thread(facts: BriefFacts) -> None:
    """"Comments support one level of replies", "threads of replies to messages": a reply is a
    comment (or message) that points at the one it answers, not a table of its own."""
    reply = facts.entity("reply")
    owner = next((n for n in _THREADED if facts.entity(n) is not None), None)
    links = [r for r in facts.relationships if "reply" in (r.parent, r.child)]
    if reply is None or owner is None or any({r.parent, r.child} != {"reply", owner} for r in links):
        return
    facts.entities.remove(reply)
    facts.relationships = [r for r in facts.relationships if r not in links]
    _add_attribute(facts, owner, f"parent_{owner}_id")


def _implied_payment(facts: BriefFacts) -> None:
    """Add a payment record when the brief takes money ("pay by card at the desk") or says it is
    paid without a provider ("rest paid on the night") but names no record of it: reconciling
    with the provider and its webhooks, or the till, needs one row per payment."""
    said = facts.feature_sentences.get("payments") or facts.recorded_payments or facts.money_sentences
    spots = [i for i in said
             if _PAYING.search(facts.sentences[i]) and not _NOT_PAYING.search(facts.sentences[i])]
    if not spots or any(e.name.rsplit("_", 1)[-1] in _MONEY_RECORDS for e in facts.entities):
        return
    first = min(spots)
    name = "payout" if all(_PAID_OUT.search(facts.sentences[i]) for i in spots) else "payment"
    _add_implied(facts, name, first)


def _add_implied(facts: BriefFacts, name: str, sentence: int) -> None:
    """Add a record the brief implies but never names, placed after what its sentence names."""
    facts.entities.append(EntityFact(name=name, sentences=[sentence], first=(sentence, 1 << 20)))
    facts.entities.sort(key=lambda f: (f.first, f.name))


def _add_implied_under(facts: BriefFacts, ev: _Evidence, name: str, column: str, sentence: int,
                       owners: list[tuple[str, str]]) -> None:
    """Add the implied record `name` with its one column, under each (owner, label) given."""
    _add_implied(facts, name, sentence)
    facts.entity(name).attributes.append(column)
    for owner, label in owners:
        ev.relations.append(RelationFact(owner, name, "one-to-many", label, sentence))


# Something that reports where it is, again and again: "drivers send their GPS position every 4
# seconds", "the balloon carries a tracker that sends its position every 10 seconds", "phone
# sends GPS ping every 30s".
_SENDS_POSITION = re.compile(
    r"\b(?P<who>[a-z]+)\s+(?:that\s+|which\s+)?(?:sends?|reports?|emits?|pings?|transmits?|shares?|posts?|"
    r"uploads?|streams?|push(?:es)?)\s+(?:its|their|his|her|a|an|the)?\s*(?:gps\s+|live\s+|current\s+)?(?:positions?|"
    r"locations?|pings?|coordinates|fix(?:es)?|gps(?=\s+every))\b[^.;]{0,40}?\bevery\b", re.IGNORECASE)
# The brief's own words for the points of such a stream: "350k points/day", "keep raw pings 30 days".
_STREAM_POINTS = ("ping", "point", "gps_point", "gps_ping")
_TRACKERS = frozenset(("tracker", "phone", "device", "unit", "app", "gps", "beacon", "tag", "transponder"))


# Something that reports its state or its measurements again and again: "machines report
# their status every 30 seconds", "each sensor sends a reading every minute".
_SENDS_READINGS = re.compile(
    r"\b(?P<who>[a-z]+)\s+(?:that\s+|which\s+)?(?:sends?|reports?|emits?|transmits?|posts?|uploads?|"
    r"streams?|push(?:es)?|publish(?:es)?)\s+(?:its|their|his|her|a|an|the)?\s*(?:[a-z]+\s+)?"
    r"(?P<what>readings?|status(?:es)?|telemetry|heartbeats?|measurements?|metrics|temperatures?)\b"
    r"[^.;]{0,40}?\bevery\b", re.IGNORECASE)
# What each stream is kept as: one row per report, under what sends it, unless the brief names
# a table for it.
_STREAMS = (
    (_SENDS_POSITION, "position", ["recorded_at", "latitude", "longitude"],
     ("position", "location_ping", "gps_point", "track_point"), ("_position", "_ping")),
    (_SENDS_READINGS, "reading", ["recorded_at", "value"],
     ("reading", "measurement", "telemetry", "heartbeat", "sample", "observation", "status_report"),
     ("_reading", "_measurement", "_heartbeat", "_telemetry")),
)


_READING_SOURCES = ("sensor", "meter", "device", "gauge", "probe", "tracker", "station", "logger")


def _link_named_stream(facts: BriefFacts, names: list[str], named: tuple[str, ...]) -> None:
    """"sensors reporting every minute ... keep two years of raw readings": the readings the brief
    names come from its one kind of sensor, when nothing else links them."""
    streams = [n for n in names if n in named]
    sources = [n for n in names if n in _READING_SOURCES]
    if len(streams) != 1 or len(sources) != 1 or streams[0] == "position":
        return
    if not any(streams[0] in (r.parent, r.child) for r in facts.relationships):
        facts.relationships.append(RelationFact(sources[0], streams[0], "one-to-many", "reports", -1))


def _implied_positions(facts: BriefFacts) -> None:
    """Add the stream of positions or readings a thing sends, kept with its time, when the brief
    names no table for it: one row per report, under what sends it."""
    names = [e.name for e in facts.entities]
    for pattern, table, columns, named, endings in _STREAMS:
        if any(n in named or n.endswith(endings) for n in names):
            _link_named_stream(facts, names, named)
            continue
        for i, sentence in enumerate(facts.sentences):
            m = pattern.search(sentence)
            if not m:
                continue
            who = singular(m.group("who").lower())
            owner = who if who in names and who not in _TRACKERS else None
            if owner is None:
                # "the balloon carries a tracker that sends its position": the thing that carries it
                near = [(abs(w.start() - m.start()), n) for n in names if n not in _TRACKERS
                        for w in said(n).finditer(sentence.lower())]
                owner = min(near)[1] if near else None
            if table == "position":
                # "drivers send their location every 4 seconds": that location is the stream itself, and
                # so are the "points" and "pings" the brief counts
                said_here = [e.name for e in facts.entities if (e.name == "location" or e.name.endswith("_location"))
                             and set(e.sentences) <= {i} or e.name in _STREAM_POINTS]
                facts.entities = [e for e in facts.entities if e.name not in said_here]
                facts.relationships = [r for r in facts.relationships
                                       if r.parent not in said_here and r.child not in said_here]
                names = [n for n in names if n not in said_here]
            name = table
            if table == "reading" and m.group("what").lower().startswith(("status", "heartbeat")):
                name, columns = "status_report", ["recorded_at", "status"]
            _add_implied(facts, name, i)
            facts.entity(name).attributes = list(columns)
            if owner:
                facts.relationships.append(RelationFact(owner, name, "one-to-many", "reports", i))
            break


# "hotels have rooms of different types", "tickets in three categories": a lookup of the kinds.
_SEVERAL = r"(?:different|various|several|multiple|many|two|three|four|five|six)"
_KINDS = r"(types|kinds|categories|classes|grades|tiers)"
_KINDS_OF = re.compile(rf"\b([a-z]+)\s+(?:of|in)\s+{_SEVERAL}\s+{_KINDS}\b", re.IGNORECASE)
# "We have different types of pass: Individual, Senior, ...", "three kinds of membership".
_KINDS_OF_REVERSED = re.compile(rf"\b(?:{_SEVERAL}|\d+)\s+{_KINDS}\s+of\s+([a-z]+)\b", re.IGNORECASE)
_KIND_TABLE = {"types": "type", "kinds": "type", "categories": "category", "classes": "class",
               "grades": "grade", "tiers": "tier"}


def _kinds_of_things(facts: BriefFacts) -> None:
    """Add the table of kinds a brief's things come in ("rooms of different types": room_type,
    which each room has), when the brief names none."""
    names = {e.name for e in facts.entities}
    for i, sentence in enumerate(facts.sentences):
        found = [(m.group(1), m.group(2)) for m in _KINDS_OF.finditer(sentence)]
        found += [(m.group(2), m.group(1)) for m in _KINDS_OF_REVERSED.finditer(sentence)]
        for word, kinds in found:
            thing = _identifier(singular(word.lower()))
            kind = f"{thing}_{_KIND_TABLE[kinds.lower()]}"
            if thing not in names or kind in names or any(n.startswith(thing + "_") and n.endswith(
                    ("_type", "_category", "_class", "_kind", "_tier", "_grade")) for n in names):
                continue
            _add_implied(facts, kind, i)
            facts.entity(kind).attributes = ["name", "description"]
            facts.relationships.append(RelationFact(kind, thing, "one-to-many", "has", i))
            names.add(kind)


def _add_implied_where(facts: BriefFacts, name: str, pattern: re.Pattern[str]) -> None:
    """Add the implied record `name` at the first sentence `pattern` finds, if any."""
    spot, found = _first_match(facts, pattern)
    if found is not None:
        _add_implied(facts, name, spot)


# Invoicing someone makes invoices: "invoice each club for its fees", "clients are invoiced monthly".
_INVOICING = re.compile(r"\binvoic(?:e|es|ing)\s+(?:each|every|all|the|our|their|them|him|her|per|customers?|"
                        r"clients?|members?|clubs?|schools?|parents?|companies|tenants?)\b|"
                        r"\b(?:we|i|they|to|will|then|and|also|[a-z]+s)\s+bill\s+(?:the|each|every|all|our|their|them|"
                        r"customers|clients|members|parents|families)\b(?!\s+(?:is|are|was|comes?|month|week|year|"
                        r"quarter|day|term)\b)|"
                        r"\b(?:we|i|they|to|will|then|and|also)\s+invoice\s+(?!numbers?\b|dates?\b|lines?\b|"
                        r"totals?\b|amounts?\b|templates?\b|is\b|are\b)[a-z]+|"
                        r"\b(?:are|is|get|gets|be|being)\s+(?:invoiced|billed)\b(?!\s+(?:manually|by\s+hand|offline|"
                        r"outside|elsewhere|separately|in\s+(?:xero|quickbooks|sage|our\s+accounting)))|"
                        r"\b(?:invoiced|billed)\s+"
                        r"(?:monthly|weekly|quarterly|annually|yearly|per|at|on|every|each|for|after)\b",
                        re.IGNORECASE)
_BILLING_RECORDS = ("invoice", "bill", "statement")


def _implied_invoice(facts: BriefFacts) -> None:
    """Add an invoice when the brief invoices people ("we invoice clients monthly") but names no
    record of it: what was billed, when and for how much has to be kept."""
    if not any(e.name.rsplit("_", 1)[-1] in _BILLING_RECORDS for e in facts.entities):
        _add_implied_where(facts, "invoice", _INVOICING)


# Taking the register is keeping attendance, whatever the brief calls the sessions.
_REGISTER = re.compile(r"\b(?:take|takes|taking|mark|marks|marking|record|records|recording|keep|"
                       r"keeps|track|tracks|log|logs)\s+(?:the\s+|their\s+|weekly\s+|daily\s+)?"
                       r"(?:register|roll|attendance)\b|\bmark(?:s|ing|ed)?\s+(?:\w+\s+){0,3}(?:as\s+)?"
                       r"(?:present|absent)\b|\battendance\s+(?:at|of|for)\b|"
                       r"\b(?:meeting|class|session|rehearsal|lesson|service|weekly|daily)\s+attendance\b",
                       re.IGNORECASE)


def _implied_attendance(facts: BriefFacts) -> None:
    """Add an attendance record when the brief takes a register ("the teacher takes the register
    for each class session") but no table of it was read."""
    if not any("attendance" in e.name or e.name in ("check_in", "register") for e in facts.entities):
        _add_implied_where(facts, "attendance", _REGISTER)


# Things handed to people and given back: "kit is issued to members personally and must be
# returned when they leave", "radios are lent to volunteers". Each handing out is a loan.
_HANDED_TO = re.compile(r"\b(?P<what>[a-z]+)\s+(?:is|are|gets|get|will\s+be|can\s+be)\s+(?:lent|loaned|issued|"
                        r"handed\s+out|signed\s+out)\s+to\s+(?:the\s+|our\s+|each\s+|individual\s+)?(?P<who>[a-z]+)\b"
                        r"[^.;]*?\b(?:(?:must|should|will|have\s+to|has\s+to|need\s+to|needs\s+to|to)\s+be\s+"
                        r"(?:returned|handed\s+back|given\s+back|brought\s+back)|return\s+(?:it|them)|"
                        r"give\s+(?:it|them)\s+back)\b", re.IGNORECASE)
_LOANS = ("loan", "rental", "hire", "checkout", "issue", "booking", "assignment", "allocation", "sign_out")


def _implied_loans(facts: BriefFacts, ev: _Evidence) -> None:
    """Add a loan, under the thing and the person, when things are issued or lent to people who
    give them back, and the brief names no loan or booking of them."""
    if any(e.name in _LOANS or e.name.rsplit("_", 1)[-1] in _LOANS for e in facts.entities) \
            or any(op.verb in ("lend", "loan", "borrow") for op in ev.operations):
        return  # "copies are lent to members": the verb makes its loan already
    for i, sentence in enumerate(facts.sentences):
        for m in _HANDED_TO.finditer(sentence):
            what = m.group("what").lower()
            thing = facts.entity(singular(what)) or (facts.entity(f"{what}_item") if what == "kit" else None)
            who = facts.entity(singular(m.group("who").lower()))
            if thing is None or who is None or thing.person or not who.person:
                continue
            _add_implied(facts, "loan", i)
            ev.relations.append(RelationFact(thing.name, "loan", "one-to-many", "lent", i))
            ev.relations.append(RelationFact(who.name, "loan", "one-to-many", "borrows", i))
            return


# People who check in somewhere leave a row per arrival: "pilots must check in before flying at
# any of our 9 hill sites", "members check in at the front desk". Not "check in the beers they
# drink": there the beer is what is checked in, read as a verb and its object.
_CHECKING_IN = re.compile(r"\b(?P<who>[a-z]+)\s+(?:(?:must|can|should|will|have\s+to|need\s+to|then)\s+)?"
                          r"check(?:s|ed)?[- ]in\b(?!\s+(?:the|their|a|an|his|her|its|our|your)\b)"
                          r"(?:[^.;:]{0,40}?\b(?:at|to)\s+(?:any\s+of\s+)?(?:the\s+|our\s+|a\s+|an\s+|each\s+|their\s+)?"
                          r"(?:\d+\s+)?(?:[a-z-]+\s+)?(?P<where>[a-z]+))?", re.IGNORECASE)


def _implied_check_ins(facts: BriefFacts, ev: _Evidence) -> None:
    """Add a check-in, under the person and the place, when people check in somewhere and the
    brief names no check-in, attendance or visit table."""
    if any(e.name in ("check_in", "checkin", "attendance", "visit", "sign_in", "arrival") for e in facts.entities):
        return
    for i, sentence in enumerate(facts.sentences):
        for m in _CHECKING_IN.finditer(sentence):
            who = facts.entity(singular(m.group("who").lower()))
            if who is None or not who.person:
                continue
            where = facts.entity(singular(m.group("where").lower())) if m.group("where") else None
            owners = [(who.name, "checks in")] + ([(where.name, "receives")] if where and not where.person else [])
            _add_implied_under(facts, ev, "check_in", "checked_in_at", i, owners)
            return


# Clocking in and out leaves a row per punch for payroll: "employees clock in and out on the
# terminal", "mechanics clock on/off jobs".
_CLOCKING = re.compile(r"\b(?:(?P<who>[a-z]+)\s+(?:(?:can|must|will|should)\s+)?)?clock(?:s|ed|ing)?\s+"
                       r"(?:in|out|on|off)\b(?:\s*(?:and|or|/)\s*(?:in|out|on|off)\b)?"
                       r"(?:\s+(?:of|to|on|for|against)?\s*(?:their\s+|the\s+|each\s+|a\s+)?(?P<what>[a-z]+))?",
                       re.IGNORECASE)
_LOGGING_TIME = re.compile(r"\b(?:(?P<who>[a-z]+)\s+(?:(?:can|must|will|should)\s+)?)?(?:log|logs|track|tracks|"
                           r"record|records)\s+(?:the\s+|their\s+|my\s+|our\s+|your\s+|his\s+|her\s+)?(?:time|hours)\s+(?:spent\s+|worked\s+)?"
                           r"(?:on|against|for|per)\s+(?:each\s+|a\s+|the\s+|every\s+)?(?P<what>[a-z]+)", re.IGNORECASE)
# "Time recording per estate so we can see how we're doing against the fixed fee".
_TIME_RECORDING = re.compile(r"\btime[- ](?:recording|tracking|logging)\s+(?:on|against|for|per)\s+"
                             r"(?:each\s+|a\s+|the\s+|every\s+)?(?P<what>[a-z]+)", re.IGNORECASE)
_TIME_RECORDS = ("shift", "timesheet", "time_entry", "punch", "time_punch", "clock_event", "attendance",
                 "timecard", "time_log")


def _implied_time_entries(facts: BriefFacts) -> None:
    """Add a time entry, kept under who clocks and what they clock onto, when people clock in and
    out but no shift or timesheet was read."""
    names = [e.name for e in facts.entities]
    if any(n in _TIME_RECORDS or n.endswith(("_shift", "_timesheet")) for n in names):
        return
    spot, m = _first_match(facts, _CLOCKING)
    columns = ["clocked_in_at", "clocked_out_at"]
    if m is None:
        # "as an accountant, I can log time spent on each return": minutes against the work
        spot, m = _first_match(facts, _LOGGING_TIME)
        if m is None:
            spot, m = _first_match(facts, _TIME_RECORDING)
        columns = ["minutes", "worked_on", "note"]
    if m is None:
        return
    _add_implied(facts, "time_entry", spot)
    facts.entity("time_entry").attributes = columns
    for word in (m.groupdict().get("who"), m.group("what")):
        owner = singular(word.lower()) if word else None
        if owner in names:
            facts.relationships.append(RelationFact(owner, "time_entry", "one-to-many", "records", spot))


# A balance people pay into and spend from is a running account: each top-up, charge and refund
# is a row ("top up their account", "charged to the member's account", "credits and debits").
_ACCOUNT_BALANCE = re.compile(
    r"\btop(?:s|ped|ping)?\s+up\s+(?:(?:their|his|her|my|your|the|a|an|its|our)\s+)?(?:\w+(?:'s|’s)\s+)?"
    r"(?:account|balance|wallet|credit|card|prepay)|(?-i:\btop-?ups?\b)(?!\s+orders?\b)|"
    r"\bcredits?\s+and\s+debits?\b|\bdebits?\s+and\s+credits?\b|"
    r"\b(?:account|credit|prepaid|pre-paid|wallet)\s+balances?\b|\bbalance\s+(?:on|of)\s+(?:the|their|"
    r"his|her|each)\b(?!\s+(?:gift\s+)?(?:voucher|vouchers|card|cards|coupon|coupons|loan|loans|invoice|invoices|"
    r"day|date|night|morning|evening|arrival|collection|delivery|completion)\b)|"
    r"\bcharged?\s+to\s+(?:the|their|his|her|a)\s+(?:\w+'s\s+|\w+\s+)?account\b|"
    r"(?<!paper\s)\bledger\b(?!\s+books?\b)|\bon\s+account\b|\bcredit\s+accounts?\b|\bcome\s+off\s+(?:the|their)\s+balance\b|"
    r"\b(?:deposit|withdraw)s?\s+(?:and\s+withdraw\s+|or\s+withdraw\s+)?(?:money|cash|funds)\b|"
    r"\btransfers?\s+(?:money|funds)\s+between\b|\btransaction\s+history\b",
    re.IGNORECASE)
_ACCOUNT_RECORDS = ("transaction", "ledger", "ledger_entry", "top_up", "entry", "movement")


# People who tag records: "admins merge duplicate posts, set a status and tag posts".
_TAGS_THINGS = re.compile(r"\b(?:tag|tags|tagging)\s+(?:the\s+|their\s+|each\s+|every\s+|all\s+)?([a-z]+)\b",
                          re.IGNORECASE)


def _implied_tags(facts: BriefFacts, ev: _Evidence) -> None:
    """Add tags, shared by many records, when people tag a kind of record the brief keeps and it
    names no tag or label table: each record has many tags, each tag many records."""
    if any(e.name in _TAG_NOUNS or e.name.endswith(("_tag", "_label")) for e in facts.entities):
        return
    for i, sentence in enumerate(facts.sentences):
        for m in _TAGS_THINGS.finditer(sentence):
            what = facts.entity(singular(m.group(1).lower()))
            if what is not None and not what.person and is_plural(m.group(1).lower()):
                _add_implied(facts, "tag", i)
                ev.relations.append(RelationFact(what.name, "tag", "many-to-many", "tagged with", i,
                                                 via=f"{what.name}_tag"))
                return


# People who speak several languages, matched on them: "volunteers speak different languages".
_SPEAK_LANGUAGES = re.compile(r"\b(?P<who>[a-z]+)\s+(?:can\s+|also\s+|often\s+)?speak\s+(?:different|several|many|"
                              r"multiple|various|other|one\s+or\s+more|two\s+or\s+more|\d+)\s+languages\b",
                              re.IGNORECASE)


def _implied_languages(facts: BriefFacts, ev: _Evidence) -> None:
    """Add the languages people speak, each person many of them, when the brief says they speak
    different languages (to match volunteers, interpreters or tutors on them)."""
    i, m = _first_match(facts, _SPEAK_LANGUAGES)
    who = singular(m.group("who").lower()) if m else None
    if who is None or facts.entity(who) is None or not facts.entity(who).person:
        return
    if facts.entity("language") is None:
        _add_implied(facts, "language", i)
    ev.relations.append(RelationFact(who, "language", "many-to-many", "speaks", i, via=f"{who}_language"))


def _implied_account_transactions(facts: BriefFacts) -> None:
    """Add account transactions when people keep a balance with the business but the brief
    names no record of what goes in and out of it."""
    if not any(e.name.rsplit("_", 1)[-1] in _ACCOUNT_RECORDS or e.name in _ACCOUNT_RECORDS
               for e in facts.entities):
        _add_implied_where(facts, "account_transaction", _ACCOUNT_BALANCE)


# A membership paid by the year or month is a record per member and period: "annual subs by
# bank transfer, the treasurer marks them paid", "Annual membership GBP 15".
_PERIODIC_MEMBERSHIP = re.compile(
    r"\b(?:annual|yearly|monthly|termly|per\s+year|a\s+year|each\s+year|every\s+year)\s+"
    r"(?P<word>membership|subscription|subs)\b(?!\s+(?:types?|categor\w+|levels?|plans?|tiers?)\b)|"
    r"\b(?P<word2>membership|subscription)s?\s+(?:fees?\s+)?(?:is\s+|are\s+)?(?:paid\s+|renewed\s+|renews\s+|"
    r"due\s+)(?:annually|yearly|monthly|each\s+year|every\s+year|once\s+a\s+year)\b",
    re.IGNORECASE)
_MEMBERSHIP_RECORDS = ("membership", "subscription", "subscription_payment", "membership_fee",
                       "annual_fee", "renewal")


# Upkeep kept on record, per thing: "a log of drone maintenance", "a service history per piece",
# "a log of what's been done to each van", "maintenance written down". Not "block courts for
# maintenance" or "in the shop for maintenance": those say when a thing is out, not what was done.
_UPKEEP = re.compile(
    r"\b(?:log|record|history|diary|book)\s+of\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:[a-z]+\s+)?"
    r"(?:maintenance|servicing|services|repairs|what(?:'s|\s+has)\s+been\s+done)\b|"
    r"\b(?:maintenance|service|servicing|repair)\s+(?:history|histories|logs?|records?|logbooks?)\b|"
    r"\bmaintenance\b[^.;]{0,40}?\b(?:written\s+down|recorded|logged|tracked|noted|kept)\b|"
    r"\b(?:log|logs|record|records|track|tracks|note|notes|keep|keeps)\s+(?:the\s+|all\s+|its\s+|their\s+|"
    r"each\s+[a-z]+'s\s+)?(?:maintenance|servicing|repairs)\b",
    re.IGNORECASE)
# "maintenance logs per bike", "a service history for each van": whose record it is
_UPKEEP_OF = re.compile(r"\s+(?:per|for\s+(?:each|every)|of\s+(?:each|every))\s+([a-z]+)\b")
_UPKEEP_RECORDS = ("maintenance", "service", "servicing", "repair", "inspection")


def _implied_upkeep(facts: BriefFacts, ev: _Evidence) -> None:
    """Add a maintenance record per thing when the brief keeps a log of what is done to its
    aircraft, vans or equipment, and names no such record: the thing has many."""
    i, m = _first_match(facts, _UPKEEP)
    if m is None or any(part in _UPKEEP_RECORDS for e in facts.entities for part in e.name.split("_")):
        return
    low = facts.sentences[i].lower()
    places = []
    for e in facts.entities:
        if e.person or e.name in _TRANSACTIONS or i not in e.sentences \
                or e.name.rsplit("_", 1)[-1] in ("check", "inspection", "test", "update", "change"):
            continue  # the people, the bookings and the checks are not what is maintained
        found = [abs(w.start() - m.start()) for w in said(e.name).finditer(low)]
        if found:
            places.append((min(found), e.name))
    if places:
        name = "service_record" if "servic" in m.group(0).lower() and "maintenance" not in low \
            else "maintenance_record"
        _add_implied(facts, name, i)
        each = _UPKEEP_OF.match(low, m.end())
        whose = singular(each.group(1)) if each else None
        owner = whose if whose in {e.name for e in facts.entities} else min(places)[1]
        ev.relations.append(RelationFact(owner, name, "one-to-many", "has", i))


def _first_match(facts: BriefFacts, pattern: re.Pattern[str]) -> tuple[int, re.Match[str] | None]:
    """Return the first sentence `pattern` finds, and the match (None when it finds none)."""
    return next(((i, m) for i, sentence in enumerate(facts.sentences) if (m := pattern.search(sentence))),
                (-1, None))


# A history kept of a record's changes: "we keep every status change", "each status change shall be
# time-stamped", "reserves are revised over time; every change is kept for audit". Not
# "notifications at every status change": that says when to tell people, not what to keep.
_KEPT = r"(?:kept|recorded|stored|logged|tracked|audited|time-?stamped|saved|historised|versioned)"
_KEEPING = r"(?:keep|keeps|record|records|store|stores|log|logs|track|tracks|audit|audits|save|saves)"
_CHANGES_KEPT = re.compile(
    rf"\b(?:every|each|all|any)\s+(?:(?P<s1>status|state)\s+)?changes?\b[^.;]{{0,40}}?\b(?:is|are|shall\s+be|"
    rf"must\s+be|should\s+be|gets?|will\s+be)\s+(?:\w+\s+)?{_KEPT}\b|"
    rf"\b{_KEEPING}\b[^.;]{{0,80}}?\b(?:every|each|all|its|their|the\s+full)\s+(?P<s2>status|state)\s+"
    rf"(?:changes?|history)\b|"
    rf"\b(?:full\s+|complete\s+)?(?P<s3>status|state)\s+history\b|"
    rf"\bhistory\s+of\s+(?:its\s+|their\s+|the\s+)?(?P<s4>status|state)\s+changes\b|"
    rf"\b{_KEEPING}\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:full\s+|complete\s+|whole\s+)?(?P<edit>edit|revision|change)\s+"
    rf"history\b|"
    # "- full edit history for both lyrics and annotations"
    rf"\b(?:full|complete|whole)\s+(?P<edit2>edit|revision|version)\s+history\s+(?:for|of|on)\b",
    re.IGNORECASE)
_HISTORY_WORDS = ("history", "change", "amendment", "revision", "version", "event", "transition")


def _implied_changes(facts: BriefFacts, ev: _Evidence) -> None:
    """Add a table of a record's changes ("finding_status_change") when the brief keeps them and
    names no history of its own: one row per change, with who made it and when."""
    i, m = _first_match(facts, _CHANGES_KEPT)
    if m is None or any(part in _HISTORY_WORDS for e in facts.entities for part in e.name.split("_")):
        return
    owner = _first_record(facts, i) or (_first_record(facts, i - 1) if i else None)
    if owner is not None:
        status = any(m.group(g) for g in ("s1", "s2", "s3", "s4"))
        name = f"{owner}_status_change" if status else f"{owner}_revision" if m.group("edit") or m.group("edit2") \
            else f"{owner}_change"
        _add_implied(facts, name, i)
        ev.relations.append(RelationFact(owner, name, "one-to-many", "has", i))


def _first_named(facts: BriefFacts, i: int, wanted: Callable[[EntityFact], bool]) -> str | None:
    """Return the table sentence `i` names first among those `wanted` accepts."""
    low = facts.sentences[i].lower()
    spots = [(w.start(), e.name) for e in facts.entities if wanted(e) for w in said(e.name).finditer(low)]
    return min(spots)[1] if spots else None


def _first_record(facts: BriefFacts, i: int) -> str | None:
    """Return the record (not a person) sentence `i` names first: what it is about."""
    return _first_named(facts, i, lambda e: not e.person and i in e.sentences)


# Working through a checklist leaves a result per item each time it is done: "drivers go through
# the checklist (tyres, lights), mark each item OK or defect", "cleaners tick the checklist on their
# phone", "an inspection records a result for each checklist item".
_WORKS_THROUGH_CHECKLIST = re.compile(
    r"\b(?:tick(?:s|ed|ing)?(?:\s+off)?|(?:go|goes|going|work|works|working|run|runs)\s+through|"
    r"complet(?:e|es|ed|ing)|fill(?:s|ed|ing)?\s+(?:in|out))\s+(?:the|a|an|their|his|her|its|each|every|my|our)\s+"
    r"(?:[a-z-]+\s+){0,3}?check-?lists?\b|"
    r"\brecords?\s+(?:a|the)\s+(?:result|answer|response|score)\s+(?:for|against|on)\s+(?:each|every)\s+"
    r"(?:checklist\s+)?items?\b", re.IGNORECASE)
# The kinds of record a checklist is done for: its results are named after them ("check_result").
_CHECKS = frozenset(("check", "inspection", "audit", "walkaround", "survey"))
_RESULT_WORDS = ("result", "response", "answer", "finding", "outcome")


def _implied_checklist_results(facts: BriefFacts, ev: _Evidence) -> None:
    """Add the checklist's items and a row per item each time it is worked through, under the
    check it belongs to, when people tick a checklist and the brief names no table of results."""
    i, m = _first_match(facts, _WORKS_THROUGH_CHECKLIST)
    if m is None or any(part in _RESULT_WORDS for e in facts.entities for part in e.name.split("_")):
        return
    names = [e.name for e in facts.entities]
    items = next((n for n in names if n == "checklist_item" or n.endswith("_checklist_item")), None)
    if items is None:
        items = "checklist_item"
        _add_implied(facts, items, i)
        # "each property has a standard clean time and a checklist": the checklist, read as a column,
        # is the property's list of items
        column = next((h for h in ev.has_items if h[2] == "checklist" and h[0] in names), None)
        if column is not None:
            ev.has_items.remove(column)
        owner = "checklist" if "checklist" in names else column[0] if column is not None else None
        if owner is not None:
            ev.relations.append(RelationFact(owner, items, "one-to-many", "has", i))
    check = _first_named(facts, i, lambda e: e.name.rsplit("_", 1)[-1] in _CHECKS and not e.person)
    name = f"{check.rsplit('_', 1)[-1]}_result" if check else "checklist_response"
    _add_implied(facts, name, i)
    facts.entity(name).attributes = ["outcome", "note"]
    ev.relations.append(RelationFact(items, name, "one-to-many", "answered in", i))
    if check:
        ev.relations.append(RelationFact(check, name, "one-to-many", "has", i))


def _implied_membership(facts: BriefFacts) -> None:
    """Add a membership record when members pay for it by the year or month but the brief names
    no table of it: who paid for which period, and when it runs out."""
    if any(e.name in _MEMBERSHIP_RECORDS or e.name.endswith(("_membership", "_subscription"))
           for e in facts.entities):
        return
    for i, sentence in enumerate(facts.sentences):
        m = _PERIODIC_MEMBERSHIP.search(sentence)
        if m:
            word = (m.group("word") or m.group("word2")).lower()
            _add_implied(facts, "membership" if word == "membership" else "subscription", i)
            return


def _resolve_structure(facts: BriefFacts, ev: _Evidence) -> None:
    names = {e.name for e in facts.entities}
    rels: dict[tuple[str, str], RelationFact] = {}
    role_only = set(facts.roles) - names - {"user", "staff"}

    def add(rel: RelationFact) -> None:
        if rel.parent in role_only and facts.accounts and rel.child in names \
                and not any((r.parent, r.child) == (rel.parent, rel.child) for r in facts.role_links):
            # "reviewers record a decision": the decision keeps its reviewer, a user in that role
            facts.role_links.append(rel)
            return
        if rel.parent == "user" and facts.accounts and rel.child in names:
            if rel.cardinality == "many-to-many" and rel.label in _JOINS_INTO:
                return  # "users join orgs": a membership of many users in many (see social.py)
            # "Users create short links": records of the people who sign in (the user table).
            if rel.child not in facts.user_owned:
                facts.user_owned.append(rel.child)
            return
        if rel.parent not in names or rel.child not in names or rel.parent == rel.child:
            return
        key = (rel.parent, rel.child)
        back = (rel.child, rel.parent)
        if back in rels:
            other = rels[back]
            if rel.cardinality == "many-to-many" or (
                rel.cardinality == other.cardinality == "one-to-many"
                and rel.label == other.label == "has"
            ):
                other.cardinality = "many-to-many"
                if rel.label in _M2M_VERBS:
                    other.label = rel.label
            return
        if key not in rels:
            rels[key] = rel
        elif rel.cardinality == "many-to-many":
            rels[key].cardinality = "many-to-many"
            if rel.label in _M2M_VERBS:
                rels[key].label = rel.label

    for rel in ev.relations:
        add(rel)
    _resolve_has_items(facts, ev, names, add)
    for parent, attr, _ in ev.attributes:
        _add_attribute(facts, parent, attr)
    _resolve_verb_links(facts, ev, names, add)
    _made_for_whom(facts, ev, names, add)
    _picked_from_a_library(facts, ev, names, add)
    for rel in ev.weak_relations:
        if (rel.child, rel.parent) not in rels:
            add(rel)
    _default_owners(facts, rels, ev)
    _link_orphans(facts, ev, rels, names)
    _comments_on_content(facts, rels, names)
    _line_items(facts, rels)
    _shared_people(facts, rels)
    _stock_per_place(facts, rels)
    _lines_of_goods(facts, rels)
    _enrolments(facts, rels)
    _lend_copies(facts, rels)
    _booked_things(facts, rels)
    _owned_things_on_occasions(facts, rels)
    _usual_parts(facts, rels)
    _waiting_lists(facts, rels)
    _compound_parts(facts, rels)
    for (parent, child), rel in list(rels.items()):
        # "passengers book trips" once a trip has several passengers: the join says it all
        if rel.cardinality == "many-to-many" and (child, parent) in rels:
            del rels[(child, parent)]
    facts.relationships = list(rels.values())
    _resolve_operations(facts, ev, names)
    for owner, states in ev.states:
        entity = facts.entity(owner)
        if entity is not None:
            entity.states.extend(s for s in states if s not in entity.states)


# What people comment on, most usual first: "comment with nested replies" on a forum is on posts.
_COMMENTED = ("post", "article", "video", "photo", "story", "question", "answer", "review", "recipe",
              "episode", "track", "listing", "ticket", "issue", "task", "document", "submission",
              "proposal", "application", "manuscript", "pull_request", "case", "claim", "lesson")


def _comments_on_content(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact], names: set[str]) -> None:
    """A comment that nothing owns is on the content its sentence names before it ("post links,
    comment with nested replies": a comment on a post)."""
    if "comment" not in names or any(child == "comment" and not (facts.entity(parent) or EntityFact("")).person
                                     for parent, child in rels):
        return
    comment = facts.entity("comment")
    for i in sorted(comment.sentences):
        low = facts.sentences[i].lower()
        at = low.find("comment")
        before = [(low.rfind(e.name.replace("_", " "), 0, at), e.name) for e in facts.entities
                  if i in e.sentences and e.name in _COMMENTED]
        spot, content = max(before, default=(-1, None))
        if spot >= 0 and content:
            # "reviewers score proposals; their comments ...": on what the sentence names before
            rels[(content, "comment")] = RelationFact(content, "comment", "one-to-many", "has", i)
            return


def _link_orphans(facts: BriefFacts, ev: _Evidence, rels: dict[tuple[str, str], RelationFact],
                  names: set[str]) -> None:
    """Give a record that nothing links its likeliest owner from a looser cue: "schedule
    showtimes on a screen" puts showtimes on screens. People keep their own links."""
    def person(name: str) -> bool:
        return (facts.entity(name) or EntityFact("")).person

    linked = {n for key in rels for n in key}
    # A record kept only by the person who made it is still loose: "place a hold on a book".
    held = {n for parent, child in rels for n in (parent, child) if not person(parent)}
    for rel in ev.loose_relations:
        if (rel.child in held and rel.parent in linked) or rel.parent not in names \
                or rel.child not in names:
            continue
        if person(rel.child) or (rel.child, rel.parent) in rels or (rel.parent, rel.child) in rels:
            continue
        rels[(rel.parent, rel.child)] = rel
        linked.update((rel.parent, rel.child))
        if not person(rel.parent):
            held.update((rel.parent, rel.child))


# Records that list things kept elsewhere: "an order can include several dishes" is a line per
# dish (order_item, with its quantity), not dishes that belong to one order. A booking or a
# recipe links its rooms or ingredients through a join of both names.
_LISTS_ITEMS = ("order", "pre_order", "purchase", "tab", "basket", "cart", "sale", "quote",
                "estimate", "invoice", "bill", "receipt", "hire", "rental", "quotation", "shipment",
                "parcel", "donation", "delivery_note", "requisition", "purchase_order", "sales_order")
_LISTS_OTHERS = ("booking", "reservation", "recipe", "prescription", "loan")
# What such records have of their own: made for them, not picked from a list.
_MADE_FOR = frozenset(("payment", "refund", "invoice", "receipt", "delivery", "shipment", "ticket",
                       "batch", "deposit", "note", "comment", "message", "photo", "document",
                       "attachment", "review", "rating", "survey", "claim", "dispute", "task",
                       "step", "event", "log", "session", "issue", "status", "address",
                       "signature", "discount", "voucher", "split", "tip", "fee", "charge"))
_EVENT_ENDINGS = ("ment", "tion", "sion", "ance", "ence", "al", "ing")
_QUANTITY_WORDS = re.compile(r"\b(?:quantit(?:y|ies)|qty|how\s+many(?:\s+\w+)?)\s+(?:of|for|per)\s+"
                             r"(?:each|every)\b", re.IGNORECASE)


_GOODS = frozenset(("menu_item", "product", "dish", "meal", "drink"))


def _line_items(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    for (parent, child), rel in list(rels.items()):
        if rel.cardinality != "one-to-many":
            continue
        # "each delivery note lists the products and the quantity of each": a line per product
        counted = 0 <= rel.sentence < len(facts.sentences) and bool(
            _QUANTITY_WORDS.search(facts.sentences[rel.sentence]))
        if parent not in _LISTS_ITEMS + _LISTS_OTHERS and not counted:
            continue
        fact = facts.entity(child)
        if (fact is None or fact.person or child in _MADE_FOR or child in _TRANSACTIONS
                or child in _LISTS_ITEMS + _LISTS_OTHERS or child in DEPENDENT_NOUNS
                or child in ("item", "line", "line_item", "entry") or child.startswith(parent + "_")
                or rel.label not in ("has", "", "has added")):
            continue
        if child.endswith(_EVENT_ENDINGS) or child in ("drop", "stop", "pickup", "collection"):
            continue  # things that happen on the record: a disbursement on a bill, a drop on a run
        named = next((n for n in (f"{parent}_item", f"{parent}_line", "line_item")
                      if facts.entity(n) is not None), None)
        if named:
            # The brief names the line ("reserve rooms ... each reservation line"): it links both.
            del rels[(parent, child)]
            for one in (parent, child):
                if (one, named) not in rels and (named, one) not in rels:
                    rels[(one, named)] = RelationFact(one, named, "one-to-many", "has", rel.sentence)
            continue
        rel.cardinality = "many-to-many"
        rel.via = f"{parent}_item" if parent in _LISTS_ITEMS or counted else ""
    # "browse the menu (items ...) and order": an order of the one kind of goods the brief sells,
    # a line per item, when nothing links them yet
    names = [e.name for e in facts.entities]
    goods = [n for n in names if n in _GOODS]
    for parent in (n for n in names if n in ("order", "basket", "cart")):
        if len(goods) != 1 or any(facts.entity(f"{parent}_{end}") is not None for end in ("item", "line")) \
                or (parent, goods[0]) in rels or (goods[0], parent) in rels \
                or not set(facts.entity(parent).sentences) & set(facts.entity(goods[0]).sentences):
            continue
        rels[(parent, goods[0])] = RelationFact(parent, goods[0], "many-to-many", "has", -1, via=f"{parent}_item")


# Stock kept per place: "own stock per site", "each surgery keeps its own stock level of every
# medicine", "stock in each van", "the depot's stock", "van stock". One count per thing and
# place is a table of its own; a stock column on the thing holds only one place's count.
_PLACE = r"(?P<place>[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)"
_STOCK_PER_PLACE = (
    re.compile(r"\bstock(?:\s+(?:levels?|counts?|on\s+hand))?\s+(?:is\s+|are\s+)?(?:kept\s+|held\s+|"
               r"tracked\s+|counted\s+)?(?:per|by|(?:at|in|for)\s+(?:each|every))\s+" + _PLACE),
    re.compile(r"\b(?:each|every)\s+(?P<place>[a-z][a-z-]+)\s+(?:keeps|has|holds|carries|needs)\s+"
               r"(?:its|their)\s+own\s+stock"),
    re.compile(r"\b(?P<place>[a-z][a-z-]+)(?:'s|s')\s+(?:own\s+)?stock\b"),
    re.compile(r"\b(?:stocked|stored|kept|held)\s+(?:in|at)\s+(?:several|multiple|many|different|"
               r"all|each|every|\d+|two|three|four|five)\s+" + _PLACE),
    re.compile(r"\b(?P<place>[a-z][a-z-]+)\s+stock\b"),
)
_NO_STOCK = re.compile(r"\bno\s+stock\b|\bnot\s+(?:full\s+)?(?:stock|inventory)\b")
# Things a business keeps a count of on its shelves.
_STOCKED = ("product", "part", "item", "article", "medicine", "drug", "tyre", "tire", "ingredient",
            "material", "component", "sku", "consumable", "supply", "spare", "good", "plant",
            "merchandise", "stock_item", "inventory_item")
STOCK_TABLES = ("stock", "stock_level", "inventory", "stock_count", "inventory_item", "stock_item")


def _stock_per_place(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """Keep stock per place in a table of both ("stock is per branch": branch x tyre, with the
    quantity), when the brief counts stock at several places and names no stock table."""
    things = [e for e in facts.entities if e.name in _STOCKED and not e.person]
    table = next((e for e in facts.entities if e.name in STOCK_TABLES or e.name.endswith("_stock")), None)
    if table is not None:
        # "Staff manage stock levels": the brief's own stock table counts the thing it sells.
        if things and not any(table.name in key for key in rels):
            rels[(things[0].name, table.name)] = RelationFact(things[0].name, table.name, "one-to-many",
                                                              "has", min(table.sentences, default=-1))
        return
    if not things:
        return
    for i, sentence in enumerate(facts.sentences):
        low = sentence.lower()
        if "stock" not in low or _NO_STOCK.search(low):
            continue
        place = _stock_place(facts, low)
        if place is None:
            continue
        here = [e.name for e in things if i in e.sentences and e.name != place]
        item = here[0] if here else next((e.name for e in things if e.name != place), None)
        if item is None:
            return
        for key in ((place, item), (item, place)):
            rels.pop(key, None)
        rels[(place, item)] = RelationFact(place, item, "many-to-many", "stocks", i, via="stock_level")
        return


def _lines_of_goods(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """An order, sale or invoice that a sentence names with the goods the business sells has a
    line per good ("garden centres order articles by phone": order x article, with quantity),
    unless the brief already links them or names the line."""
    things = [e for e in facts.entities if e.name in _STOCKED and not e.person]
    # what goes into a cart or a basket is what the business sells ("add books to a cart")
    sold = {rel.child for (parent, _child), rel in rels.items()
            if parent in _LISTS_ITEMS and rel.cardinality == "many-to-many"}
    things += [e for e in facts.entities if e.name in sold and e not in things]
    for record in facts.entities:
        line = next(filter(None, (facts.entity(f"{record.name}_{end}") for end in ("item", "line"))), None)
        if record.name in _LISTS_ITEMS and line is not None and things \
                and not any(line.name in key and {t.name for t in things} & set(key) for key in rels):
            # "each order has many order items": each item is one of the goods
            rels[(things[0].name, line.name)] = RelationFact(things[0].name, line.name, "one-to-many", "has",
                                                             line.first[0])
            continue
        if record.name not in _LISTS_ITEMS or record.name == "bill" or line is not None:
            continue
        linked = {b if a == record.name else a for a, b in rels if record.name in (a, b)}
        if any(t.name in linked for t in things):
            continue
        shared = next(((t, set(t.sentences) & set(record.sentences)) for t in things
                       if set(t.sentences) & set(record.sentences)), None)
        if shared:
            thing, sentences = shared
            rels[(record.name, thing.name)] = RelationFact(record.name, thing.name, "many-to-many", "has",
                                                           min(sentences), via=f"{record.name}_item")


# Signing people up for a course: "let members enrol", "students pay when they sign up".
_ENROL = re.compile(r"\b(?:enrol(?:l|s|ls|led|ling|ment|ments)?|sign(?:s|ed|ing)?\s+up|sign-?ups?|"
                    r"registers?\s+(?:for|on)|book(?:s|ed|ing)?\s+(?:a\s+place|places|onto|on\s+to))\b",
                    re.IGNORECASE)
_COURSES = ("course", "class", "workshop", "programme", "program", "module", "training_course")
_SIGN_UP_RECORDS = ("booking", "reservation", "registration", "enrollment", "enrolment", "sign_up",
                    "course_booking", "place", "attendance")


# Heads of a record that holds many of what names it: a price list's prices, a task list's
# tasks (as a kind holds its things: a cabin type's cabins). A class session is the class's.
_HOLDS_MANY = frozenset(("group", "level", "list", "schedule", "catalogue", "catalog", "batch"))
# Heads that name people or requests, not parts: a plot holder, a game master, a payment request.
_NOT_PARTS = frozenset(("holder", "master", "owner", "manager", "keeper", "leader", "officer", "request"))


def _compound_parts(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """"menu items", "meter readings", "checklist items": a record named after another table is
    that table's, when nothing links the two yet; "connector types" is a kind the other uses."""
    names = {e.name for e in facts.entities}
    linked = {frozenset(key) for key in rels}
    for entity in facts.entities:
        if "_" not in entity.name or entity.person:
            continue
        modifier, head = entity.name.rsplit("_", 1)
        whole = facts.entity(modifier)
        if whole is None or whole.person or frozenset((modifier, entity.name)) in linked \
                or modifier not in names or head in _NOT_PARTS:
            continue
        if head in _KIND_HEADS or head in _HOLDS_MANY:
            rels[(entity.name, modifier)] = RelationFact(entity.name, modifier, "one-to-many", "has", -1)
        else:
            rels[(modifier, entity.name)] = RelationFact(modifier, entity.name, "one-to-many", "has", -1)
        linked.add(frozenset((modifier, entity.name)))


_LENT_RECORDS = ("loan", "rental", "hire", "checkout")


def _lend_copies(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """"Students borrow books; each title has many copies": what is lent is a copy, so the loan
    is of a copy (the title is the copy's), not of the book or title itself."""
    names = {e.name for e in facts.entities}
    if "copy" not in names:
        return
    for record in (r for r in _LENT_RECORDS if r in names):
        lent = [key for key, rel in rels.items() if rel.child == record and rel.cardinality == "one-to-many"
                and rel.parent != "copy" and not (facts.entity(rel.parent) or EntityFact("")).person]
        if not lent or (("copy", record) in rels):
            continue
        for key in lent:
            del rels[key]
        rels[("copy", record)] = RelationFact("copy", record, "one-to-many", "lent as", -1)


# What people book, when the brief does not say what a booking is of: the place to stay, the
# court, the seat.
_BOOKING_RECORDS = ("booking", "reservation", "stay")
_BOOKED_THINGS = ("property", "listing", "home", "apartment", "cabin", "house", "flat", "villa", "room",
                  "court", "pitch", "lane", "berth", "desk", "space", "studio", "slot")
# Things a booking is more likely for, when the brief has them: a place on a course or a flight.
_BOOKED_TIMES = ("session", "course", "class", "lesson", "flight", "event", "tour", "trip", "ticket", "seat",
                 "performance", "screening", "show")


def _booked_things(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """"Guests book stays" at "properties hosts list": a booking that nothing bookable holds is
    of the one kind of thing the brief offers to book."""
    names = [e.name for e in facts.entities]
    things = [n for n in names if n in _BOOKED_THINGS]
    times = [n for n in names if n in _BOOKED_TIMES]
    if things and times:
        return
    # "everyone booked on that flight": with no place to book, the one occasion there is
    things = things or [t for t in times if t not in ("ticket", "seat")]
    if len(things) != 1:
        return
    records = [r for r in _BOOKING_RECORDS if r in names]
    for record in records:
        holders = {a for (a, b) in rels if b == record} | {
            b for (a, b), rel in rels.items() if a == record and rel.cardinality == "many-to-many"}
        if any(not (facts.entity(h) or EntityFact("")).person and h not in _PLACE_KINDS for h in holders if h in names):
            continue  # but "staff see tonight's bookings per venue": a venue holds them, and is not what is booked
        rels[(things[0], record)] = RelationFact(things[0], record, "one-to-many", "booked as", -1)
    # "reserve one or more lanes for a time slot": the slot is the booking's, when nothing else has it
    slots = [n for n in names if n in ("time_slot", "timeslot")]
    if len(slots) == 1 and len(records) == 1 and not any(slots[0] in pair for pair in rels):
        rels[(slots[0], records[0])] = RelationFact(slots[0], records[0], "one-to-many", "booked for", -1)


# What happens to people's things, many times over: an appointment, a visit, a job.
_SEEN_TO = frozenset(("appointment", "booking", "visit", "session", "lesson", "job", "reservation", "trip",
                      "class", "treatment", "inspection", "collection", "round", "tour", "stay", "callout",
                      "service_visit", "groom", "clinic"))


def _owned_things_on_occasions(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """"Customers have dogs ... for each dog on that appointment there's a service": a thing
    someone owns comes to many appointments, so an appointment's things are a join
    (appointment_dog), not a key on the thing."""
    owned = {b for (a, b), rel in rels.items() if rel.cardinality == "one-to-many" and rel.label in ("has", "owns")
             and (facts.entity(a) or EntityFact("")).person and not (facts.entity(b) or EntityFact("")).person}
    for (a, b), rel in rels.items():
        if a in _SEEN_TO and b in owned and rel.cardinality == "one-to-many" and rel.label in ("has", "") \
                and b not in _SEEN_TO \
                and not _made_for_record(b) and not _made_for_record(b.rsplit("_", 1)[-1]):
            rel.cardinality = "many-to-many"


# Things that, when a brief has both, always hang together even if no sentence links them: a
# ticket is for an event, a seat is in a venue, a file sits in a folder, an invitation is to an event.
_USUAL_PARTS = (("event", "ticket"), ("venue", "seat"), ("folder", "file"), ("folder", "document"),
                ("album", "track"), ("album", "song"), ("album", "photo"), ("event", "invitation"),
                ("playlist_folder", "playlist"), ("repository", "commit"), ("repository", "branch"),
                ("board", "column"), ("project", "task"), ("invoice", "invoice_line"), ("post", "photo"),
                ("post", "image"), ("post", "video"), ("screen", "show"), ("screen", "seat"),
                ("account", "deal"), ("stage", "deal"), ("deal", "activity"), ("class_session", "attendance"),
                ("session", "attendance"), ("class", "attendance"), ("loan", "repayment"), ("route", "stop"))
# The same for parts that have one whole: linked only when nothing else holds them yet, the
# nearest whole first (a lesson is in a module, which is in a course).
_USUAL_WHOLES = (("bank_account", "statement"), ("statement", "transaction"), ("module", "lesson"),
                 ("course", "module"), ("course", "lesson"), ("survey", "question"), ("quiz", "question"),
                 ("conversation", "message"), ("thread", "message"), ("channel", "message"),
                 ("floor", "room"), ("building", "room"), ("tournament", "round"), ("round", "match"),
                 ("project", "milestone"), ("brewery", "beer"), ("winery", "wine"), ("show", "ticket"),
                 ("venue", "show"), ("venue", "event"), ("meter", "reading"), ("sensor", "reading"),
                 ("device", "reading"), ("station", "reading"), ("sample", "reading"), ("site", "sample"),
                 ("campaign", "inspection"), ("lake", "peg"), ("block", "row"), ("season", "fixture"),
                 ("league", "division"), ("exhibition", "work"), ("ladder", "position"))
# Parts that take one whole only: attendance is at a class session when the brief has those.
_ONE_WHOLE = frozenset(("attendance",))


def _usual_parts(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """Link the pairs of _USUAL_PARTS that the brief has and leaves apart."""
    names = {e.name for e in facts.entities}
    for whole, part in _USUAL_PARTS:
        if part in _ONE_WHOLE and any(b == part and not (facts.entity(a) or EntityFact("")).person
                                      for a, b in rels):
            continue
        if whole in names and part in names and (whole, part) not in rels and (part, whole) not in rels:
            rels[(whole, part)] = RelationFact(whole, part, "one-to-many", "has", -1)
    for whole, part in _USUAL_WHOLES:
        held = any(b == part and not (facts.entity(a) or EntityFact("")).person for a, b in rels)
        if whole in names and part in names and not held and (part, whole) not in rels:
            rels[(whole, part)] = RelationFact(whole, part, "one-to-many", "has", -1)


_WAITING_FOR = re.compile(r"\bwait(?:ing)?\s*-?\s*lists?\s+(?:for|per)\s+(?:a\s+|an\s+|the\s+|each\s+|every\s+|full\s+)*"
                          r"([a-z]+)", re.IGNORECASE)


def _waiting_lists(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """Key a waiting-list entry to what the list is for and to who waits: "when a session is full
    members can join its waiting list", "a waiting list for full sessions", "apply for a plot
    and go on a waiting list"."""
    entry = facts.entity("waiting_list_entry")
    if entry is None or any("waiting_list_entry" in pair for pair in rels):
        return
    for i in entry.sentences:
        low = facts.sentences[i].lower()
        at = low.find("list")
        here = [e for e in facts.entities if i in e.sentences and e.name != entry.name]
        m = _WAITING_FOR.search(low)
        named = singular(m.group(1)) if m else ""
        things = [e.name for e in here if not e.person and e.name == named]
        if not things and m is None:
            before = sorted((low.rfind(e.name.replace("_", " "), 0, at), e.name) for e in here if not e.person)
            things = [name for pos, name in before if pos >= 0][-1:]
        people = [e.name for e in here if e.person]
        for whole in things[:1] + people[:1]:
            rels[(whole, entry.name)] = RelationFact(whole, entry.name, "one-to-many", "has", i)
        if things or people:
            return


def _enrolments(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """People who sign up for a course meet it in an enrolment: a course has many students and a
    student takes many courses ("let members enrol", "students pay when they sign up")."""
    courses = [e for e in facts.entities if e.name in _COURSES]
    people = [e for e in facts.entities if e.person]
    signups = {e.name for e in facts.entities if e.name in _SIGN_UP_RECORDS}
    ends = {e.name for e in courses + people}
    if not courses or not people or any(a in signups and b in ends or b in signups and a in ends for a, b in rels):
        return  # a booking or registration of its own already links them (not "rooms are booked")
    for i, sentence in enumerate(facts.sentences):
        if not _ENROL.search(sentence):
            continue
        # the course the sentence, or the one before it, is about
        course = next((c.name for c in courses if i in c.sentences), None) or next(
            (c.name for c in courses if i - 1 in c.sentences), None)
        here = [p.name for p in people if i in p.sentences]
        # "instructors publish courses..., students enrol": whoever comes right before the word
        m = _ENROL.search(sentence)
        before = sentence[:m.start()].lower()
        here.sort(key=lambda p: -max((w.start() for w in said(p).finditer(before)), default=-1))
        person = next(iter(here), None)
        if course is None or person is None or any(r.cardinality == "many-to-many" and person in (a, b)
                                                   and r.label in ("enroll", "enrol")
                                                   for (a, b), r in rels.items()):
            continue  # "students enroll in sections": they already enrol in something
        for key in ((course, person), (person, course)):
            rels.pop(key, None)
        rels[(course, person)] = RelationFact(course, person, "many-to-many", "enroll", i)
        return


def _stock_place(facts: BriefFacts, low: str) -> str | None:
    """Return the record a sentence keeps stock at, if it names one the brief has."""
    for rx in _STOCK_PER_PLACE:
        for m in rx.finditer(low):
            for word in m.group("place").split():
                fact = facts.entity(singular(word))
                if fact is not None and not fact.person and fact.name not in _STOCKED:
                    return fact.name
    return None


# Groups people belong to, which have their people the usual way: a household has members.
_COLLECTIVES = frozenset(("group", "household", "department", "team", "crew", "class", "unit",
                          "squad", "family", "committee", "band", "cohort", "party", "branch"))


def _shared_people(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact]) -> None:
    """People a thing has several of are not its own: "a dog can have more than one owner"
    and an owner can have several dogs, so dog and owner meet in a join (dog_owner)."""
    for (parent, child), rel in rels.items():
        fact, owner = facts.entity(child), facts.entity(parent)
        if (rel.cardinality != "one-to-many" or rel.label != "has" or fact is None
                or owner is None or not fact.person or owner.person
                or parent in ORGANISATION_NOUNS or parent.rsplit("_", 1)[-1] in _COLLECTIVES
                or parent in _LISTS_ITEMS or parent in DEPENDENT_NOUNS):
            continue
        rel.cardinality = "many-to-many"


# "Each show has a schedule": the show's own, not a schedule many shows share (as "a room" is).
_OWN_PARTS = frozenset(("schedule", "diary", "rota", "budget", "waiting_list", "waitlist",
                        "guest_list", "seating_plan", "programme", "program", "itinerary", "care_plan",
                        "treatment_plan", "training_plan", "lesson_plan", "meal_plan", "payment_plan",
                        "support_plan", "learning_plan", "recovery_plan", "exercise_plan"))


# A person's own page, which is no table of its own: what it holds is the person's.
_OWN_PAGES = frozenset(("profile", "account", "page", "bio", "storefront"))


def _resolve_has_items(facts: BriefFacts, ev: _Evidence, names: set[str], add) -> None:
    # "photographers create a profile with their portfolio and a price per hour"
    pages = {obj: subject for subject, _verb, obj, _i in ev.verb_links
             if obj in _OWN_PAGES and obj not in names and subject in names and _fact(ev, subject).person}
    had = {(r.parent, r.child) for r in ev.relations if r.cardinality == "one-to-many"}
    for owner, name, attr, index, kind in ev.has_items:
        if owner in pages:
            owner = pages[owner]
            if name in names and name != owner and not (facts.entity(name) or EntityFact("")).person:
                add(RelationFact(owner, name, "one-to-many", "has", index))
                continue
        if owner not in names:
            continue
        if name in names and name != owner and not is_attribute_word(name) and kind != "paren":
            if kind in ("has", "of") and _owns_by_name(facts, owner, name):
                # "the guest's card", "each employee has a leave balance": the person's own.
                add(RelationFact(owner, name, "one-to-many", "has", index))
            elif kind == "of" and _part_by_name(facts, owner, name):
                # "each truck's menu", "the project's tasks": the thing's own part
                add(RelationFact(owner, name, "one-to-many", "has", index))
            elif name in DEPENDENT_NOUNS or name in _OWN_PARTS or kind == "own":
                # "each with its own forge": one each, not shared
                add(RelationFact(owner, name, "one-to-one", "has", index))
            elif not (kind == "with" and (owner, name) in had):
                # but "each locker has compartments", then "a locker with a free compartment": still the locker's
                add(RelationFact(name, owner, "one-to-many", "has", index))
            continue
        if name in names and kind == "paren" and name != owner:
            add(RelationFact(name, owner, "one-to-many", "has", index))
            continue
        if name and name not in names and facts.accounts and kind in ("has", "with") and attr == name \
                and (name in facts.roles or _fact(ev, name).person and _fact(ev, name).acted) \
                and not _fact(ev, owner).person:
            # "each flight has a pilot", "an issue has an author": a user in that role, a key
            if not any((r.parent, r.child) == (name, owner) for r in facts.role_links):
                facts.role_links.append(RelationFact(name, owner, "one-to-many", "has", index))
            continue
        _add_attribute(facts, owner, attr)


def _part_by_name(facts: BriefFacts, owner: str, name: str) -> bool:
    """Whether "the owner's name" is a part of a thing, not a kind it shares with others ("the
    truck's menu", not "the dog's breed" or "the shop's category")."""
    whole, part = facts.entity(owner), facts.entity(name)
    return (whole is not None and part is not None and not whole.person and not part.person
            and name not in ORGANISATION_NOUNS and name.rsplit("_", 1)[-1] not in _SHARED_KINDS
            and name not in _PICKED_KINDS and name not in _OCCASIONS)


# Things many people take part in: "a runner's last event" is one of many events, not the runner's.
_OCCASIONS = frozenset(("event", "match", "race", "game", "session", "class", "course", "tournament", "show",
                        "meeting", "trip", "tour", "flight", "concert", "performance", "lesson", "sailing"))


def _owns_by_name(facts: BriefFacts, owner: str, name: str) -> bool:
    """Whether "the owner's name" is a record of that person's own, not something people share
    ("the patient's doctor", "the member's branch", "the dog's breed")."""
    person, thing = facts.entity(owner), facts.entity(name)
    return (person is not None and thing is not None and person.person and not thing.person
            and name not in ORGANISATION_NOUNS and name.rsplit("_", 1)[-1] not in _SHARED_KINDS)


# What several people have one of: their department, their plan, their level.
_SHARED_KINDS = frozenset(("bus", "stop", "department", "team", "branch", "office", "site", "location", "depot",
                           "class", "group", "plan", "tier", "level", "grade", "category", "type",
                           "role", "language", "country", "region", "zone", "area", "rank",
                           "programme", "program", "course", "unit", "ward", "house"))


def _add_attribute(facts: BriefFacts, owner: str, attr: str) -> None:
    entity = facts.entity(owner)
    if entity is None or not attr or attr in ("id", owner) or len(attr) > 40:
        return
    if attr in ("status", "state"):
        return
    if attr not in entity.attributes:
        entity.attributes.append(attr)


_FOLLOWS_TRANSACTION = ("payment", "refund", "invoice", "shipment", "delivery", "receipt",
                        "order_item", "line_item", "deposit", "dispute", "chargeback")
_BUYERS = ("customer", "client", "buyer", "guest", "patient", "member", "student", "rider",
           "passenger", "shopper", "subscriber", "attendee", "fan", "owner", "tenant_user",
           "hirer", "renter", "borrower", "exhibitor", "advertiser", "donor", "parent")
# Transactions that people place; the others they simply have (a visit, a job, an entry).
_PLACED = ("order", "booking", "reservation", "appointment", "purchase")
_TRANSACTIONS = ("order", "booking", "reservation", "appointment", "subscription", "rental",
                 "trip", "ride", "loan", "purchase", "hire", "tab", "visit", "job", "entry",
                 "enrollment", "registration", "sale")
# A payment settles an invoice when the brief has invoices; the invoice, the transaction.
_SETTLES_INVOICE = ("payment", "receipt", "refund")


def _default_owners(facts: BriefFacts, rels: dict[tuple[str, str], RelationFact], ev: _Evidence) -> None:
    """Give records that always have an owner the link the brief left implicit:
    an order belongs to the customer, a payment to the order, a cart to its shopper."""
    # "each press runs one production order at a time": an order a machine runs, no buyer's
    run_by_things = {obj for subject, verb, obj, _i in ev.verb_links
                     if verb == "run" and subject not in ORGANISATION_NOUNS
                     and (facts.entity(subject) or EntityFact("", person=True)).person is False}
    persons = sorted((e.name for e in facts.entities if e.person),
                     key=lambda n: (_BUYERS.index(n) if n in _BUYERS else len(_BUYERS)))
    transactions = [e.name for e in facts.entities if e.name in _TRANSACTIONS]

    def named_with(fact: EntityFact, people: list[str]) -> list[str]:
        """The people a sentence names together with the record, in the order given."""
        return [p for p in people if set(fact.sentences) & set(facts.entity(p).sentences)]

    parents_of: dict[str, set[str]] = {}
    for parent, child in rels:
        parents_of.setdefault(child, set()).add(parent)
        parents_of.setdefault(parent, set())
    for fact in facts.entities:
        name = fact.name
        have = parents_of.get(name, set())
        if fact.person:
            continue
        if name == "account_transaction" and not have:
            # Each top-up or charge moves one balance: the account's, or the person's who holds it.
            named = named_with(fact, persons)
            text = " ".join(facts.sentences[i] for i in fact.sentences)
            # "charged to the member's account" names whose balance it is.
            named.sort(key=lambda p: not re.search(rf"\b{p.replace('_', ' ')}(?:'s|s'|s)?\s+(?:\w+\s+)?"
                                                   rf"(?:account|balance)", text, re.IGNORECASE))
            owner = "account" if facts.entity("account") is not None else next(
                iter(named or persons), None)
            if owner:
                rels[(owner, name)] = RelationFact(owner, name, "one-to-many", "has", -1)
            continue
        if name in _FOLLOWS_TRANSACTION:
            owner = next((t for t in transactions if t != name), None) or next(
                (t for t in _ALSO_PAID_FOR if facts.entity(t) is not None and name in _MONEY_FOLLOWERS), None)
            if name in _SETTLES_INVOICE and facts.entity("invoice") is not None:
                owner = "invoice"
            if owner is None and name == "invoice" and persons and persons[0] in _BUYERS and not have:
                owner = persons[0]  # "add your clients and send a branded invoice": the client's invoice
            if owner and owner not in have and not any(t in have for t in transactions):
                rels[(owner, name)] = RelationFact(owner, name, "one-to-many", "has", -1)
            continue
        # "book appointments with doctors": who the appointment is with does not say who booked it
        givers = {p for p in persons if p in have
                  and (getattr(rels.get((p, name)), "label", "") in LINKED_LABELS | {"with"})}
        if not persons or any(p in have and p not in givers for p in persons):
            continue
        if name == "subscription" and have:
            continue  # "a monthly subscription per centre": the centre's, not its first person's
        if any(p in ORGANISATION_NOUNS and VERB_FORMS.get(rels[(p, name)].label, rels[(p, name)].label)
               in _OWNING_VERBS for p in have):
            continue  # "companies post jobs": the company's job, not a candidate's
        owners = [p for p in persons if p not in givers]
        if givers and name not in _TRANSACTIONS or not owners:
            continue
        if name in DEPENDENT_NOUNS and not (name == "membership" and _PERIODIC_MEMBERSHIP.search(facts.text)):
            if any(parents_of.get(h, set()) & set(persons) for h in have):
                continue  # "a profile with a portfolio": the profile's, so its person's already
            # "photographers create a profile with their portfolio": the person said with it
            owner = (named_with(fact, owners) or owners)[0]
            rels[(owner, name)] = RelationFact(owner, name, "one-to-one", "has", -1)
        elif (name in _TRANSACTIONS or name == "membership") and name not in run_by_things:
            label = "places" if name in _PLACED else "has"
            owner = owners[0]
            if name in ("membership", "subscription"):
                # a membership is the member's, whoever else buys things
                owner = next((p for p in owners if p.rsplit("_", 1)[-1] in ("member", "subscriber")), owner)
            rels[(owner, name)] = RelationFact(owner, name, "one-to-many", label, -1)


# What else people pay for, when the brief has no order or booking: a stay (a ticket may be a
# support, kitchen or repair ticket).
_ALSO_PAID_FOR = ("stay", "payment_intent")
# What settles or disputes money, and so may hang on one of those (an invoice or a shipment may not).
_MONEY_FOLLOWERS = ("payment", "refund", "dispute", "chargeback", "deposit", "receipt")


_OWNING_VERBS = words("place create make submit write post upload own publish open file raise log book schedule "
    "add leave save attach start launch "
    "send deliver teach host organize organise arrange plan author issue sell list run lead request order "
    "rent borrow reserve hold drive manage offer prescribe treat take build prepare compose assemble")


# What a place or a body does with what it provides: "venues host events", "clubs run sessions".
_PROVIDING_VERBS = words("host offer publish organise organize")


# "every pet gets vaccinations", "each load produces an invoice": what a record gains is its own.
_GAINING_VERBS = words("get receive produce generate settle earn accumulate accrue incur undergo collect "
                       "raise trigger spawn send emit report log upload submit place create file")


# Records that a nominal verb implies between its subject and object ("book" -> booking).
_CLAIMS = frozenset(("booking", "reservation", "loan", "rental", "hold", "allocation"))


# Kinds from a shared list that people pick, never own: a tutor teaches languages many others teach.
_PICKED_KINDS = frozenset(("language", "skill", "subject", "genre", "topic", "interest", "sport", "instrument",
                           "cuisine", "specialty", "speciality", "qualification", "certification", "expertise"))
# Things people follow along as they move or progress, without a follow record: a shipment on
# a map, an order, a delivery, a claim.
FOLLOWED_ALONG = frozenset(("shipment", "order", "delivery", "parcel", "package", "vehicle", "truck", "bus",
                            "flight", "trip", "ride", "journey", "load", "case", "claim", "application",
                            "progress", "status", "driver", "courier", "rider", "route", "job", "ticket",
                            "car", "van", "taxi", "cab", "boat", "ship", "train", "bike", "scooter", "plane",
                            "aircraft", "drone", "bag", "baggage", "luggage", "container"))
# "riders follow the car live on a map": watching it move, whatever it is
_WATCHED_LIVE = re.compile(r"\blive\b|\bon\s+(?:a|the)\s+map\b|\bin\s+real[- ]?time\b", re.IGNORECASE)
# Many-to-many verbs only people do: fans follow artists, but vaccinations follow a schedule.
_PEOPLE_DO = frozenset(("follow", "like", "favorite", "bookmark", "subscribe", "attend", "join"))


# "runs one production order at a time", "runners run queued jobs"; not "classes run in terms".
_MACHINE_RUNS = re.compile(r"\bruns?\s+(?!in\b|on\b|at\b|for\b|from\b|to\b|by\b|every\b)"
                           r"(?:[^.;]*\bat\s+a\s+time\b|(?:[\w-]+\s+){0,2}[\w-]+s\b)", re.IGNORECASE)


def _resolve_verb_links(facts: BriefFacts, ev: _Evidence, names: set[str], add) -> None:
    for subject, verb, obj, index in ev.verb_links:
        account = subject == "user" and facts.accounts  # "users create links": the sign-in table
        if (subject not in names and not account) or obj not in names or subject == obj:
            continue
        nominal = _NOMINAL_VERBS.get(verb) or (_DONE_AS.get(verb) if _DONE_AS.get(verb) in names else None)
        if verb == "sign" and "signature" in names and obj not in ("signature", subject):
            nominal = "signature"  # "each email can sign a petition once": the brief keeps signatures
        if nominal and nominal in names and nominal not in (subject, obj):
            add(RelationFact(subject, nominal, "one-to-many", verb, index))
            if not {f"{nominal}_line", f"{nominal}_item"} & names:
                add(RelationFact(obj, nominal, "one-to-many", "", index))  # else it is on a line
            continue
        if nominal in _CLAIMS and obj not in _TRANSACTIONS and any(obj in g and nominal in g for g in NOMINAL_GROUPS) \
                and (facts.entity(subject) or EntityFact("")).person:
            add(RelationFact(subject, obj, "one-to-many", verb, index))  # "guests book stays": theirs
            continue
        if nominal in ("order", "purchase") and obj in BOUGHT_AS_RECORDS:
            add(RelationFact(subject, obj, "one-to-many", verb, index))  # "anglers buy tickets": theirs
            continue
        if nominal in _CLAIMS or nominal in ("order", "purchase"):
            continue  # "members book courts", "guests order dishes": a booking or an order links them
            # (the draft adds it), not ownership of the court or the dish
        person = account or (facts.entity(subject) or EntityFact("")).person
        if verb == "follow" and (obj in FOLLOWED_ALONG or _WATCHED_LIVE.search(facts.sentences[index])):
            continue  # "the shipper can follow the shipment live on a map": tracking it, no table
        # "a tutor teaches several languages" is the tutor's own list; what someone picks or
        # chooses ("picks one or more instruments") goes on the job or order they pick it for
        kinds = person and obj in _PICKED_KINDS and verb not in ("pick", "choose", "select")
        if verb in ("register", "enroll", "enrol", "signup") and subject in ORGANISATION_NOUNS \
                and (obj in _UNITS_OF_PEOPLE or (facts.entity(obj) or EntityFact("")).person):
            # "schools register teams", "clubs register players": theirs, registered for something else
            add(RelationFact(subject, obj, "one-to-many", verb, index))
            continue
        if verb in _M2M_VERBS and obj == "waiting_list_entry":
            # "join a waiting list when a course is full": each place on it is one person's
            add(RelationFact(subject, obj, "one-to-many", "has", index))
            continue
        if verb in _M2M_VERBS and (person or verb not in _PEOPLE_DO) or kinds:
            # "a tutor can teach several languages": many tutors teach each language too
            add(RelationFact(subject, obj, "many-to-many", verb, index,
                             via=f"{subject}_{obj}" if obj in _PICKED_KINDS else ""))
        elif verb not in _M2M_VERBS:
            # People own what they make; anything owns what it gains ("each pet gets vaccinations").
            gains = verb in _GAINING_VERBS and not (facts.entity(obj) or EntityFact("")).person
            # "companies post jobs", "restaurants publish menus": an organisation owns what it makes
            body = (subject in ORGANISATION_NOUNS or verb in _PROVIDING_VERBS) \
                and (facts.entity(subject) or EntityFact("")).plural_seen
            # "each press runs one production order at a time", "runners run jobs": the machine's
            machine = verb == "run" and not person and subject not in ORGANISATION_NOUNS and bool(
                _MACHINE_RUNS.search(facts.sentences[index]))
            if (verb in _OWNING_VERBS and (person or body)) or gains or machine:
                add(RelationFact(subject, obj, "one-to-many", verb, index))


# "builds a plan for a patient from a library of 300 exercises", "a quiz drawn from a bank of
# questions": the record lists some of a shared stock, each picked by many such records.
_FROM_A_LIBRARY = re.compile(
    r"\b(?:from|out\s+of)\s+(?:a|an|the|our|their|its|his|her)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:library|catalogue|catalog|list|bank|pool|set|menu|range|collection|database)\s+of\s+"
    r"(?:(?:about|around|roughly|some|over|nearly|approx\.?)\s+)?"
    r"(?:[\d,.]+\s*(?:k|m|thousand|million)?\s+)?")
# Verbs that make a record out of a shared stock ("build a plan from a library of exercises").
_COMPOSING_VERBS = frozenset(("build", "create", "make", "assemble", "compose", "put", "draw", "pick",
                           "choose", "select", "prepare", "design", "write", "set"))


def _made_for(facts: BriefFacts, ev: _Evidence):
    """Yield (maker, record, whom, sentence) for each record someone makes "for a ..." ("each
    physio builds a plan for a patient": physio, plan, patient)."""
    for subject, verb, obj, index in ev.verb_links:
        if verb not in _OWNING_VERBS:
            continue
        m = re.search(r"\b" + re.escape(obj.replace("_", " ")) + r"s?\s+for\s+(?:a|an|the|each|every|one)\s+"
                      r"([a-z]+)", facts.sentences[index].lower())
        if m:
            yield subject, obj, singular(m.group(1)), index


def _made_for_whom(facts: BriefFacts, ev: _Evidence, names: set[str], add) -> None:
    """"Each physio builds a plan for a patient": the plan is the patient's as well as the physio's."""
    for subject, obj, whom, index in _made_for(facts, ev):
        if obj in names and whom not in (subject, obj) and whom in names \
                and (facts.entity(whom) or EntityFact("")).person:
            add(RelationFact(whom, obj, "one-to-many", "for", index))


def _picked_from_a_library(facts: BriefFacts, ev: _Evidence, names: set[str], add) -> None:
    for _subject, verb, obj, index in ev.verb_links:
        if verb not in _COMPOSING_VERBS or obj not in names:
            continue
        low = facts.sentences[index].lower()
        at = low.find(obj.replace("_", " "))
        m = _FROM_A_LIBRARY.search(low, max(at, 0))
        if at < 0 or m is None or re.search(r"[,;:()]|\b(?:and|then|but)\b", low[at:m.start()]):
            continue  # "make a profile with photos, answer prompts picked from a list of ...": not the profile's
        rest = low[m.end():]
        picked = next((e.name for e in facts.entities if e.name not in (obj, "user") and not e.person
                       and re.match(re.escape(e.name.replace("_", " ")) + r"(?:e?s)?\b", rest)), None)
        if picked:
            add(RelationFact(obj, picked, "many-to-many", "includes", index))


def _resolve_operations(facts: BriefFacts, ev: _Evidence, names: set[str]) -> None:
    seen: set[tuple[str, str]] = set()
    for op in ev.operations:
        if op.entity not in names or (op.verb, op.entity) in seen:
            continue
        if op.target and op.target not in names:
            op.target = ""
        seen.add((op.verb, op.entity))
        facts.operations.append(op)


# Verbs by which people become part of a group or a course, never its owners.
_JOINS_INTO = frozenset(("join", "enroll", "enrol", "attend", "subscribe", "signup", "register", "apply"))


# --- needs, numbers, constraints ------------------------------------------------------------


def _read_needs(facts: BriefFacts) -> None:
    sentences = facts.sentences
    index = feature_rules.SentenceIndex(sentences)
    facts.sentence_index = index
    facts.feature_sentences = feature_rules.detect_features(sentences, index)
    facts.compliance_sentences = feature_rules.detect_compliance(sentences, index)
    facts.compliance = list(facts.compliance_sentences)
    facts.languages = feature_rules.detect_languages(facts.text)
    facts.clouds = feature_rules.detect_clouds(facts.text)
    facts.residency = feature_rules.detect_residency(facts.text)
    facts.regions = named_regions(facts.text)
    facts.number_facts = read_numbers(sentences)
    for nf in facts.number_facts:
        if nf.key.startswith("rate:"):
            noun = singular(nf.key[5:])
            facts.rates[noun] = max(facts.rates.get(noun, 0.0), nf.value)
            _keep_period(facts, noun, nf, facts.rates[noun])
            continue
        if nf.key.startswith("count:"):
            noun = singular(nf.key[6:])
            facts.counts[noun] = max(facts.counts.get(noun, 0.0), nf.value)
            continue
        if nf.key in ("latency_ms", "budget_usd_month", "retention_days", "interval_seconds"):
            facts.numbers.setdefault(nf.key, nf.value)
        else:
            facts.numbers[nf.key] = max(facts.numbers.get(nf.key, 0.0), nf.value)
        _keep_period(facts, nf.key, nf, facts.numbers.get(nf.key))
    n = facts.numbers
    if "devices" in n and "interval_seconds" in n and "events_per_second" not in n:
        # "20,000 meters ... every device sends a reading every 10 seconds"
        rate = n["devices"] / n["interval_seconds"]
        n["events_per_second"] = rate
        facts.number_facts.append(NumberFact(
            "events_per_second", rate, "events/s",
            f"{_fmt(n['devices'])} devices / {_fmt(n['interval_seconds'])} s", -1, False))
    if "interval_seconds" in n and "events_per_second" not in n:
        _online_senders(facts)
    if "regions" not in facts.numbers and len(facts.regions) >= 2:
        facts.numbers["regions"] = float(len(facts.regions))
    _derive_features(facts)


def _online_senders(facts: BriefFacts) -> None:
    """"20,000 drivers online ... drivers send their position every 4 seconds": 5,000 positions
    a second, from the people online, as from devices."""
    n = facts.numbers
    sent = next(nf for nf in facts.number_facts if nf.key == "interval_seconds")
    for nf in facts.number_facts:
        if nf.key == "concurrent_users" and nf.unit != "users" and sent.sentence >= 0 and re.search(
                rf"\b{re.escape(nf.unit)}\b", facts.sentences[sent.sentence], re.IGNORECASE):
            rate = nf.value / n["interval_seconds"]
            n["events_per_second"] = rate
            facts.number_facts.append(NumberFact(
                "events_per_second", rate, "events/s",
                f"{_fmt(nf.value)} {nf.unit} online / {_fmt(n['interval_seconds'])} s", -1, True))
            return


def _keep_period(facts: BriefFacts, key: str, nf: NumberFact, kept: float | None) -> None:
    """Remember "N per period" behind the figure kept for `key`, so capacity shows N / period."""
    if nf.period_seconds and kept == nf.value:
        facts.periods[key] = (nf.count, nf.period_seconds)


def _derive_numbers(facts: BriefFacts) -> None:
    """Fill figures the brief implies but does not state, showing the arithmetic."""
    n = facts.numbers

    def derive(key: str, value: float, unit: str, formula: str) -> None:
        n[key] = round(value, 2)
        facts.number_facts.append(NumberFact(key, round(value, 2), unit, formula, -1, True))

    if "rps" not in n:
        if "rps_average" in n:
            derive("rps", n["rps_average"] * 3, "req/s", f"{_fmt(n['rps_average'])} average x 3 peak factor")
        elif "concurrent_users" in n:
            derive("rps", n["concurrent_users"] / 10, "req/s",
                   f"{_fmt(n['concurrent_users'])} concurrent users / 10 s between requests")
        elif "daily_active_users" in n:
            derive("rps", n["daily_active_users"] * 20 / 86400 * 3, "req/s",
                   f"{_fmt(n['daily_active_users'])} DAU x 20 requests / 86,400 s x 3 peak factor")
    if "rows" not in n:
        if "events_per_second" in n and "retention_days" in n and _kept_events(facts):
            derive("rows", n["events_per_second"] * 86400 * n["retention_days"], "rows",
                   f"{_fmt(n['events_per_second'])} events/s x 86,400 s x {_fmt(n['retention_days'])} days")
        else:
            biggest = max(facts.counts.items(), key=lambda kv: (kv[1], kv[0])) if facts.counts else ("", 0.0)
            # "3,000 bookings a day": the records that arrive at that rate pile up, a year of them
            rate = next((f for f in facts.number_facts if f.key == "events_per_second" and f.count
                         and f.period_seconds >= 60 and f.sentence >= 0), None)
            if rate is not None and rate.value * 86400 * 365 > biggest[1]:
                derive("rows", rate.value * 86400 * 365, "rows", f"{rate.source} x a year")
            elif biggest[1] and biggest[0] not in PERSON_NOUNS:
                derive("rows", biggest[1], "rows", f"{_fmt(biggest[1])} {biggest[0]} records")


# Words for a stream of events itself: "raw readings are kept 90 days", "keep events a year".
_STREAM_WORDS = re.compile(r"\b(?:events?|readings?|positions?|pings?|data|logs?|raw|history|telemetry|"
                           r"samples?|measurements?|metrics|clicks?|points|locations?|scans?|heartbeats?)\b",
                           re.IGNORECASE)


def _kept_events(facts: BriefFacts) -> bool:
    """Whether the retention the brief states is for its stream of events, and not for another
    kind of record ("trips are kept 7 years for tax" says nothing of the drivers' GPS positions)."""
    kept = next((f for f in facts.number_facts if f.key == "retention_days" and f.sentence >= 0), None)
    if kept is None or _STREAM_WORDS.search(facts.sentences[kept.sentence]):
        return True
    stream = next((f.sentence for f in facts.number_facts
                   if f.key in ("events_per_second", "interval_seconds") and f.sentence >= 0), -1)

    def named(index: int) -> set[str]:
        low = facts.sentences[index].lower() if index >= 0 else ""
        return {e.name for e in facts.entities if said(e.name).search(low)}

    records = named(kept.sentence)
    return not records or bool(records & named(stream))


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.2f}"


_HIGH_SCALE = {"rps": 1000, "concurrent_users": 10_000, "users": 1_000_000,
               "events_per_second": 1000, "daily_active_users": 500_000}


_APPROVAL_ONLY = re.compile(r"\bapprov\w+", re.IGNORECASE)
_WORKFLOW_WORDS = re.compile(r"workflows?|multi[- ]step|several\s+steps|escalat\w+|long[- ]running|"
                             r"state\s+machine|\bsagas?\b|then\s+(?:by\s+)?(?:\w+\s+)?approv|also\s+need|"
                             r"routed\s+to|(?:next|second|another)\s+approver|approval\s+(?:steps?|chains?|levels?)",
                             re.IGNORECASE)


# Money taken through the system: a card, a checkout, a provider, an app or website, a wallet.
_TAKEN_PAYMENT = feature_rules.compile_hinted(
    r"\bonline\b|\bby\s+card\b|\b(?:credit|debit|bank|payment)\s+cards?\b|\bcard\s+(?:payments?|"
    r"details|on\s+file)|checkout|check\s+out|stripe|paypal|adyen|mollie|"
    r"\b(?:square|sumup)\b(?!\s+(?:card\s+)?(?:machines?|terminals?|readers?))|gocardless|direct\s+debit|payment\s+(?:provider|gateway|processor|link)|"
    r"\bpsp\b|apple\s+pay|google\s+pay|in[- ]app\b|(?:in|through|via)\s+the\s+(?:app|site|"
    r"website|portal)\b|\bwallets?\b|top[- ]?ups?\b|contactless|renews?\s+automatically|"
    r"auto[- ]?renew")
# Money that arrives elsewhere and is written down: cash, a transfer, a card terminal in the
# shop or van, "records payments".
_NO_MONEY = re.compile(r"\b(?:we|i)\s+(?:don't|don’t|do\s+not|never|won't|will\s+not)\s+(?:touch|handle|take|hold)\s+"
                       r"(?:any\s+)?(?:money|funds|payments?)\b|"
                       # "everything is charged to the room bill, no card payments"
                       + _NO_PAYMENTS + r"(?!\s+(?:for\s+now|yet|in\s+v1|needed))|"
                       # "payment between them happens offline": settled outside the product
                       r"\b(?:payments?|paying|money)\s+(?:[\w'’-]+\s+){0,5}?(?:happens?|is\s+(?:done|handled|"
                       r"settled|made)|are\s+(?:done|handled|settled|made))\s+(?:offline|off[- ](?:platform|line|"
                       r"system)|outside\s+(?:the|this|our)\s+(?:app|system|platform|product))\b", re.IGNORECASE)
_RECORDED_PAYMENT = feature_rules.compile_hinted(
    r"\bcash\b|bank\s+transfers?|\bbacs\b|\bcheques?\b|card\s+(?:terminal|reader|machine)s?\b|"
    r"\bpa(?:y|ys|id|ying)\b[^.;\n]{0,40}?"
    r"(?:\bat\s+(?:the\s+)?(?:office|front\s+desk|desk|counter|till|reception)\b|on\s+the\s+spot)|"
    r"\brecords?\s+(?:the\s+|their\s+|each\s+)?(?:agreed\s+)?"
    r"(?:payments?|fees?)\b|\bpayroll\b|\bregister\s+the\s+payments?|\bmark\w*\s+(?:\w+\s+){0,3}?(?:as\s+)?paid\b|"
    r"paid\s+y/n|\bowes?\b")


# Cards taken on a terminal that talks to its own bank, in person or over the phone: "the SumUp
# reader in the van", "card payments over the phone through our Worldpay terminal".
_CARD_PRESENT = re.compile(r"\bcard\s+(?:machines?|readers?|terminals?)\b|\bsumup\b|\bpdq\b|\bi?zettle\b|"
                           r"\b(?:worldpay|dojo|stripe|paypal)\s+(?:terminals?|readers?)\b|\bcard\s+payments?\s+over\s+the\s+phone\b|"
                           r"\bsquare\s+(?:till|reader|terminal|pos)\b|\b(?:epos|pos)\s+(?:till|system|terminal)s?\b",
                           re.IGNORECASE)
_PAY_WORDS = re.compile(r"\bpa(?:y|ys|id|ying|yments?)\b|\bcheckout\b|\bbilling\b|\binvoic\w+", re.IGNORECASE)
_PRICED_PER = re.compile(r"\bcharged?\s+per\b", re.IGNORECASE)  # "hire is charged per week": a price


def _derive_features(facts: BriefFacts) -> None:
    found = dict(facts.feature_sentences)
    facts.money_sentences = found.pop("money", [])
    n = facts.numbers
    if any(n.get(k, 0) >= v for k, v in _HIGH_SCALE.items()):
        found.setdefault("high_scale", [])
    if n.get("events_per_second", 0) >= 1000 or n.get("devices", 0) >= 1000:
        found.setdefault("write_heavy", [])
    if n.get("regions", 0) >= 2:
        found.setdefault("multiregion", [])
    if "payments" in found and any(_PAY_WORDS.search(p) for p in facts.left_out) \
            and not any(_PAYING.search(_PRICED_PER.sub("", facts.sentences[i])) for i in found["payments"]):
        # "Out of scope: we don't pay suppliers through the portal", "Invoicing stays in Xero":
        # what is left buys, sells and prices, but takes no money
        found.pop("payments")
    if "payments" in found and _NO_MONEY.search(facts.sentence_index.text):
        # "fees go through the state's payment portal; we don't touch money": no payments here
        found.pop("payments")
        found.pop("subscriptions", None)
    if "payments" in found and _RECORDED_PAYMENT.search(facts.sentence_index.text) \
            and not _TAKEN_PAYMENT.search(_NOT_PAYING.sub("", facts.sentence_index.text)):
        # "by bank transfer or cheque; I just want to record it, not take card payments"
        # No provider: money arrives elsewhere, and fees "each term" are not recurring billing.
        facts.recorded_payments = found.pop("payments")
        found.pop("subscriptions", None)
    if "payments" in found and "webhooks" not in found and (
        re.search(r"\b(?:provider|gateway|processor)\b", facts.text, re.IGNORECASE)
        or re.search(r"\bcard\b", facts.text, re.IGNORECASE) and not _CARD_PRESENT.search(facts.text)
    ):
        # a card provider calls back when a payment settles; a card machine in the shop does not
        found["webhooks"] = list(found["payments"])
    if "subscriptions" in found and "payments" not in found:
        found["payments"] = list(found["subscriptions"])
    spots = found.get("workflow", [])
    if spots and all(_APPROVAL_ONLY.search(facts.sentences[i]) and not _WORKFLOW_WORDS.search(facts.sentences[i])
                     for i in spots):
        # "clients approve timesheets", "approved time is invoiced": each approval is a status on
        # its record, not a workflow engine
        del found["workflow"]
    if "booking" in found and "contention" not in found and "payments" in found \
            and n.get("concurrent_users", 0) >= 1000:
        found["contention"] = list(found["booking"])  # thousands paying for the same bookings
    if "analytics" in found and "events" not in found and n.get("events_per_second", 0) >= 100:
        found["events"] = []
    order = [
        "search", "realtime", "uploads", "payments", "webhooks", "notifications", "multitenancy",
        "analytics", "geospatial", "timeseries", "rag", "public_api", "booking", "contention", "scheduling",
        "workflow", "messaging", "subscriptions", "audit", "integrations", "email", "sso",
        "multiregion", "batch", "events", "read_heavy", "write_heavy", "high_scale", "mobile",
        "ml", "media",
    ]
    facts.feature_sentences = {k: found[k] for k in order if k in found}
    facts.features = list(facts.feature_sentences)


# --- title and capabilities ---------------------------------------------------------------

_PRODUCT_NOUN = re.compile(
    r"\b(?:an?|the|our|my)\s+((?:[\w-]+\s+){0,3}?(?:platform|app|application|system|service|"
    r"tool|marketplace|shop|store|website|site|backend|api|portal|assistant|product|clinic|"
    r"library|network|exchange|engine|hub|dashboard|manager|tracker|lms|crm|erp|saas|"
    r"shortener|bot|business|company|startup|chain|school|hospital|hotel|restaurant|board|forum|aggregator))\b",
    re.IGNORECASE,
)
_CAPABILITY = re.compile(
    r"\b(?:can|could|should|must|need(?:s)?\s+to|want(?:s)?\s+to|will|able\s+to|allow(?:s)?|"
    r"let(?:s)?|may|support(?:s)?|provide(?:s)?|track(?:s)?|manage(?:s)?|record(?:s)?|keep(?:s)?|"
    r"store(?:s)?|send(?:s)?|show(?:s)?|get(?:s)?|receive(?:s)?)\b",
    re.IGNORECASE,
)


_LEAD = re.compile(r"^(?:we(?:'re| are)?|our\s+\w+|i|they)\s+(?:(?:want|need|would like|plan|are "
                   r"planning|are building|build|run|operate|have)\s+(?:to\s+)?)?", re.IGNORECASE)


# How briefs open before they say anything: greetings, and lines in brackets ("[Voice memo]").
_GREETING = re.compile(r"^(?:hi|hello|hey|dear|respected|greetings|good\s+(?:morning|afternoon|"
                       r"evening)|to\s+whom)\b|^\[[^\]]*\]$", re.IGNORECASE)
# A line marked as a heading: Markdown, bold, or an email's subject.
_MARKED_HEADING = re.compile(r"^\s*(?:#{1,6}\s+|\*\*|__|(?:subject|re|fwd?|title)\s*:\s*)",
                             re.IGNORECASE)
# Parts of a heading that say what kind of document it is, not what is built.
_DOCUMENT_PART = re.compile(
    r"^(?:(?:the|a|an|our|my|mvp|v\d[\w.]*|phase\s+\w+|first|rough|initial|draft|long|quick|"
    r"short|functional|business|technical|backend|product)\s+)*(?:scope|brief|"
    r"requirements?|spec(?:ification)?s?|notes?|minutes|backlog|user\s+stories|prd|rfp|tender|"
    r"proposal|draft|overview|summary|what\s+we\s+need|brain\s*dump|design\s+(?:brief|doc\w*)|"
    r"exercise\s*\d+|transcript|memo|extract|idea|long\s+email|(?:conceptual|data)\s+model|"
    r"(?:er\s+)?diagram|databases?\s*\d+)\b.*$",
    re.IGNORECASE)
# Meeting shorthand and dates in a heading ("Allotment ctte mtg 14/3").
_HEADING_NOISE = re.compile(
    r"\([^()]*\)|\[[^\]]*\]|\*\*|__|`|^#+\s*|^(?:subject|re|fwd?|title|prd|rfp)\s*:\s*|"
    r"\b(?:ctte|mtg|kick-?off)\b|\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b|"
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b",
    re.IGNORECASE)
_GENERIC_TITLES = frozenset(("app", "system", "backend", "platform", "website", "site", "idea",
                             "tool", "the app", "project", "database", "thing"))


def _is_heading(sentence: str) -> bool:
    """A marked heading, or a short line with no full stop made of parts ("Garage mgmt – notes
    from call w/ Dave", "MoveRight booking system: backlog")."""
    if _MARKED_HEADING.match(sentence):
        return True
    return not sentence.rstrip().endswith((".", "!", "?")) and len(sentence.split()) <= 14 \
        and bool(re.search(r"\s[—–-]\s|:\s", sentence))


def _heading_title(sentences: list[str]) -> tuple[str, str]:
    """Return what a brief's heading says is built ("# Costume hire – MVP scope" -> "Costume
    hire") and its domain words, without the document's kind, dates and markup; empty when the
    brief opens with no heading."""
    for sentence in sentences[:3]:
        if _GREETING.match(sentence.strip()):
            continue
        if not _is_heading(sentence):
            return "", ""
        text = _HEADING_NOISE.sub(" ", sentence)
        parts = [" ".join(p.split()).strip(" ,.;!?&") for p in re.split(r"\s+[—–-]\s+|:\s+", text)]
        parts = [p for p in parts if p and any(ch.isalpha() for ch in p)
                 and not _DOCUMENT_PART.match(p) and re.sub(
                     r"^(?:the|a|an|our|my)\s+|\s+(?:idea|thing|stuff|project)$", "",
                     p.lower()) not in _GENERIC_TITLES]
        if not parts:
            continue
        chosen = next((p for p in parts if _PRODUCT_NOUN.search("a " + p)), parts[0])
        chosen = re.sub(r"^(?:the|a|an|our|my)\s+", "", chosen, flags=re.IGNORECASE)
        others = [p for p in parts if p != chosen]
        if len(chosen.split()) == 1 and chosen[:1].isupper() and others:
            # "PRD: Hive — member & space management": a name says less than what it does
            return f"{chosen}: {others[0]}", others[0].lower()
        return chosen[:1].upper() + chosen[1:], chosen.lower()
    return "", ""


def _title(sentences: list[str], facts: BriefFacts) -> tuple[str, str]:
    """Return a title and the product's domain words, from the brief's opening."""
    heading, domain = _heading_title(sentences)
    found = _title_from_prose(sentences, facts)  # also finds the product phrase
    if heading:
        return heading, domain
    if found[1] in _GENERIC_TITLES | {"service", "company", "marketplace"}:
        return _title_from_tables(facts) or found  # "Backend for pianos, ..." says more than "App"
    return found


_SPOKEN_OPENING = re.compile(r"^(?:right|okay|ok|so|um+|uh+|erm|well|yeah|hi|hello|hey)\b",
                             re.IGNORECASE)


def _title_from_tables(facts: BriefFacts) -> tuple[str, str] | None:
    names = [plural(e.name).replace("_", " ") for e in facts.entities[:3]]
    if not names:
        return None
    phrase = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return f"Backend for {phrase}", phrase


# An interview prompt that names a known product: "Design Twitter:", "Build an Uber clone.",
# "Design a clone of Airbnb with ...". The name is the product, never a table.
_BRAND_OPENING = re.compile(r"^\W*(?:design|build|create|implement|make|clone)\s+(?:an?\s+)?(?:clone\s+of\s+)?"
                            r"(?P<brand>(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?))(?:\s+clone)?"
                            r"\s*(?::|\.|,|;|$|\s+(?:for|with|where|that|in|to)\b)", re.IGNORECASE)


# "Design an online bookstore:", "Build a multiplayer game leaderboard." - what to build, named
# before the colon: the product.
_DESIGN_A = re.compile(r"^\W*(?:design|build|create|implement)\s+(?:an?|the)\s+(?P<what>(?:[a-z-]+\s+){0,3}?[a-z-]+)"
                       r"\s*(?::|\.|$|\s+(?:like|similar\s+to|for|that|which|where|with)\s)", re.IGNORECASE)


def _title_from_prose(sentences: list[str], facts: BriefFacts) -> tuple[str, str]:
    brand = _BRAND_OPENING.match(sentences[0]) if sentences else None
    if brand:
        facts.product_phrase = brand.group("brand").lower()
        return brand.group("brand"), brand.group("brand").lower()
    design = _DESIGN_A.match(sentences[0]) if sentences else None
    named = _PRODUCT_NOUN.search(sentences[0]) if design else None
    if design and named and named.start() < design.end("what"):
        design = None  # "Design a booking platform for..." is read below, with its product noun
    head = design.group("what").split()[-1].lower() if design else ""
    if design and len(re.findall(rf"\b{re.escape(singular(head))}", " ".join(sentences).lower())) <= 1:
        # named only there: the product ("a peer-to-peer payments wallet" whose users each have a
        # wallet balance keeps its wallets)
        what = design.group("what")
        facts.product_phrase = what.lower()
        return what[:1].upper() + what[1:], what.lower()
    subject = _opening_subject(sentences[0]) if sentences and not _PRODUCT_NOUN.search(sentences[0]) else ""
    if subject:
        # "A neighbourhood bookshop wants to sell online" -> "Neighbourhood bookshop backend"
        facts.product_phrase = subject.lower()
        return subject[:1].upper() + subject[1:] + " backend", subject.lower()
    for sentence in sentences[:3]:
        # "you fill in a two-minute application": a form people hand in, not the product
        m = next((m for m in _PRODUCT_NOUN.finditer(sentence)
                  if not _HANDED_IN_BEFORE.search(sentence, 0, m.start())), None)
        if m:
            phrase = " ".join(m.group(1).split())
            phrase = re.sub(r"^(?:small|new|simple|little|modern)\s+", "", phrase, flags=re.I)
            facts.product_phrase = phrase.lower()
            return phrase[:1].upper() + phrase[1:], phrase.lower()
    opening = [s for s in sentences if not _GREETING.match(s.strip()) and not _is_heading(s)]
    first = opening[0].strip().rstrip(".!?") if opening else ""
    short = re.sub(r"^(?:an?|the)\s+", "", _LEAD.sub("", first).strip(), flags=re.IGNORECASE)
    if short and len(short.split()) <= 9 and not _SPOKEN_OPENING.match(opening[0]) \
            and not opening[0].rstrip().endswith("?") \
            and any(not _generic(n) for c in chunks(tokenize(short)) for n in c.nouns):
        # "We sell tickets for stadium concerts" -> "Sell tickets for stadium concerts"
        return short[:1].upper() + short[1:], short.lower()
    return _title_from_tables(facts) or ("Backend", "backend")


_HANDED_IN_BEFORE = re.compile(r"\b(?:fill(?:s|ed|ing)?\s+(?:in|out)|submit(?:s|ted|ting)?|complet(?:e|es|ed|ing)|"
                               r"lodg(?:e|es|ed|ing)|hand(?:s|ed|ing)?\s+in)\s+$", re.IGNORECASE)
_SUBJECT_DETERMINERS = frozenset(("a", "an", "the", "our"))


def _opening_subject(sentence: str) -> str:
    """Return the noun phrase a brief opens with when it is the subject of a verb
    ("A neighbourhood bookshop wants ..."), or "" (people and names do not name a product)."""
    tokens = tokenize(sentence)
    found = chunks(tokens)
    if not found or found[0].start != 1 or tokens[0].low not in _SUBJECT_DETERMINERS:
        return ""
    chunk = found[0]
    verb_next = chunk.end < len(tokens) and tokens[chunk.end].tag == "V"
    if not verb_next or chunk.proper or chunk.plural or _is_person(chunk.lemma):
        return ""
    words = [w for w in chunk.words if w not in ("small", "new", "simple", "little", "modern")]
    return " ".join(words) if len(words) <= 4 else ""


def _drop_product_noun(facts: BriefFacts, parsed: list[_Sentence]) -> None:
    """"Build a URL shortener": the product itself is not a table, unless the brief keeps
    talking about many of them."""
    words = facts.product_phrase.split()
    heads = {singular(words[-1])} if words else set()
    like = _LIKE_BRAND.search(facts.sentences[0]) if facts.sentences else None
    if like:
        heads.add(_identifier(singular(like.group(1).lower())))  # "An online judge like LeetCode"
    # "a music streaming service": what the product is about, named once in passing
    compound = all(word_class(w) in ("W", "X", "V") for w in words)  # not "a client with the site"
    passing = {_identifier(singular(w)) for w in words[:-1] if compound and not is_plural(w)} - DOMAIN_NOUNS
    heads |= {n for n in passing if (facts.entity(n) or EntityFact(n, mentions=2)).mentions == 1}
    heads |= _title_subjects(parsed[0]) if parsed else set()
    for head in sorted(heads):
        fact = facts.entity(head)
        if len(facts.entities) <= 1:
            return
        if fact is not None and not fact.plural_seen and fact.mentions <= 2:
            _drop_entities(facts, {head})


# A brief this long tells a story around its records: what it names in one sentence only,
# with no column and no link to anything, is mostly background ("the ferries", "the vicar").
# Measured on the held-out totals in session 25: from 800 words, with labels kept (below), 114
# fewer junk tables for 4 concepts; from 600 words, 205 fewer for 26 concepts.
_LONG_BRIEF_WORDS = 800


def _drop_passing_mentions(facts: BriefFacts) -> None:
    """In a long brief, leave out the things named in one sentence that nothing links to and
    nothing describes, and say so in the plan (facts.passing)."""
    if len(facts.text.split()) < _LONG_BRIEF_WORDS or len(facts.entities) <= 3:
        return
    linked = {n for r in facts.relationships + facts.role_links for n in (r.parent, r.child)}
    drop = [e.name for e in facts.entities if len(set(e.sentences)) == 1 and e.name not in linked
            and not e.attributes and e.name not in facts.user_owned
            and not _labels_its_sentence(e.name, facts.sentences[e.sentences[0]])]
    if drop:
        facts.passing = drop
        _drop_entities(facts, set(drop))


def _drop_entities(facts: BriefFacts, names: set[str]) -> None:
    """Remove these tables, with the links and the actions on them."""
    facts.entities = [e for e in facts.entities if e.name not in names]
    facts.relationships = [r for r in facts.relationships if r.parent not in names and r.child not in names]
    facts.operations = [o for o in facts.operations if o.entity not in names]


_BOLD_LABEL = re.compile(r"^[\W\d]*(?:[A-Z]\d+\s+)?\*\*([^*]{1,60})\*\*|^#+\s*(.{1,60})$")


def _labels_its_sentence(name: str, sentence: str) -> bool:
    """Whether the thing heads its sentence as a bold label or a heading, or the sentence is a
    label of four words or fewer ("- **M6 Inspections.** Officers visit properties and record
    ...", read as "M6 Inspections." and the rest): what follows is about it."""
    m = _BOLD_LABEL.match(sentence)
    label = (m.group(1) or m.group(2) or "") if m else sentence if len(sentence.split()) <= 4 else ""
    return singular(name.rsplit("_", 1)[-1]) in {singular(w) for w in re.findall(r"[a-z]+", label.lower())}


_PRODUCT_WORDS = frozenset(("management", "mgmt", "software"))
# The product, compared with a known one: "An online judge like LeetCode", "a Q&A site similar to Quora".
_LIKE_BRAND = re.compile(r"^\W*(?:(?:design|build)\s+)?(?:an?|the|our)\s+(?:[\w-]+\s+){0,3}?([a-z]+)\s+"
                         r"(?:like|similar\s+to|in\s+the\s+style\s+of)\s+[A-Z]", re.IGNORECASE)


def _title_subjects(s: _Sentence) -> set[str]:
    """"Marina management": in a title line (no verb), the noun before "management" names
    what the product is about, not a table in it."""
    if any(t.tag == "V" for t in s.tokens):
        return set()
    out = set()
    for chunk in s.chunks:
        if len(chunk.nouns) >= 2 and chunk.nouns[-1] in _PRODUCT_WORDS \
                and not is_plural(chunk.nouns[-2]) and chunk.nouns[-2] not in DOMAIN_NOUNS:
            out.add(_identifier(chunk.nouns[-2]))
    return out


def _is_capability(s: _Sentence, facts: BriefFacts) -> bool:
    """Return True when a sentence asks for something the product does (a functional need).

    Sentences that only state figures ("we expect 50,000 fans") or qualities ("the same seat
    must never be sold twice") are non-functional and become NFRs instead.
    """
    names = {e.name for e in facts.entities}
    mentions = any(n in names for n in s.names if n)
    verbs = [t for t in s.tokens if t.tag == "V" and VERB_FORMS.get(t.low) != "be"]
    if _QUALITY_ONLY.search(s.text) and not _ABLE.search(s.text):
        return False
    if _figures_only(s, facts) and not _ABLE.search(s.text):
        return False
    if _CAPABILITY.search(s.text) and (mentions or verbs):
        return True
    return mentions and bool(verbs)


_ABLE = re.compile(r"\b(?:can|could|able\s+to|allow(?:s|ed)?|let(?:s)?|want(?:s)?\s+to|should\s+be\s+"
                   r"able|need(?:s)?\s+to\s+(?!handle|support|serve|scale|cope))\b", re.IGNORECASE)
_QUALITY_ONLY = re.compile(r"\bmust\s+never\b|\bmust\s+not\b|\bnever\s+be\b|\bmust\s+be\s+"
                           r"(?:fast|available|secure|reliable|impossible)\b|\bshould\s+(?:load|"
                           r"respond|take)\b|\bmust\s+(?:load|respond)\b", re.IGNORECASE)


# Verbs that state a figure or a fact about the team rather than something the product does.
_STATING_VERBS = frozenset(("be", "expect", "anticipate", "estimate", "forecast", "project",
                            "predict", "host", "serve", "reach", "grow", "see", "get", "know",
                            "use", "prefer", "employ", "run", "keep", "plan", "hope", "aim"))
_CONSTRAINT = re.compile(
    r"^(?:the|our|a)\s+(?:(?:small|core|dev|development|engineering|tech)\s+)?team\b|\bbudget\b|"
    r"^(?:we|our\s+developers)\s+(?:know|use|prefer|are\s+(?:familiar|comfortable|fluent))\b|"
    r"\b(?:must|should|has\s+to|have\s+to)\s+(?:run|be\s+(?:hosted|deployed|built))\s+(?:on|in|with)\b",
    re.IGNORECASE)


def _figures_only(s: _Sentence, facts: BriefFacts) -> bool:
    """Return True when a sentence only states figures, the team or constraints (NFRs)."""
    figures = [nf for nf in facts.number_facts if nf.sentence == s.index]
    if any(not nf.key.startswith(("count:", "rate:")) for nf in figures):
        return True
    verbs = {VERB_FORMS.get(t.low, t.low) for t in s.tokens if t.tag == "V"}
    if figures and verbs <= _STATING_VERBS:
        return True  # "There are 12 stores", "We host about 40,000 books"
    if _CONSTRAINT.search(s.text):
        # "The team knows Django and it must run on AWS": unless it names a record.
        names = {e.name for e in facts.entities if not e.person and e.name != "team"}
        return not any(n in names for n in s.names if n)
    return False
