"""Open questions: what the brief leaves unclear that would change the design (at most five)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archnb.engines.offline.features import compile_hinted
from archnb.engines.offline.reader import BriefFacts
from archnb.engines.offline.rules import QuestionDraft

MAX_QUESTIONS = 5
_SCALE_KEYS = ("rps", "rps_average", "concurrent_users", "users", "daily_active_users",
               "events_per_second", "devices")
_PROVIDERS = compile_hinted(r"\b(?:stripe|adyen|paypal|braintree|mollie|square|klarna|razorpay)\b", re.I)
_B2B = compile_hinted(r"\b(?:companies|organi[sz]ations|businesses|agencies|firms|teams|customers' "
                  r"staff|each client)\b", re.I)
_HOLD_TIME = compile_hinted(r"\b\d+\s*(?:minutes?|mins?|seconds?|hours?)\b", re.I)
_CHANNELS = compile_hinted(r"\b(?:e-?mail|sms|text message|push)\b", re.I)
_HOLD_WORDS = compile_hinted(r"hold|reserv|cart|checkout", re.I)


@dataclass
class Question:
    """An open question before numbering, with the decision titles it would change."""

    question: str
    why_it_matters: str
    assumption: str
    options: list[str] = field(default_factory=list)
    affects: list[str] = field(default_factory=list)  # decision titles


def builtin_questions(facts: BriefFacts) -> list[Question]:
    """Return the questions the brief raises, most design-changing first."""
    out: list[Question] = []
    n = facts.numbers
    f = set(facts.features)
    if not any(k in n for k in _SCALE_KEYS):
        out.append(Question(
            "How many users and requests per second should the system handle at peak?",
            "Scale decides caching, the number of instances and whether anything beyond one "
            "database is needed.",
            "Up to about 1,000 daily active users and under 50 requests per second at peak.",
            ["Under 1,000 daily users", "10,000+ daily users", "100,000+ daily users"],
            ["Architecture style", "Caching", "Horizontal scaling"],
        ))
    if "booking" in f:
        text = " ".join(s for s in facts.sentences if _HOLD_WORDS.search(s))
        if not _HOLD_TIME.search(text):
            out.append(Question(
                "How long may a seat, slot or item be held before the purchase must complete?",
                "The hold time sets how long contended items are unavailable to others and how "
                "often the expiry job runs.",
                "Holds last 10 minutes and are released automatically.",
                ["5 minutes", "10 minutes", "Until the end of the session"],
                ["Consistency for contended items"],
            ))
    if ("payments" in f or "subscriptions" in f) and not _PROVIDERS.search(facts.text):
        out.append(Question(
            "Which payment provider and payment methods should be supported?",
            "The provider decides the checkout flow, webhook events, fees and PCI scope.",
            "A hosted-checkout provider such as Stripe; cards and wallets; one currency.",
            ["Stripe", "Adyen", "PayPal"],
            ["Payments"],
        ))
    if facts.recorded_payments:
        out.append(Question(
            "Should the system take payments itself (cards, online), or only record payments "
            "made elsewhere?",
            "Taking payments adds a payment provider, its webhooks and PCI scope; recording "
            "them needs only a payments table.",
            "Payments are made elsewhere (cash, bank transfer, a card terminal) and recorded "
            "here; no payment provider.",
            ["Record payments only", "Take card payments online"],
            [],
        ))
    if "multitenancy" not in f and _B2B.search(facts.text):
        out.append(Question(
            "Does each customer organisation need its own isolated space (multi-tenancy)?",
            "Tenancy adds a tenant key and isolation policy to every table; adding it later "
            "means migrating all data.",
            "One organisation uses the system; no tenant isolation.",
            ["Single organisation", "Many organisations, shared tables", "Database per tenant"],
            ["Tenant isolation", "Data protection"],
        ))
    if not facts.compliance and _personal(facts):
        out.append(Question(
            "Which data-protection rules apply (GDPR, HIPAA, local law), and where must data live?",
            "Regulation sets encryption, retention, erasure and hosting region requirements.",
            "GDPR-style protection: minimal personal data, export and erasure on request, "
            "hosting in one region.",
            ["GDPR", "HIPAA", "No specific regulation"],
            ["Data protection"],
        ))
    if ({"timeseries", "events", "audit"} & f) and "retention_days" not in n:
        out.append(Question(
            "How long must raw readings, events or logs be kept?",
            "Retention sets storage growth, partition sizes and cost.",
            "Raw data for 90 days, hourly rollups for 2 years.",
            ["30 days", "90 days", "1 year", "7 years"],
            ["Time-series storage and retention"],
        ))
    if "availability" not in n:
        out.append(Question(
            "What availability is expected, and can the service be down for maintenance?",
            "Availability decides multi-zone databases, failover and on-call.",
            "99.9% monthly (about 45 minutes of downtime), maintenance in quiet hours.",
            ["99%", "99.9%", "99.99%"],
            ["Availability and recovery"],
        ))
    if "rag" in f:
        out.append(Question(
            "Which documents may each user see, and how fresh must answers be after an edit?",
            "Permissions must be applied at retrieval time; freshness sets the ingestion design.",
            "Users only get answers from documents they can open; edits are indexed within "
            "minutes.",
            [],
            ["Retrieval for grounded answers"],
        ))
    if "notifications" in f and not _CHANNELS.search(facts.text):
        out.append(Question(
            "Which channels should notifications use (email, SMS, push)?",
            "Each channel adds a provider, costs and opt-out handling.",
            "Email first; SMS only for time-critical messages.",
            ["Email", "SMS", "Push"],
            ["Notifications"],
        ))
    if not facts.languages and "team_size" not in n:
        out.append(Question(
            "What size is the team and which languages does it know?",
            "Team size and skills set how many deployables are sensible and the language.",
            "A team of 2-5 developers comfortable with Python.",
            ["Python", "TypeScript", "Java/Kotlin", "Go"],
            ["Architecture style"],
        ))
    return out


def _personal(facts: BriefFacts) -> bool:
    return facts.accounts or any(e.person for e in facts.entities)


def merge_questions(builtin: list[Question], from_rules: list[QuestionDraft]) -> list[Question]:
    """Return up to five questions: the scale question first, then the skills', then the rest."""
    ruled = [Question(q.question.question, q.question.why_it_matters, q.question.assumption,
                      list(q.question.options), [q.affects_title] if q.affects_title else [])
             for q in from_rules]
    head = builtin[:1] if builtin and builtin[0].question.startswith("How many users") else []
    rest = builtin[len(head):]
    merged: list[Question] = []
    for q in head + ruled + rest:
        if all(_norm(q.question) != _norm(m.question) for m in merged):
            merged.append(q)
    return merged


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
