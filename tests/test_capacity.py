"""Capacity and cost estimates: every figure checked against arithmetic done by hand."""

from __future__ import annotations

import math

import pytest

from archnb.capacity import estimate_capacity


def _rows(capacity) -> dict[str, float]:
    return {row.metric: row.value for row in capacity.rows}


def _formula(capacity, metric: str) -> str:
    return next(row.formula for row in capacity.rows if row.metric == metric)


def test_concurrent_users_give_peak_and_average_requests():
    cap = estimate_capacity({"concurrent_users": 50_000})
    rows = _rows(cap)
    # 50,000 users, one request every 10 s each -> 5,000 req/s at peak; average is a third.
    assert rows["Peak requests per second"] == 5_000
    assert rows["Average requests per second"] == pytest.approx(1_666.67, abs=0.01)
    assert _formula(cap, "Peak requests per second") == (
        "50,000 concurrent users / 10 s between requests = 5,000"
    )
    # 5,000 / 150 rps per instance = 33.3 -> 34 instances.
    assert rows["API instances"] == 34
    # 5,000 req/s x 10,000 B x 8 bits = 400,000,000 bit/s = 400 Mbit/s.
    assert rows["Peak egress bandwidth"] == 400


def test_daily_active_users_give_requests_and_storage():
    cap = estimate_capacity({"daily_active_users": 100_000})
    rows = _rows(cap)
    # 100,000 x 20 / 86,400 = 23.148 -> 23.15 req/s on average. Each row works from the
    # figures as the table shows them, so the peak reads 23.15 x 3 = 69.45.
    assert rows["Average requests per second"] == pytest.approx(23.15, abs=0.001)
    assert rows["Peak requests per second"] == pytest.approx(69.45, abs=0.001)
    assert _formula(cap, "Peak requests per second") == "23.15 x 3 peak factor = 69.45"
    # 23.15 req/s x 10% writes x 2,592,000 s x 1,000 B = 6.0 GB per month; 72 GB per year.
    assert rows["Storage growth per month"] == pytest.approx(6.0, abs=0.01)
    assert rows["Storage growth per year"] == pytest.approx(72.0, abs=0.1)
    assert rows["API instances"] == 2


def test_event_stream_storage_with_retention():
    cap = estimate_capacity({"events_per_second": 2_000, "retention_days": 90})
    rows = _rows(cap)
    # 2,000 x 2,592,000 s x 200 B = 1,036.8 GB per month.
    assert rows["Storage growth per month"] == pytest.approx(1_036.8)
    assert rows["Storage growth per year"] == pytest.approx(12_441.6)
    # Kept 90 days: 1,036.8 / 30 x 90 = 3,110.4 GB at steady state.
    assert rows["Stored at steady state (retention)"] == pytest.approx(3_110.4)
    assert rows["Events per day"] == 172_800_000
    assert rows["Peak events per second"] == 4_000
    assert "2,000 events/s x 2,592,000 s x 200 B / 1e9" in _formula(cap, "Storage growth per month")


def test_stated_average_and_peak_are_used_as_given():
    cap = estimate_capacity({"rps_average": 115.74, "rps": 20_000})
    rows = _rows(cap)
    assert rows["Average requests per second"] == 115.74
    assert rows["Peak requests per second"] == 20_000
    assert _formula(cap, "Peak requests per second") == "stated = 20,000"
    assert rows["API instances"] == math.ceil(20_000 / 150)


def test_business_record_rates_drive_storage():
    # 300 orders per minute = 5 per second.
    cap = estimate_capacity({"rps": 300}, rates={"order": 5.0})
    # 5 x 2,592,000 x 1,000 B = 12.96 GB per month.
    assert _rows(cap)["Storage growth per month"] == pytest.approx(12.96)


def test_costs_add_up_and_follow_the_components():
    cap = estimate_capacity(
        {"rps": 600, "availability": 99.95},
        components=["worker", "cache", "storage", "edge"],
    )
    items = {c.item: c.monthly_usd for c in cap.costs}
    assert cap.monthly_cost_usd == pytest.approx(sum(items.values()), abs=0.01)
    # 600 / 150 = 4 instances at 35 USD.
    assert items["API instances"] == 140
    assert items["Redis cache"] == 50
    assert items["Load balancer / CDN"] == 25
    assert items["Object storage"] == pytest.approx(2.3)  # at least 100 GB x 0.023
    assert "multi-zone" in next(c.assumption for c in cap.costs if c.item.startswith("PostgreSQL"))
    assert "Search cluster" not in items


def test_budget_is_compared_with_the_estimate():
    over = estimate_capacity({"concurrent_users": 50_000, "budget_usd_month": 100})
    assert any("over the stated budget of 100 USD/month" in a for a in over.assumptions)
    within = estimate_capacity({"users": 500, "budget_usd_month": 10_000})
    assert any("within the stated budget" in a for a in within.assumptions)


def test_no_figures_means_a_stated_assumption():
    cap = estimate_capacity({})
    assert _rows(cap)["Daily active users"] == 1_000
    assert any("assuming 1,000 daily active users" in a for a in cap.assumptions)
    assert cap.monthly_cost_usd > 0


def test_registered_users_become_daily_users_at_twenty_percent():
    cap = estimate_capacity({"users": 20_000})
    assert _rows(cap)["Daily active users"] == 4_000
    assert _formula(cap, "Daily active users") == "20,000 users x 0.2 active per day = 4,000"


def test_records_stated_per_month_become_per_second_rates_and_requests():
    cap = estimate_capacity({}, rates={"link": 1e8 / 2_592_000},
                            periods={"link": (1e8, 2_592_000)})
    rows = _rows(cap)
    # 100,000,000 links / (30 days x 86,400 s) = 38.58 links/s; x 3 peak factor = 115.74.
    assert rows["Average link records per second"] == pytest.approx(38.58, abs=0.001)
    assert _formula(cap, "Average link records per second") == (
        "100,000,000 link records / (30 x 86,400 s) = 38.58")
    assert rows["Peak link records per second"] == pytest.approx(115.74, abs=0.001)
    # Every link is written by a request, so requests are at least 38.58/s on average,
    # well above the 1,000 assumed daily users x 20 / 86,400 = 0.23.
    assert rows["Average requests per second"] == pytest.approx(38.58, abs=0.001)
    assert rows["Peak requests per second"] == pytest.approx(115.74, abs=0.001)
    assert any("30 days" in a for a in cap.assumptions)


def test_events_stated_per_hour_show_the_division():
    cap = estimate_capacity({"events_per_second": 2_000 / 3_600},
                            periods={"events_per_second": (2_000, 3_600)})
    # 2,000 / 3,600 s = 0.5556 -> 0.56 events/s.
    assert _formula(cap, "Average events per second") == "2,000 events / 3,600 s = 0.56"
