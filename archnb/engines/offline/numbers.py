"""Scale numbers, targets and constraints from a brief: "50k concurrent fans", "p95 200 ms"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archnb.engines.offline.features import compile_hinted
from archnb.engines.offline.lexicon import TIME_SPANS, words

_SPELLED = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "a hundred": "100",
    "a thousand": "1000", "a million": "1 million", "a dozen": "12", "a couple of": "2",
}
_SPELLED_RE = compile_hinted(r"\b(" + "|".join(sorted(_SPELLED, key=len, reverse=True)) + r")\b")
_HAS_DIGIT = re.compile(r"\d")
_NUM = (
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<mult>k\b|thousand\b|m\b|mn\b|million\b|mil\b|b\b|bn\b|billion\b)?"
)
_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "mil": 1e6,
         "b": 1e9, "bn": 1e9, "billion": 1e9}
_PER_SECONDS = {"second": 1, "sec": 1, "s": 1, "minute": 60, "min": 60, "hour": 3600,
                "hr": 3600, "h": 3600, "day": 86400, "week": 604800, "month": 2_592_000,
                "year": 31_536_000, "yr": 31_536_000}  # a month is 30 days, a year 365
_PER = (r"\s*(?:per|a|an|/|each|every)\s*"
        r"(?P<per>second|sec|s|minute|min|hour|hr|h|day|week|month|year|yr)\b")
_GAP = r"(?:[\w-]+\s+){0,3}?"


def _rx(pattern: str) -> re.Pattern[str]:
    # The hint of first characters makes most patterns ~30% faster on long briefs.
    return compile_hinted(pattern, re.IGNORECASE)


_REQUEST_WORDS = (
    r"(?:api\s+)?(?:requests?|reqs?|queries|calls|hits|page\s*views?|lookups?|reads?|redirects?|"
    r"clicks?|visits?|searches|checkouts?)"
)
_EVENT_WORDS = (
    r"(?:events?|messages?|readings?|measurements?|data\s*points?|writes?|updates?|samples?|"
    r"signals?|pings?|heartbeats?|log\s*lines?|logs?|metrics|records|rows|transactions?|orders?|"
    r"bookings?|payments?|notifications?|emails?|uploads?|tickets?|trades?|bids?|posts?|"
    r"location\s+updates?|gps\s+(?:updates?|points?|fixes?)|documents?|files?|images?|videos?)"
)
_RPS = [
    _rx(_NUM + r"\s*(?:rps|qps|tps|req/s|requests/s|r/s)\b"),
    _rx(_NUM + r"\s*" + _GAP + _REQUEST_WORDS + _PER),
]
_EVENTS = _rx(_NUM + r"\s*" + _GAP + _EVENT_WORDS + _PER)
_RATE = _rx(_NUM + r"\s+(?:[a-z-]+\s+)?(?P<noun>[a-z][a-z-]+s)" + _PER)
_MONEY_NOUNS = words("euros dollars pounds usd eur gbp cents francs yen")
_INTERVAL = _rx(r"(?:send|sends|sending|report|reports|reporting|emit|emits|publish|publishes|"
                r"transmit|transmits|push|pushes|post|posts|share|shares|upload|uploads|ping|pings|"
                r"update|updates)\b[^.;]{0,80}?\bevery\s+(?:(?P<num>\d+(?:\.\d+)?)\s*)?"
                r"(?P<unit>seconds?|secs?|s|minutes?|mins?|hours?|hrs?)\b")
_CONCURRENT = [
    _rx(_NUM + r"\s+(?:concurrent|simultaneous|parallel)\s+[\w-]+"),
    _rx(_NUM + r"\s+(?:[\w-]+\s+){0,2}?(?:at\s+once|at\s+the\s+same\s+time|simultaneously|"
        r"concurrently|online\s+at\s+(?:once|the\s+same\s+time)|connected\s+at\s+(?:once|peak))"),
    _rx(r"(?:concurrent|simultaneous)\s+(?:users|connections|sessions|viewers|visitors|fans|"
        r"players|clients)\W+(?:of\s+|is\s+|are\s+|around\s+|about\s+|up\s+to\s+){0,2}" + _NUM),
]
_DAU = _rx(_NUM + r"\s*(?:daily\s+active\s+users|dau\b|daily\s+users|(?:active\s+)?users\s+"
           r"(?:per|a|each|every)\s+day|visitors\s+(?:per|a|each)\s+day)")
# People and the accounts they hold; counted places or things ("12 stores") are not users.
_PEOPLE = (
    r"(?P<who>users|customers|members|students|patients|accounts|subscribers|players|learners|"
    r"employees|clients|visitors|shoppers|fans|tenants|organi[sz]ations|companies|drivers|"
    r"couriers|riders|buyers|sellers|merchants|guests|attendees|teachers|doctors|vets|agents|"
    r"owners|readers|borrowers|listeners|viewers|creators|workspaces|teams)"
)
_USERS = _rx(_NUM + r"\s+(?:registered\s+|active\s+|monthly\s+active\s+|total\s+|paying\s+|"
             r"signed-up\s+|existing\s+|[\w-]+\s+)?" + _PEOPLE + r"\b")
# "20,000 drivers online at peak": people connected at the same moment
_ONLINE = _rx(_NUM + r"\s+(?:[\w-]+\s+)?" + _PEOPLE + r"\s+(?:online|connected|logged\s+in|signed\s+in)\b")
_COUNT = _rx(_NUM + r"\s+(?:[a-z-]+\s+)?(?P<noun>[a-z][a-z-]+s)\b")
# Spans of time: "15 seconds to accept" is a wait, not 15 records of anything.
_TIME_NOUNS = TIME_SPANS | words("nights weekends mins secs hrs ms")
_DEVICES = _rx(_NUM + r"\s+(?:[\w-]+\s+){0,2}?(?P<dev>devices|sensors|meters|vehicles|trucks|"
               r"machines|cameras|trackers|thermostats|gateways|drones|scooters|bikes|cars|"
               r"robots|wearables|turbines|pumps|assets|beacons)\b")
_EVERY = _rx(r"every\s+(?:(?P<num>\d+(?:\.\d+)?)\s*)?(?P<unit>seconds?|secs?|s|minutes?|mins?|"
             r"hours?|hrs?)\b")
_STORAGE = _rx(_NUM + r"\s*(?P<unit>pb|tb|gb|mb|petabytes?|terabytes?|gigabytes?|megabytes?)\b"
               r"(?:\s*(?:of\s+[\w-]+\s+)?(?:per|a|each|every|/)\s*(?P<per>day|week|month|year))?")
_ROWS = _rx(_NUM + r"\s+(?:[\w-]+\s+)?(?:rows|records|entries)\b")
_LATENCY_MS = _rx(r"(?P<pct>p\s?(?:50|75|90|95|99(?:\.9)?))?\W{0,3}(?:[\w-]+\s+){0,6}?"
                  r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|milliseconds?)\b")
_LATENCY_S = _rx(r"(?:latency|respond\w*|response\s+times?|load\w*|answers?|results?|"
                 r"within|under|below|less\s+than)\W+(?:[\w-]+\s+){0,4}?"
                 r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>seconds?|secs?|s)\b")
_PERCENTILE = _rx(r"\bp\s?(50|75|90|95|99(?:\.9)?)\b|(50|75|90|95|99)(?:th)?\s*percentile")
_AVAILABILITY = [
    _rx(r"(?P<num>9\d(?:\.\d+)?)\s*%\s*(?:uptime|availability|available|sla|of\s+the\s+time)"),
    _rx(r"(?:uptime|availability|available|sla)\W+(?:[\w-]+\s+){0,4}?(?P<num>9\d(?:\.\d+)?)\s*%"),
]
_NINES = _rx(r"\b(two|three|four|five|2|3|4|5)\s+nines\b")
_RETENTION = _rx(r"(?:keep|kept|retain\w*|retention|stor\w+|archiv\w+|histor\w+|"
                 r"(?:delet|purg|remov|anonymi[sz]|eras)\w*\s+(?:[\w-]+\s+){0,4}?after|"
                 r"preserv\w+|hold\s+on\s+to)\W+(?:[\w-]+\W+){0,6}?"
                 + _NUM + r"\s*(?P<unit>days?|weeks?|months?|years?)\b")
_TEAM = [
    _rx(r"team\s+of\s+(?:only\s+|just\s+|about\s+)?(?P<num>\d+)"),
    _rx(r"(?P<num>\d+)[\s-]*(?:person|people|developer|engineer|dev)\s+team"),
    _rx(r"(?P<num>\d+)\s+(?:[\w-]+\s+)?(?:developers|engineers|devs|programmers)\b"),
    _rx(r"team\s+(?:is|are|has|consists\s+of|of)\s+(?:only\s+|just\s+|about\s+)?(?P<num>\d+)\s+"
        r"(?:people|persons|developers|engineers|devs|members)\b"),
]
_MONEY = _rx(r"(?P<cur>\$|us\$|usd\s*|€|eur\s*|£|gbp\s*)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|"
             r"\d+(?:\.\d+)?)\s*(?P<mult>k\b|thousand\b|m\b|million\b)?")
_MONEY_AFTER = _rx(_NUM + r"\s*(?:usd|dollars|euros?|eur|gbp|pounds)\b")
_REGIONS = _rx(_NUM + r"\s+(?:[\w-]+\s+)?regions\b")
_NAMED_REGIONS = {
    "eu": r"\bEU\b|(?i:\beurope(?:an)?\b)",
    "us": r"\bU\.?S\.?A?\b|(?i:\bunited states\b|\bnorth america\b)",
    "asia": r"\bAPAC\b|(?i:\basia\b|\basia-pacific\b|\bjapan\b|\bsingapore\b|\bindia\b)",
    "latam": r"\bLATAM\b|(?i:\blatin america\b|\bsouth america\b|\bbrazil\b)",
    "uk": r"\bUK\b|(?i:\bunited kingdom\b|\bbritain\b)",
    "africa": r"(?i:\bafrica\b)",
    "oceania": r"(?i:\baustralia\b|\boceania\b|\bnew zealand\b)",
}
_NAMED_REGION_RE = {k: compile_hinted(v) for k, v in _NAMED_REGIONS.items()}
_PEAK = _rx(r"\b(?:peak|peaks|spike|spikes|burst|bursts|busiest|rush|at most|up to|maximum)\b")


@dataclass
class NumberFact:
    """One figure read from the brief, or derived from other figures."""

    key: str
    value: float
    unit: str
    source: str  # the words it was read from, or the formula it was derived by
    sentence: int = -1  # index of the sentence, -1 for derived figures
    derived: bool = False
    count: float = 0.0  # for a rate stated per period ("2,000 per hour"): the 2,000 ...
    period_seconds: float = 0.0  # ... and the period in seconds (3,600); 0 when per second


def to_number(num: str, mult: str | None) -> float:
    """Return the value of "50,000" or "1.5" with an optional k/M/B multiplier."""
    value = float(num.replace(",", ""))
    return value * _MULT.get((mult or "").lower(), 1.0)


def spell_out(text: str) -> str:
    """Return `text` with small spelled-out numbers as digits, for number patterns."""
    return _SPELLED_RE.sub(lambda m: _SPELLED[m.group(1)], text)


def read_numbers(sentences: list[str]) -> list[NumberFact]:
    """Return every figure the sentences state, in order of appearance."""
    facts: list[NumberFact] = []
    for index, sentence in enumerate(sentences):
        text = spell_out(sentence.lower())
        if _HAS_DIGIT.search(text):  # every figure has a digit once words are spelled out
            facts.extend(_sentence_numbers(text, index))
    return facts


def _sentence_numbers(text: str, index: int) -> list[NumberFact]:
    found: list[NumberFact] = []
    used: list[tuple[int, int]] = []

    def add(key: str, value: float, unit: str, match: re.Match[str], per: float = 1) -> None:
        count, period = (to_number(match.group("num"), match.group("mult")), per) if per > 1 else (0.0, 0.0)
        found.append(NumberFact(key, value, unit, match.group(0).strip(" .,;:"), index, False,
                                count, period))
        used.append(match.span())

    def free(match: re.Match[str]) -> bool:
        a, b = match.span("num") if "num" in match.re.groupindex else match.span()
        return not any(a < y and x < b for x, y in used)

    peak = bool(_PEAK.search(text))
    for rx in _RPS:
        for m in rx.finditer(text):
            if free(m):
                per = _PER_SECONDS.get((m.groupdict().get("per") or "second").lower(), 1)
                value = to_number(m.group("num"), m.group("mult")) / per
                add("rps" if per == 1 or peak else "rps_average", value, "req/s", m, per)
    for m in _EVENTS.finditer(text):
        if free(m):
            per = _PER_SECONDS[m.group("per").lower()]
            add("events_per_second", to_number(m.group("num"), m.group("mult")) / per, "events/s", m, per)
    for rx in _CONCURRENT:
        for m in rx.finditer(text):
            if free(m):
                add("concurrent_users", to_number(m.group("num"), m.group("mult")), "users", m)
    for m in _ONLINE.finditer(text):
        if free(m):
            add("concurrent_users", to_number(m.group("num"), m.group("mult")), m.group("who"), m)
    for m in _DAU.finditer(text):
        if free(m):
            add("daily_active_users", to_number(m.group("num"), m.group("mult")), "users", m)
    _devices(text, add, free)
    _sizes(text, add, free)
    _targets(text, add, free)
    _constraints(text, add, free)
    for m in _RATE.finditer(text):
        if free(m) and not m.group("noun").endswith(("ss", "us")) and m.group("noun") not in _MONEY_NOUNS:
            per = _PER_SECONDS[m.group("per").lower()]
            add("rate:" + m.group("noun"), to_number(m.group("num"), m.group("mult")) / per, "per s", m, per)
    for m in _INTERVAL.finditer(text):
        if free(m):
            add("interval_seconds", float(m.group("num") or 1) * _unit_seconds(m.group("unit")), "s", m)
    for m in _USERS.finditer(text):
        if free(m):
            add("users", to_number(m.group("num"), m.group("mult")), m.group("who"), m)
    for m in _COUNT.finditer(text):
        if free(m) and not m.group("noun").endswith(("ss", "us")) and m.group("noun") not in _TIME_NOUNS:
            add("count:" + m.group("noun"), to_number(m.group("num"), m.group("mult")), "items", m)
    return found


def _devices(text: str, add, free) -> None:
    for m in _DEVICES.finditer(text):
        if not free(m):
            continue
        count = to_number(m.group("num"), m.group("mult"))
        add("devices", count, m.group("dev"), m)
        every = _EVERY.search(text, m.end())
        if every:
            seconds = float(every.group("num") or 1) * _unit_seconds(every.group("unit"))
            if seconds > 0:
                add("interval_seconds", seconds, "s", every)
                found_rate = count / seconds
                add("events_per_second", found_rate, "events/s", m)


def _unit_seconds(unit: str) -> float:
    unit = unit.lower()
    if unit.startswith(("h",)):
        return 3600.0
    if unit.startswith("m"):
        return 60.0
    return 1.0


def _sizes(text: str, add, free) -> None:
    for m in _STORAGE.finditer(text):
        if not free(m):
            continue
        value = to_number(m.group("num"), m.group("mult"))
        unit = m.group("unit").lower()[0]
        gb = value * {"p": 1e6, "t": 1e3, "g": 1.0, "m": 1e-3}[unit]
        per = (m.group("per") or "").lower()
        if per:
            month = {"day": 30.0, "week": 30 / 7, "month": 1.0, "year": 1 / 12}[per]
            add("storage_gb_per_month", gb * month, "GB/month", m)
        else:
            add("storage_gb", gb, "GB", m)
    for m in _ROWS.finditer(text):
        if free(m):
            add("rows", to_number(m.group("num"), m.group("mult")), "rows", m)


def _targets(text: str, add, free) -> None:
    pct = _PERCENTILE.search(text) if "p" in text else None
    latency_ms = "ms" in text or "millisecond" in text
    for m in _LATENCY_MS.finditer(text) if latency_ms else ():
        before = text[max(0, m.start("num") - 12) : m.start("num")]
        if free(m) and "every" not in before:
            label = (m.group("pct") or (pct and (pct.group(1) or pct.group(2))) or "p95")
            label = "p" + label.lstrip("p").strip()
            add("latency_ms", float(m.group("num")), label, m)
    for m in _LATENCY_S.finditer(text) if "sec" in text or " s" in text else ():
        if free(m) and float(m.group("num")) <= 30:
            label = "p" + ((pct and (pct.group(1) or pct.group(2))) or "95")
            add("latency_ms", float(m.group("num")) * 1000, label, m)
    for rx in _AVAILABILITY if "%" in text else ():
        for m in rx.finditer(text):
            if free(m) and 90 <= float(m.group("num")) < 100:
                add("availability", float(m.group("num")), "%", m)
    for m in _NINES.finditer(text):
        nines = {"2": 99.0, "3": 99.9, "4": 99.99, "5": 99.999}[_SPELLED.get(m.group(1).lower(), m.group(1))]
        add("availability", nines, "%", m)
    has_period = any(unit in text for unit in ("day", "week", "month", "year"))
    for m in _RETENTION.finditer(text) if has_period else ():
        if free(m):
            unit = m.group("unit").lower()
            days = {"d": 1, "w": 7, "m": 30, "y": 365}[unit[0]]
            add("retention_days", to_number(m.group("num"), m.group("mult")) * days, "days", m)


def _constraints(text: str, add, free) -> None:
    for rx in _TEAM:
        for m in rx.finditer(text):
            if free(m) and 0 < float(m.group("num")) < 1000:
                add("team_size", float(m.group("num")), "people", m)
    for rx in (_MONEY, _MONEY_AFTER):
        for m in rx.finditer(text):
            if not free(m):
                continue
            value = to_number(m.group("num"), m.group("mult"))
            window = text[m.end() : m.end() + 40]
            before = text[max(0, m.start() - 40) : m.start()]
            if re.search(r"\b(?:year|annual|annually|yr)\b", window):
                add("budget_usd_month", value / 12, "USD/month", m)
            elif re.search(r"\b(?:month|mo|monthly)\b", window) or "budget" in before + window:
                add("budget_usd_month", value, "USD/month", m)
    for m in _REGIONS.finditer(text):
        if free(m):
            add("regions", to_number(m.group("num"), m.group("mult")), "regions", m)


def named_regions(text: str) -> list[str]:
    """Return the world regions the brief names (eu, us, asia, ...), in a fixed order."""
    return [name for name, rx in _NAMED_REGION_RE.items() if rx.search(text)]
