"""Requirements with stable ids (FR-001, NFR-001) from the brief, and what serves what."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archnb.engines.offline.features import compile_hinted
from archnb.engines.offline.reader import BriefFacts, EntityFact
from archnb.engines.offline.rules import format_number
from archnb.plan import Requirement
from archnb.skills import When

_MAX_FR = 150
_CONSISTENCY = compile_hinted(
    r"double[- ]book\w*|overbook\w*|oversell\w*|over-?sell\w*|sold\s+twice|booked\s+twice|"
    r"same\s+(?:seat|room|slot|item|ticket|copy)\s+(?:twice|two)|never\s+(?:sell|book|assign)",
    re.IGNORECASE,
)
_SENSITIVE = compile_hinted(
    r"\b(?:sensitive|medical|health|patients?|personal\s+data|privacy|private|confidential|"
    r"financial|children|minors|students'? records|salary|salaries)\b",
    re.IGNORECASE,
)
# Sources of a rate that are a stream of data, not records people make: "5m readings per day".
_STREAMED = re.compile(r"\b(?:readings?|rows?|data|logs?|messages?|clicks?|scans?|pings?|positions?|"
                       r"points|samples?|measurements?|metrics|heartbeats?|records?)\b", re.IGNORECASE)
_NFR_TEMPLATES = {
    "rps": ("Serve a peak of {v} requests per second", "peak requests per second", "req/s"),
    "rps_average": ("Serve an average of {v} requests per second", "average requests per second",
                    "req/s"),
    "concurrent_users": ("Support {v} concurrent users", "concurrent users", "users"),
    "users": ("Support {v} registered users", "registered users", "users"),
    "daily_active_users": ("Support {v} daily active users", "daily active users", "users"),
    "events_per_second": ("Ingest {v} events per second", "events per second", "events/s"),
    "devices": ("Connect {v} devices", "devices", "devices"),
    "storage_gb": ("Store {v} GB of data", "stored data", "GB"),
    "storage_gb_per_month": ("Absorb {v} GB of new data per month", "storage growth", "GB/month"),
    "rows": ("Hold {v} rows in the largest table", "rows", "rows"),
    "latency_ms": ("Answer within {v} ms ({label})", "{label} latency", "ms"),
    "availability": ("Be available {v}% of the time", "availability", "%"),
    "retention_days": ("Retain data for {v} days", "retention", "days"),
    "team_size": ("Be buildable and operable by a team of {v}", "team size", "people"),
    "budget_usd_month": ("Run within {v} USD per month", "monthly budget", "USD/month"),
    "regions": ("Serve users in {v} regions", "regions", "regions"),
}


@dataclass
class RequirementIndex:
    """The requirements and the lookups that decide what each plan element serves."""

    requirements: list[Requirement] = field(default_factory=list)
    by_sentence: dict[int, list[str]] = field(default_factory=dict)
    by_metric: dict[str, str] = field(default_factory=dict)
    facts: BriefFacts | None = None
    # name -> the brief's entity of that name (the first one, as BriefFacts.entity finds):
    # a dict, because plans ask once per entity and long briefs have hundreds.
    entity_facts: dict[str, EntityFact] = field(default_factory=dict)

    @property
    def functional(self) -> list[str]:
        return [r.id for r in self.requirements if r.kind == "functional"]

    @property
    def non_functional(self) -> list[str]:
        return [r.id for r in self.requirements if r.kind == "non_functional"]

    def core(self) -> list[str]:
        """What plan-wide choices serve: every quality need, or the first capability."""
        return self.non_functional or self.functional[:1]

    def for_sentences(self, indexes: list[int], functional_only: bool = False) -> list[str]:
        out: list[str] = []
        for i in indexes:
            for rid in self.by_sentence.get(i, []):
                if functional_only and not rid.startswith("FR"):
                    continue
                if rid not in out:
                    out.append(rid)
        return out

    def for_entity(self, name: str) -> list[str]:
        fact = self.entity_facts.get(name)
        found = self.for_sentences(sorted(fact.sentences), functional_only=True) if fact else []
        return found or self._first_functional()

    def _first_functional(self) -> list[str]:
        """Return functional[:1] without listing every requirement (asked once per entity)."""
        return next(([r.id] for r in self.requirements if r.kind == "functional"), [])

    def for_when(self, when: When) -> list[str]:
        """Return the requirements a rule with this `when` answers."""
        facts = self.facts
        assert facts is not None
        out: list[str] = []

        def add(ids: list[str]) -> None:
            out.extend(i for i in ids if i not in out)

        for feature in [*when.features_any, *when.features_all]:
            if feature in facts.feature_sentences:
                add(self.for_sentences(facts.feature_sentences[feature]))
                if feature == "high_scale":
                    add([self.by_metric[k] for k in ("rps", "concurrent_users", "users",
                                                     "events_per_second") if k in self.by_metric])
                if feature == "booking" and "consistency" in self.by_metric:
                    add([self.by_metric["consistency"]])
        for key in [*when.min, *when.max]:
            if key in self.by_metric:
                add([self.by_metric[key]])
        for regime in when.compliance_any:
            if regime.lower() in self.by_metric:
                add([self.by_metric[regime.lower()]])
        if when.keywords_any:
            hits = sorted({i for word in when.keywords_any for i in facts.sentences_with(word)})
            add(self.for_sentences(hits))
        for name in when.entities_any:
            if name in self.entity_facts:
                add(self.for_entity(name))
        return out[:12] or self.core()


def build_requirements(facts: BriefFacts) -> RequirementIndex:
    """Return FR-001.. for each capability sentence and NFR-001.. for each quality need."""
    index = RequirementIndex(facts=facts, entity_facts=entity_facts(facts))
    frs: list[Requirement] = []
    seen_text: set[str] = set()
    capability = facts.capability_sentences or [facts.fallback_sentence]
    for i in capability[:_MAX_FR]:
        text = _clean(facts.sentences[i]) if i >= 0 else "Provide the product described."
        if text.lower() in seen_text:
            continue
        seen_text.add(text.lower())
        rid = f"FR-{len(frs) + 1:03d}"
        frs.append(Requirement(id=rid, kind="functional", text=text,
                               source=_source(facts, i)))
        index.by_sentence.setdefault(i, []).append(rid)
    nfrs = _non_functional(facts, index)
    index.requirements = frs + nfrs
    return index


def entity_facts(facts: BriefFacts) -> dict[str, EntityFact]:
    """Return the brief's entities by name; the first of a name wins, as in BriefFacts.entity."""
    found: dict[str, EntityFact] = {}
    for fact in facts.entities:
        found.setdefault(fact.name, fact)
    return found


def _clean(sentence: str) -> str:
    text = " ".join(sentence.split()).strip(" -*•")
    text = text[:1].upper() + text[1:]
    if len(text) > 300:
        text = text[:297].rsplit(" ", 1)[0] + "..."
    if not text.endswith((".", "!", "?", "...")):
        text += "."
    return text


def _source(facts: BriefFacts, i: int) -> str:
    if 0 <= i < len(facts.sentences):
        return facts.sentences[i][:300]
    return ""


def _non_functional(facts: BriefFacts, index: RequirementIndex) -> list[Requirement]:
    nfrs: list[Requirement] = []

    def add(key: str, text: str, metric: str | None, target: float | None, unit: str | None,
            sentence: int, source: str) -> None:
        rid = f"NFR-{len(nfrs) + 1:03d}"
        nfrs.append(Requirement(id=rid, kind="non_functional", text=text, source=source[:300],
                                metric=metric, target=target, unit=unit))
        index.by_metric.setdefault(key, rid)
        if sentence >= 0:
            index.by_sentence.setdefault(sentence, []).append(rid)

    for nf in facts.number_facts:
        if nf.derived or nf.key not in _NFR_TEMPLATES or nf.key in index.by_metric:
            continue
        template, metric, unit = _NFR_TEMPLATES[nf.key]
        value = facts.numbers.get(nf.key, nf.value)
        label = nf.unit if nf.key == "latency_ms" else ""
        text = template.format(v=format_number(value), label=label)
        if nf.key == "events_per_second" and nf.count and nf.period_seconds >= 60 and nf.source \
                and value == nf.value:
            # "3,000 bookings a day" is work to handle, not a stream to ingest: say it as the brief did
            verb = "Ingest" if _STREAMED.search(nf.source) else "Handle"
            rate = f"about {format_number(value)} per second" if value >= 1 else "well under one per second"
            text = f"{verb} {nf.source} ({rate} on average)"
        add(nf.key, text, metric.format(label=label), value, unit, nf.sentence,
            _source(facts, nf.sentence))
    for regime in facts.compliance:
        where = facts.compliance_sentences[regime][0]
        add(regime, f"Comply with {_REGIME_NAMES.get(regime, regime.upper())}", "compliance",
            None, None, where, _source(facts, where))
    _qualitative(facts, add)
    return nfrs


_REGIME_NAMES = {"gdpr": "GDPR", "hipaa": "HIPAA", "pci": "PCI DSS", "soc2": "SOC 2",
                 "ccpa": "CCPA", "ferpa": "FERPA", "iso27001": "ISO 27001"}


def _qualitative(facts: BriefFacts, add) -> None:
    for i, sentence in enumerate(facts.sentences):
        if _CONSISTENCY.search(sentence):
            add("consistency", "Never sell, book or assign the same item twice, even under "
                "concurrent requests", "double allocations", 0, "count", i, sentence)
            break
    if facts.residency:
        where = next((i for i, s in enumerate(facts.sentences) if facts.residency in s), -1)
        add("residency", f"Keep data in {facts.residency}", "data residency", None, None, where,
            _source(facts, where))
    if not facts.compliance:
        for i, sentence in enumerate(facts.sentences):
            if _SENSITIVE.search(sentence):
                add("privacy", "Protect personal and sensitive data (access control, encryption, "
                    "erasure on request)", "data protection", None, None, i, sentence)
                break
