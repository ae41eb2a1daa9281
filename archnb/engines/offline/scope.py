"""What a brief leaves out: an "Out of scope" or "Non-goals" section, "Out of scope: X, Y",
"no payments for now", "we don't need fancy maps".

The reader drops those words before it reads anything else, so what the brief rules out brings
no table, no feature and no requirement, and the plan lists it among its assumptions instead.
Later phases ("phase 2", "in v2") are not dropped: an architect still designs for them. A line
labelled "Later:" is, like "Not now:": it lists what this build leaves out.
"""

from __future__ import annotations

import re

# A heading that opens a section of things left out: "## Out of scope (for now)",
# "**Non-goals (v1)**", "6. Out of scope", "Not in scope:", a MoSCoW list's "WON'T (this phase)".
_SECTION = re.compile(
    r"^(?:#+\s*)?(?:\*\*)?\s*(?:\d+[.)]\s*)?(?:out\s+of\s+scope|not\s+in\s+scope|non[- ]?goals?|"
    r"not\s+(?:needed|required|wanted|now|yet|(?:for|in)\s+v1|(?:for|in)\s+(?:the\s+)?mvp)|"
    r"exclusions|excluded|what\s+(?:we\s+are|we're)\s+not\s+(?:building|doing)|"
    r"not\s+in\s+(?:this|the\s+(?:first|current))\s+(?:phase|release|version|iteration)|"
    r"(?:later|future)\s+phases?|won['’]?t(?:\s+have)?|will\s+not\s+have)\b"
    r"[^:.!?]{0,25}?(?:\*\*)?\s*:?\s*(?:\*\*)?$",
    re.IGNORECASE,
)
# The same words as a label before the list: "Out of scope: exam timetabling and payroll.",
# "NOT: timesheets / payroll (they use Sage)", "Won't: a mobile app".
_LABEL = re.compile(
    r"^(?:(?:the\s+)?things\s+(?:that\s+are|which\s+are)\s+)?(?:\*\*)?(?:out\s+of\s+scope|not\s+in\s+scope|"
    r"non[- ]?goals?|not\s+(?:needed|required|wanted)|"
    r"(?:things\s+)?(?:i|we)\s+\*?(?:don't|don’t|do\s+not)\*?\s+(?:need|want)(?!\s+to\b)|"
    # "Things the chair said she does **not** want from version one:"
    r"things\s+(?:[\w'’]+\s+){1,5}?(?:does|do|did)\s+\*{0,2}not\*{0,2}\s+(?:want|need)|"
    # "Things I'm explicitly not doing:", "Not building:", "We are deliberately not covering:"
    r"(?:things\s+)?(?:(?:i['’]m|i\s+am|we['’]re|we\s+are)\s+)?(?:explicitly\s+|deliberately\s+|definitely\s+)?"
    r"not\s+(?:doing|building|covering|including|handling)|"
    r"(?:i'm\s+|i\s+am\s+|we're\s+|we\s+are\s+)?not\s+(?:bothered|fussed|worried)\s+(?:about|with)|"
    r"not(?=\s*(?:\([^()]{0,30}\)\s*)?:)|later(?=\s*(?:\([^()]{0,30}\)\s*)?:)|won['’]?t(?:\s+have)?|not\s+(?:now|yet|this\s+(?:year|term|season|time|round|release|phase|"
    r"version))|(?:maybe|perhaps|possibly)\s+(?:later|next\s+year|one\s+day|some\s*day|in\s+(?:the\s+)?future))"
    r"\b[^:.!?]{0,25}?:(?:\*\*)?\s*"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# A line that starts the next section: a Markdown or bold heading, or a short "Label:" line.
_HEADING = re.compile(r"^(?:#+\s|\*\*[^*]+\*\*:?$)|^[A-Z][^.!?;,]{0,40}:$")

# Words ruled out inside a sentence that is otherwise in scope. Each pattern matches the clause
# to drop; a clause ends at punctuation or at "but".
_CLAUSE = r"[^,.;:!?()]"
_LIST_ITEM = r"(?:[\w'’/-]+\s+){0,3}[\w'’/-]+"  # one item of a list: four words at most
_RULED_OUT = re.compile(
    # "no payments for now", "no online booking needed", "no mobile app in v1"
    r"\bno\s+(?:" + _CLAUSE + r"{1,40}?)\s+(?:for\s+now|yet|needed|required|in\s+v1|"
    r"(?:in|through|via)\s+(?:the|this|our)\s+(?:app|system|platform|tool|portal|site)|"
    r"at\s+(?:first|launch)|initially|in\s+the\s+(?:first\s+(?:version|release)|mvp)|"
    r"in\s+this\s+(?:round|phase|release|version|iteration))\b"
    # "we don't need fancy maps", "I won't need a pedigree database"
    r"|(?:\b(?:we|i)\s+|^)(?:do\s+not|don't|don’t|will\s+not|won't|won’t)\s+(?:really\s+)?(?:need|do|store|save|sell|"
    r"stock|offer|handle|ship|deliver|issue)\s+"
    r"(?!to\b)" + _CLAUSE + r"+?(?=\s+but\b|[,.;:!?()]|$)"
    # "Payment I'll keep doing through my own invoicing": it stays the writer's own business
    r"|^[^.;:!?]{0,80}?\b(?:i'll|i’ll|i\s+will|we'll|we’ll|we\s+will)\s+keep\s+doing\s+(?:it\s+|that\s+|them\s+)?"
    r"(?:through|in|with|by|on)\s+[^.;!?]*"
    # "Not bothered about online booking or a delivery van"
    r"|\bnot\s+(?:bothered|fussed|worried)\s+(?:about|with)\s+" + _CLAUSE + r"+?(?=\s+but\b|[,.;:!?()]|$)"
    # "You do not need to handle payments", "we won't need to model refunds"
    r"|(?:\b(?:we|i|you)\s+|^)(?:do\s+not|don't|don’t|will\s+not|won't|won’t)\s+(?:need|have)\s+to\s+"
    r"(?:handle|take|process|support|build|model|design|cover|deal\s+with|worry\s+about)\s+"
    # and the rest of a list: "payments, bank details or membership subscriptions"
    + _CLAUSE + r"+?(?:(?:,\s+" + _LIST_ITEM + r")*,?\s+(?:or|and)\s+" + _LIST_ITEM + r"(?=[.;:!?()]|$))?"
    r"(?=\s+but\b|[,.;:!?()]|$)"
    # "It must not store prescriptions, doses or dispensing", "the system does not need to handle
    # inbound messages": what the product itself is told to leave alone
    r"|(?:\b(?:it|the\s+(?:new\s+)?(?:system|app|platform|tool|product|service|backend|database))\s+|(?<=\bbut\s))"
    r"(?:must\s+not|mustn['’]t|should\s+not|shouldn['’]t|does\s+not|doesn['’]t|will\s+not|won['’]t|need\s+not)\s+"
    r"(?:need\s+to\s+)?(?:store|hold|keep|record|handle|track|manage|process|cover|include|model)\s+"
    r"(?!to\b)[^.;:!?()]+?(?=\s+but\b|[.;:!?()]|$)"
    # "do NOT create work orders here": another system makes them
    r"|(?:\b(?:we|i|you)\s+|^|(?<=[,;:]\s))(?:do\s+not|don['’]t|never)\s+(?:create|raise|make|log|record|store|"
    r"keep|issue|track|manage|hold)\s+" + _CLAUSE + r"{1,40}?\s+(?:here|in\s+(?:this|the|our)\s+"
    r"(?:app|system|platform|tool|portal))\b"
    # "maybe next year when we start local deliveries", "perhaps one day a member app": not this build
    r"|\b(?:maybe|perhaps|possibly)\s+(?:next\s+(?:year|season|spring|summer|autumn|winter|term)|"
    r"later(?!\s+(?:that|the\s+same))|"
    r"one\s+day|some\s*day|eventually|in\s+(?:the\s+)?future|down\s+the\s+(?:line|road))\b" + _CLAUSE + r"*"
    # "maybe GoCardless for direct debits next year": something for a later year, named on the way
    r"|\b(?:maybe|perhaps|possibly)\s+" + _CLAUSE + r"{1,60}?\s+next\s+(?:year|season|spring|summer|autumn|winter|term)\b"
    # "so forget tourers", "forget about loyalty cards": the writer drops it
    r"|(?:^|(?<=\bso\s)|(?<=[,;]\s))forget\s+(?:about\s+)?" + _CLAUSE + r"+?(?=\s+but\b|[,.;:!?()]|$)"
    # "the payments of customers stay in Lightspeed, not in this system": kept by another system
    r"|(?<![\w'’])(?:(?!but\b)\w[\w'’/-]*\s+){1,6}?(?:stays?|remains?|lives?|happens?)\s+(?:in|on|with|through)\s+"
    r"[\w.-]+(?:\s+[\w.-]+)?,?\s+not\s+(?:in|on|through)\s+(?:this|the|our|your)\s+(?:new\s+)?"
    r"(?:system|app|platform|tool|software|product)\b"
    # "Billing by contact tier is owned by the billing team's service, out of scope here"
    r"|^[^.;:!?]{0,120}?,\s*(?:out\s+of\s+scope|not\s+in\s+scope)(?:\s+(?:here|for\s+now|for\s+us))?(?=\s*[.;!]|\s*$)"
    # "Automations (welcome series, drips) are phase 2, don't model yet"
    r"|^[^.;:!?]{0,120}?\b(?:is|are)\s+(?:phase\s+(?:2|two|3|three)|v2|for\s+later|later)\s*[,;-]+\s*(?:so\s+)?"
    r"(?:don't|don’t|do\s+not|no\s+need\s+to)\s+(?:model|design|build)\b[^.;!?]*"
    # "tickets are sold through TicketSource so not touching that"
    r"|^[^.;:!?]{0,120}?\b(?:so\s+)?(?:we're\s+|we\s+are\s+|i'm\s+|i\s+am\s+)?not\s+touching\s+(?:that|it|them|this)\b"
    # "but we are not touching the clubs' own membership lists, subs or payments"
    r"|\b(?:we['’]re|we\s+are|i['’]m|i\s+am|we['’]ll|we\s+will)\s+not\s+touching\s+(?!(?:that|it|them|this)\b)"
    r"(?:(?!\bbut\b)[^.;:!?()])+"
    # "we don't want ordering or payment in the app"
    r"|(?:\b(?:we|i)\s+|^)(?:do\s+not|don't|don’t)\s+want\s+(?!to\b)" + _CLAUSE + r"{1,40}?\s+in\s+(?:the|this|our)\s+"
    r"(?:app|system|platform|tool|portal)\b"
    # "we don't take card payments"
    r"|(?:\b(?:we|i)\s+|^)(?:do\s+not|don't|don’t|will\s+not|won't|won’t|never)\s+(?:take|accept|process|handle|make)\s+"
    r"(?:any\s+)?(?:card\s+|online\s+|credit\s+card\s+)?payments?\b"
    r"(?:\s+(?:from|in|through|via|with)\s+(?:this|the|our)\s+(?:system|app|platform|tool|portal|site)\b)?"
    # "you can ignore Content ID claims", "ignore refunds for now"
    r"|\b(?:(?:you|we)\s+(?:can|may|could)\s+(?:safely\s+)?ignore|ignore)\s+" + _CLAUSE + r"+?(?=\s+but\b|[,.;:!?()]|$)"
    # "but subs and the annual show are handled on paper by the treasurer and should stay out of
    # it", "Payroll should be kept out of the system": the clause, from its start or its "but"
    r"|(?:(?<=\bbut\s)|^)(?:(?!\bbut\b)[^.;:!?]){0,160}?\b(?:should|must|can|will|is\s+to|are\s+to)\s+"
    r"(?:stay|be\s+kept|remain|be\s+left)\s+out\s+of\s+(?:it|this|that|scope|(?:the|this|our)\s+"
    r"(?:system|app|site|tool|platform|project|database|build))\b"
    # "search is out of scope", "card payments are not needed for now"
    r"|(?<![\w'’])(?:(?!but\b)\w[\w'’/-]*\s+){1,5}?(?:is|are|stays?|remains?)\s+(?:out\s+of\s+scope|not\s+in\s+scope|excluded|"
    r"not\s+(?:needed|required)(?:\s+(?:yet|for\s+now|in\s+v1))?|"
    r"not\s+part\s+of\s+(?:this|the)\s+(?:procurement|project|scope|tender|contract|release|phase|mvp|v1|"
    r"system|app|platform|product|tool|build))\b"
    # "Payment and invoicing we make in other system (SAP), it is not needed here": done elsewhere
    r"|^[^.;:!?]{0,80}?\b(?:we|they|i)\s+(?:do|make|handle|keep|run|manage|process)\s+(?:it\s+|them\s+|this\s+)?"
    r"(?:in|on|with|through)\s+(?:an?\s+)?(?:other|another|separate|different|existing)\s+"
    r"(?:system|tool|software|app|platform)\b[^.;!?]*"
    # "Questions and answers stay in the LMS", "marketing messaging stays in Braze", "payment
    # runs stay in the customer's ERP": kept by another system. Not "data stays in the EU".
    r"|(?<![\w'’])(?:(?!but\b|data\b|which\b)\w[\w'’/-]*\s+){1,5}?(?:stays?|remains?|lives?)\s+(?:in|on)\s+"
    r"(?:the\s+|our\s+|their\s+|its\s+|the\s+\w+(?:'s|’s)\s+)?(?:(?:existing|current|legacy|old|other|"
    r"external|separate)\s+[\w-]+(?:\s+(?!and\b)[\w-]+)?|(?-i:(?:LMS|ERP|CRM|HRIS|ATS|PMS|EHR|EMR|POS|SIS|"
    r"QuickBooks|Xero|Sage|Braze|Salesforce|HubSpot|SAP|Moodle|Canvas|Slack|Jira|Zendesk|Shopify)\b))"
    # "AML/KYC stays in SmartSearch": another product's CamelCase name (what "lives in" a
    # CamelCase name may live in the product itself)
    r"|(?<![\w'’])(?:(?!but\b|data\b|which\b)\w[\w'’/-]*\s+){1,5}?(?:stays?|remains?)\s+(?:in|on)\s+"
    r"(?-i:[A-Z][a-z]+[A-Z][A-Za-z]+)\b",
    re.IGNORECASE,
)
# A word that every pattern of _RULED_OUT needs. Most sentences have none, and this search is
# cheaper than that one: it keeps the scope pass to a fraction of its cost on a long brief.
_MAY_RULE_OUT = re.compile(r"\b(?:no|not|never|keep|maybe|perhaps|possibly|forget|ignore|out|excluded|other|"
                           r"another|separate|different|existing|stays?|remains?|lives?|happens?)\b|n['’]t\b",
                           re.IGNORECASE)
_NO_WORDS = re.compile(r"^[\W\d_]*$")
# A whole line ruled out: "kit shop (gi, gloves) - NO", "wholesale - completely separate, out",
# "loyalty points - Charlotte keeps asking, but NOT in phase 1", "no live streaming, no video uploads",
# "do it in person, not in system". Not a rule about the records ("no double bookings",
# "no more than 4 players", "no-shows are charged").
_ITEM_SAYS_NO = re.compile(
    r"^(?P<what>[^.:!?]{2,80}?)\s*(?:\s[-–—]|:)\s*(?:(?:completely\s+|totally\s+)?separate,?\s*)?"
    r"(?:no|not\s+now|not\s+needed|none|out|not\s+ours|(?:[^.:!?]{0,60}\s)?not\s+(?:in|for)\s+"
    r"(?:phase\s+(?:1|one)|v1|the\s+first\s+(?:version|release|phase)|(?:the\s+)?mvp))\s*[.!]*$"
    r"|^(?P<nos>no\s+[^.;:!?]{2,80}?)(?:\s*:\s*(?:that|this|it|they|those)\s[^.]*)?[.!]?$"
    r"|^(?P<elsewhere>.{0,80}\bnot\s+in\s+(?:the\s+)?system|.{0,80}\boutside\s+(?:the\s+)?system)"
    r"[.!]?$",
    re.IGNORECASE,
)
_RULE_WORDS = re.compile(r"\b(?:double|twice|over\w*|more|less|fewer|than|same|duplicate\w*|"
                         r"negative|after|before|until|without|is|are|be|can|must|should|will|may|"
                         r"allowed|charged|shows?|overlap\w*|longer|later|delet\w*|edit\w*|"
                         r"chang\w*|overrid\w*|exceptions?|gaps?)\b|-", re.IGNORECASE)


_STRESSED_NO = re.compile(r"(\*\*|__|\*|_)(not|never|no|don't|won't)\1", re.IGNORECASE)


def leave_out(items: list[tuple[str, bool]]) -> tuple[list[tuple[str, bool]], list[str]]:
    """Return the brief's items without what it puts out of scope, and what was left out (in
    the brief's words, in order)."""
    kept: list[tuple[str, bool]] = []
    left: list[str] = []
    in_section = False
    section_bullets: bool | None = None
    for at, (text, bullet) in enumerate(items):
        text = _STRESSED_NO.sub(r"\2", text)  # "you do **not** need to": a "not" in bold is still a "not"
        next_bullet = at + 1 < len(items) and items[at + 1][1]
        if _SECTION.match(text):
            in_section, section_bullets = True, None
            continue
        if in_section:
            # The section runs to the next heading; a list ends at the first plain paragraph
            # (a sentence between two items is the end of the first item's line).
            ends = _HEADING.match(text) or (section_bullets and not bullet and not next_bullet)
            if not ends:
                if section_bullets is None:
                    section_bullets = bullet
                left.append(_phrase(text))
                continue
            in_section = False
        label = _LABEL.match(text)
        if label:
            left.append(_phrase(label.group("rest")))
            continue
        says_no = _ITEM_SAYS_NO.match(text)
        if says_no and not (says_no.group("nos") and (_RULE_WORDS.search(re.sub(r"\s[-–—]\s", " ", says_no.group("nos")))
                                                      or len(text.split()) > 10)):
            left.append(_phrase(says_no.group("what") or says_no.group("nos")
                                or says_no.group("elsewhere")))
            continue
        text, dropped = _drop_clauses(text)
        left += dropped
        if not _NO_WORDS.match(text):
            kept.append((text, bullet))
    return kept, [p for p in left if p]


def _drop_clauses(text: str) -> tuple[str, list[str]]:
    dropped: list[str] = []
    first = _RULED_OUT.search(text) if _MAY_RULE_OUT.search(text) else None
    if not first:
        return text, dropped
    if first.start() == 0 and re.match(r"\s*(?::|[–—]|-\s)", text[first.end():]):
        # "Payments stay out of scope: the terminals talk to Adyen directly", "Billing is out of
        # scope – a separate service with Stripe handles it": what follows the colon or the dash
        # says how it is handled elsewhere, so it is left out with it.
        return "", [_phrase(first.group(0))]

    def cut(match: re.Match[str]) -> str:
        dropped.append(_phrase(match.group(0)))
        return ""

    text = _RULED_OUT.sub(cut, text)
    text = re.sub(r"\(\s*[,;]?\s*\)|\(\s*[,;]\s*", lambda m: "" if m.group(0).endswith(")") else "(",
                  text)
    text = re.sub(r"(?:\s*,)+\s*(?=,)", "", text)  # "QuickBooks, no X for now, we re-key"
    text = re.sub(r"\s*[,;]?\s*\bbut\s*(?=[.!?]*$)", "", text)  # "we log faults, but <dropped>."
    text = re.sub(r"\s*,\s*(?=[).;:!?]|$)|\s+(?=[,.;:!?)])", "", text)
    text = re.sub(r"^\s*(?:(?:,|;|:|and\b|but\b)\s*)+", "", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    return text, dropped


def _phrase(text: str) -> str:
    """The words as they stand in a list: no Markdown, no closing full stop."""
    text = re.sub(r"\*\*|__|`", "", text)
    return " ".join(text.split()).strip(" .;:,-")
