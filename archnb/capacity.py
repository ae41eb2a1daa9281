"""Back-of-envelope capacity and cost: from a brief's figures to a table with the arithmetic.

Every row carries its formula written out, so a reader can check it by hand. The constants
below are the stated assumptions; they are deliberately round numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from archnb.plan import Capacity, CapacityRow, CostItem

SECONDS_PER_DAY = 86_400
SECONDS_PER_MONTH = 2_592_000  # 30 days
PEAK_FACTOR = 3.0  # peak hour traffic versus the daily average
EVENT_BURST_FACTOR = 2.0  # reconnect storms and catch-up after outages
REQUESTS_PER_USER_PER_DAY = 20
SECONDS_BETWEEN_REQUESTS = 10  # one request every 10 s per active (concurrent) user
DAILY_ACTIVE_SHARE = 0.2  # share of registered users active on a given day
WRITE_SHARE = 0.1  # share of requests that write a row
ROW_BYTES = 1_000  # a business row with its indexes
EVENT_BYTES = 200  # a reading or event row with its index entries
RESPONSE_BYTES = 10_000  # an average JSON response
RPS_PER_INSTANCE = 150  # 300 rps per instance, planned at 50% headroom
DEFAULT_DAU = 1_000

# Order-of-magnitude list prices (USD per month), mid-2020s public cloud.
PRICE_INSTANCE = 35.0  # 1 vCPU / 2 GB container
PRICE_DB_STORAGE_GB = 0.115
PRICE_OBJECT_GB = 0.023
PRICE_EGRESS_GB = 0.09
PRICE_CACHE = 50.0
PRICE_SEARCH = 150.0
PRICE_EVENT_LOG = 300.0
PRICE_EDGE = 25.0
PRICE_OBSERVABILITY = 50.0
PRICE_PER_QUESTION = 0.002  # one retrieval-augmented answer from a hosted model
QUESTION_SHARE = 0.05  # share of requests that ask the model something
_DB_TIERS = [(50, 60.0, "2 vCPU / 4 GB"), (500, 250.0, "4 vCPU / 16 GB"),
             (2_000, 800.0, "8 vCPU / 64 GB"), (math.inf, 2_000.0, "16+ vCPU / 128 GB")]


def fmt(value: float) -> str:
    """Return a figure for a formula: thousands separators, at most two decimals."""
    if value == int(value):
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class _Table:
    def __init__(self) -> None:
        self.rows: list[CapacityRow] = []
        self.assumptions: list[str] = []

    def row(self, metric: str, value: float, unit: str, formula: str) -> float:
        value = round(value, 2)
        self.rows.append(CapacityRow(metric=metric, value=value, unit=unit,
                                     formula=f"{formula} = {fmt(value)}"))
        return value


def estimate_capacity(
    numbers: Mapping[str, float],
    components: Iterable[str] = (),
    rates: Mapping[str, float] | None = None,
    periods: Mapping[str, tuple[float, float]] | None = None,
) -> Capacity:
    """Return the capacity table and monthly cost for a brief's figures.

    `numbers` uses the reader's keys (rps, rps_average, concurrent_users, users,
    daily_active_users, events_per_second, storage_gb, storage_gb_per_month,
    retention_days, availability, budget_usd_month); `components` are the plan's
    component ids and kinds (cache, storage, search, queue, edge, worker, llm, ...);
    `rates` are business records per second by kind ("order": 0.5); `periods` gives, for a
    number key or a record kind, the figure as stated per period: (count, seconds), e.g.
    "100 million links per month" is {"link": (1e8, 2_592_000)}, so the rows show N / period.
    """
    table = _Table()
    periods = periods or {}
    records = _records(rates or {}, periods, table)
    avg, peak = _requests(numbers, table, periods, records)
    eps = _events(numbers, table, periods)
    month_gb = _storage(numbers, rates or {}, avg, eps, table)
    _bandwidth(avg, peak, table)
    instances = max(2, math.ceil(peak / RPS_PER_INSTANCE))
    table.row("API instances", instances, "instances",
              f"max(2, ceil({fmt(peak)} peak rps / {RPS_PER_INSTANCE} rps per instance))")
    kinds = set(components)
    costs = _costs(numbers, kinds, instances, avg, eps, month_gb, table)
    total = round(sum(c.monthly_usd for c in costs), 2)
    budget = numbers.get("budget_usd_month")
    if budget:
        verdict = "within" if total <= budget else "over"
        table.assumptions.append(
            f"Estimated {fmt(total)} USD/month is {verdict} the stated budget of {fmt(budget)} USD/month."
        )
    return Capacity(rows=table.rows, costs=costs, monthly_cost_usd=total,
                    assumptions=table.assumptions)


_PERIOD_NAMES = {60: "60 s", 3_600: "3,600 s", SECONDS_PER_DAY: "86,400 s",
                 7 * SECONDS_PER_DAY: "(7 x 86,400 s)", SECONDS_PER_MONTH: "(30 x 86,400 s)",
                 365 * SECONDS_PER_DAY: "(365 x 86,400 s)"}


def _per_second(key: str, value: float, periods: Mapping[str, tuple[float, float]],
                what: str) -> str:
    """Return the formula of a per-second figure: "N what / period" when the brief gave it
    per period (a month is 30 days), else "stated"."""
    count, seconds = periods.get(key, (0.0, 0.0))
    if not seconds or not math.isclose(count / seconds, value, rel_tol=1e-6):
        return "stated"
    return f"{fmt(count)} {what} / {_PERIOD_NAMES.get(int(seconds), f'{fmt(seconds)} s')}"


def _records(rates: Mapping[str, float], periods: Mapping[str, tuple[float, float]],
             t: _Table) -> float:
    """Return the records written per second on average, adding a row per kind stated per
    period ("100 million links per month") and its peak at the peak factor."""
    total = 0.0
    for noun in sorted(rates):
        total += rates[noun]
        formula = _per_second(noun, rates[noun], periods, noun.replace("_", " ") + " records")
        if formula == "stated":
            continue
        avg = t.row(f"Average {noun.replace('_', ' ')} records per second", rates[noun], "per s", formula)
        t.row(f"Peak {noun.replace('_', ' ')} records per second", avg * PEAK_FACTOR, "per s",
              f"{fmt(avg)} x {fmt(PEAK_FACTOR)} peak factor")
        note = (f"Figures stated per month, day or hour are spread evenly (a month is 30 days); "
                f"the peak is {fmt(PEAK_FACTOR)} x that average.")
        if note not in t.assumptions:
            t.assumptions.append(note)
    return total


def _requests(n: Mapping[str, float], t: _Table, periods: Mapping[str, tuple[float, float]],
              records: float) -> tuple[float, float]:
    """Return (average rps, peak rps), adding the rows that derive them."""
    if "rps_average" in n:
        avg = t.row("Average requests per second", n["rps_average"], "req/s",
                    _per_second("rps_average", n["rps_average"], periods, "requests"))
        if "rps" in n:
            return avg, t.row("Peak requests per second", n["rps"], "req/s", "stated")
        return avg, t.row("Peak requests per second", avg * PEAK_FACTOR, "req/s",
                          f"{fmt(avg)} x {fmt(PEAK_FACTOR)} peak factor")
    if "rps" in n:
        peak = n["rps"]
        avg = t.row("Average requests per second", peak / PEAK_FACTOR, "req/s",
                    f"{fmt(peak)} peak / {fmt(PEAK_FACTOR)} peak factor")
        return avg, t.row("Peak requests per second", peak, "req/s", "stated")
    if "daily_active_users" in n or "users" in n or "concurrent_users" not in n:
        dau = _daily_users(n, t)
        by_users = dau * REQUESTS_PER_USER_PER_DAY / SECONDS_PER_DAY
        if records > by_users:
            # Each record stated per period is written by at least one request.
            avg = t.row("Average requests per second", records, "req/s",
                        f"{fmt(records)} records/s written, one request each")
        else:
            avg = t.row("Average requests per second", by_users, "req/s",
                        f"{fmt(dau)} daily users x {REQUESTS_PER_USER_PER_DAY} requests / "
                        f"{SECONDS_PER_DAY:,} s")
        peak = avg * PEAK_FACTOR
        if "concurrent_users" in n:
            peak = max(peak, n["concurrent_users"] / SECONDS_BETWEEN_REQUESTS)
            return avg, t.row("Peak requests per second", peak, "req/s",
                              f"max({fmt(avg)} x {fmt(PEAK_FACTOR)}, {fmt(n['concurrent_users'])} "
                              f"concurrent users / {SECONDS_BETWEEN_REQUESTS} s)")
        return avg, t.row("Peak requests per second", peak, "req/s",
                          f"{fmt(avg)} x {fmt(PEAK_FACTOR)} peak factor")
    concurrent = n["concurrent_users"]
    peak = t.row("Peak requests per second", concurrent / SECONDS_BETWEEN_REQUESTS, "req/s",
                 f"{fmt(concurrent)} concurrent users / {SECONDS_BETWEEN_REQUESTS} s between requests")
    avg = t.row("Average requests per second", peak / PEAK_FACTOR, "req/s",
                f"{fmt(peak)} peak / {fmt(PEAK_FACTOR)} peak factor")
    return avg, peak


def _daily_users(n: Mapping[str, float], t: _Table) -> float:
    if "daily_active_users" in n:
        return t.row("Daily active users", n["daily_active_users"], "users", "stated")
    if "users" in n:
        return t.row("Daily active users", n["users"] * DAILY_ACTIVE_SHARE, "users",
                     f"{fmt(n['users'])} users x {fmt(DAILY_ACTIVE_SHARE)} active per day")
    t.assumptions.append(f"The brief gives no user numbers; assuming {DEFAULT_DAU:,} daily active users.")
    return t.row("Daily active users", DEFAULT_DAU, "users", "assumed")


def _events(n: Mapping[str, float], t: _Table, periods: Mapping[str, tuple[float, float]]) -> float:
    if "events_per_second" not in n:
        return 0.0
    eps = t.row("Average events per second", n["events_per_second"], "events/s",
                _per_second("events_per_second", n["events_per_second"], periods, "events"))
    t.row("Peak events per second", eps * EVENT_BURST_FACTOR, "events/s",
          f"{fmt(eps)} x {fmt(EVENT_BURST_FACTOR)} burst factor")
    t.row("Events per day", eps * SECONDS_PER_DAY, "events",
          f"{fmt(eps)} x {SECONDS_PER_DAY:,} s")
    return eps


def _storage(n: Mapping[str, float], rates: Mapping[str, float], avg: float, eps: float,
             t: _Table) -> float:
    """Return the storage growth per month in GB, adding the rows that derive it."""
    parts: list[tuple[float, str]] = []
    if eps:
        gb = eps * SECONDS_PER_MONTH * EVENT_BYTES / 1e9
        parts.append((gb, f"{fmt(eps)} events/s x {SECONDS_PER_MONTH:,} s x {EVENT_BYTES} B / 1e9"))
    if rates:
        per_s = sum(rates.values())
        gb = per_s * SECONDS_PER_MONTH * ROW_BYTES / 1e9
        parts.append((gb, f"{fmt(per_s)} records/s x {SECONDS_PER_MONTH:,} s x {ROW_BYTES:,} B / 1e9"))
    elif not eps:
        gb = avg * WRITE_SHARE * SECONDS_PER_MONTH * ROW_BYTES / 1e9
        parts.append((gb, f"{fmt(avg)} req/s x {fmt(WRITE_SHARE)} writes x {SECONDS_PER_MONTH:,} s "
                          f"x {ROW_BYTES:,} B / 1e9"))
    if "storage_gb_per_month" in n:
        month = t.row("Storage growth per month", n["storage_gb_per_month"], "GB", "stated")
    else:
        total = sum(gb for gb, _ in parts)
        month = t.row("Storage growth per month", total, "GB", " + ".join(f for _, f in parts))
    t.row("Storage growth per year", month * 12, "GB", f"{fmt(month)} GB x 12")
    if "retention_days" in n:
        t.row("Stored at steady state (retention)", month / 30 * n["retention_days"], "GB",
              f"{fmt(month)} GB / 30 days x {fmt(n['retention_days'])} days")
    return month


def _bandwidth(avg: float, peak: float, t: _Table) -> None:
    t.row("Peak egress bandwidth", peak * RESPONSE_BYTES * 8 / 1e6, "Mbit/s",
          f"{fmt(peak)} req/s x {RESPONSE_BYTES:,} B x 8 bits / 1e6")
    t.row("Egress per month", avg * RESPONSE_BYTES * SECONDS_PER_MONTH / 1e9, "GB",
          f"{fmt(avg)} req/s x {RESPONSE_BYTES:,} B x {SECONDS_PER_MONTH:,} s / 1e9")


def _costs(n: Mapping[str, float], kinds: set[str], instances: int, avg: float, eps: float,
           month_gb: float, t: _Table) -> list[CostItem]:
    costs = [CostItem(item="API instances", monthly_usd=round(instances * PRICE_INSTANCE, 2),
                      assumption=f"{instances} x {fmt(PRICE_INSTANCE)} USD (1 vCPU / 2 GB container)")]
    if "worker" in kinds:
        workers = max(1, math.ceil(eps / 5_000)) if eps else 1
        costs.append(CostItem(item="Workers", monthly_usd=round(workers * PRICE_INSTANCE, 2),
                              assumption=f"{workers} x {fmt(PRICE_INSTANCE)} USD"))
    db_gb = n.get("storage_gb", 0.0) + month_gb * 12
    if "retention_days" in n:
        db_gb = n.get("storage_gb", 0.0) + month_gb / 30 * n["retention_days"]
    size, price, tier = next(tier for tier in _DB_TIERS if db_gb <= tier[0])
    ha = n.get("availability", 0) >= 99.9
    compute = price * (2 if ha else 1)
    costs.append(CostItem(
        item="PostgreSQL (managed)",
        monthly_usd=round(compute + db_gb * PRICE_DB_STORAGE_GB, 2),
        assumption=f"{tier}{' x 2 (multi-zone)' if ha else ''} = {fmt(compute)} USD + "
                   f"{fmt(db_gb)} GB x {PRICE_DB_STORAGE_GB} USD",
    ))
    del size
    _optional_costs(n, kinds, avg, month_gb, costs)
    egress = avg * RESPONSE_BYTES * SECONDS_PER_MONTH / 1e9
    costs.append(CostItem(item="Egress", monthly_usd=round(egress * PRICE_EGRESS_GB, 2),
                          assumption=f"{fmt(egress)} GB x {PRICE_EGRESS_GB} USD"))
    costs.append(CostItem(item="Monitoring", monthly_usd=PRICE_OBSERVABILITY,
                          assumption="Metrics, logs and traces at small volume"))
    t.assumptions.append("Prices are order-of-magnitude public cloud list prices; "
                         "committed-use discounts would lower them.")
    return costs


def _optional_costs(n: Mapping[str, float], kinds: set[str], avg: float, month_gb: float,
                    costs: list[CostItem]) -> None:
    if "cache" in kinds:
        costs.append(CostItem(item="Redis cache", monthly_usd=PRICE_CACHE,
                              assumption="Small managed Redis with a replica"))
    if "storage" in kinds:
        stored = max(100.0, n.get("storage_gb", 0.0))
        costs.append(CostItem(item="Object storage", monthly_usd=round(stored * PRICE_OBJECT_GB, 2),
                              assumption=f"{fmt(stored)} GB x {PRICE_OBJECT_GB} USD"))
    if "search" in kinds:
        costs.append(CostItem(item="Search cluster", monthly_usd=PRICE_SEARCH,
                              assumption="Smallest managed search cluster"))
    if "queue" in kinds:
        costs.append(CostItem(item="Event log", monthly_usd=PRICE_EVENT_LOG,
                              assumption="Small managed Kafka-compatible cluster"))
    if "edge" in kinds:
        costs.append(CostItem(item="Load balancer / CDN", monthly_usd=PRICE_EDGE,
                              assumption="One managed load balancer"))
    if "llm" in kinds:
        questions = avg * SECONDS_PER_MONTH * QUESTION_SHARE
        costs.append(CostItem(item="Language model calls",
                              monthly_usd=round(questions * PRICE_PER_QUESTION, 2),
                              assumption=f"{fmt(questions)} questions x {PRICE_PER_QUESTION} USD "
                                         f"({fmt(QUESTION_SHARE)} of requests)"))
