"""The offline engine on briefs written by someone who had not read it (tests/briefs/unseen):
a floor under concept recall and a ceiling on junk, and every plan valid under the real
tools. The figures themselves are printed by benchmarks/bench_offline.py."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest
from support.corpus import Tally, load_unseen
from support.openapi import openapi_problem

from archnb.engines.base import DraftRequest
from archnb.engines.offline import OfflineEngine
from archnb.options import ArchitectOptions
from archnb.render.mermaid import render_architecture, render_erd
from archnb.render.openapi import render_openapi
from archnb.render.sql import render_ddl
from archnb.skills import load_skills, select_skills

BATCHES = load_unseen()
BRIEFS = [brief for batch in BATCHES.values() for brief in batch]

# Per batch: (recall floor, junk ceiling), a few points from the figures measured when the batch
# was added or last tuned (see unseen/README.md), so that a regression fails the suite but one
# new rule's noise does not.
LIMITS = {
    "dev": (0.80, 0.13),
    "dev2": (0.83, 0.15),
    "heldout": (0.77, 0.18),
    "dev3": (0.78, 0.22),
    "heldout2": (0.66, 0.22),
    "heldout3": (0.68, 0.32),
    "dev4": (0.78, 0.25),
    "heldout4": (0.61, 0.39),
    "dev5": (0.67, 0.35),
    "heldout5": (0.58, 0.45),
    "dev6": (0.65, 0.42),
    "heldout6": (0.49, 0.49),
    "dev7": (0.70, 0.34),
    "heldout7": (0.63, 0.45),
    "dev8": (0.76, 0.23),
    "heldout8": (0.59, 0.21),
    "dev9": (0.76, 0.25),
    "heldout9": (0.62, 0.29),
    "dev10": (0.74, 0.28),
    "heldout10": (0.65, 0.37),
    "dev11": (0.61, 0.31),
    "heldout11": (0.56, 0.32),
    "heldout12": (0.56, 0.31),
    "heldout13": (0.60, 0.34),
    "dev12": (0.66, 0.16),
    "heldout14": (0.60, 0.34),
    "dev13": (0.65, 0.29),
    "heldout15": (0.62, 0.33),
    "dev14": (0.64, 0.22),
    "heldout16": (0.56, 0.28),
    "dev15": (0.70, 0.17),
    "dev16": (0.65, 0.25),
    "heldout17": (0.58, 0.29),
    "dev17": (0.55, 0.27),
    "dev18": (0.62, 0.28),
    "heldout18": (0.60, 0.36),
    "dev19": (0.66, 0.21),
    "dev20": (0.62, 0.23),
    "heldout19": (0.62, 0.41),
    "dev21": (0.65, 0.34),
    "dev22": (0.62, 0.35),
    "heldout20": (0.55, 0.43),
    "dev23": (0.64, 0.34),
    "dev24": (0.53, 0.33),
    "heldout21": (0.62, 0.42),
    "dev25": (0.66, 0.41),
    "heldout22": (0.72, 0.56),
    "dev26": (0.66, 0.52),
    "dev27": (0.58, 0.52),
    "heldout23": (0.64, 0.51),
    "dev28": (0.72, 0.42),
    "heldout24": (0.67, 0.49),
    "dev29": (0.73, 0.45),
    "heldout25": (0.74, 0.52),
    "dev30": (0.70, 0.50),
    "heldout26": (0.72, 0.53),
    "dev31": (0.66, 0.51),
    "dev32": (0.69, 0.48),
    "heldout27": (0.62, 0.49),
    "dev33": (0.71, 0.45),
    "dev34": (0.64, 0.51),
    "heldout28": (0.63, 0.52),
    "dev35": (0.70, 0.53),
    "heldout29": (0.58, 0.56),
    "dev36": (0.61, 0.48),
}
# Ceilings on the share of the brief's tables that no relationship links (drawn alone in the
# ERD), a few points above what each batch measured (added in session 4, lowered in sessions 7
# and 8; dev8 and heldout8 added in session 9, dev9 and heldout9 in session 10, dev10 and
# heldout10 in session 11).
# heldout2 raised from 0.47 to 0.52 in session 11, when the measure stopped counting a key to the
# brief's own tenant table as a link (0.435 -> 0.493 on the same plans).
UNLINKED = {"dev": 0.35, "dev2": 0.37, "heldout": 0.44, "dev3": 0.51, "heldout2": 0.52,
            "heldout3": 0.58, "dev4": 0.40, "heldout4": 0.44, "dev5": 0.36, "heldout5": 0.49,
            "dev6": 0.42, "heldout6": 0.58, "dev7": 0.45, "heldout7": 0.47, "dev8": 0.37,
            "heldout8": 0.46, "dev9": 0.40, "heldout9": 0.44, "dev10": 0.45, "heldout10": 0.45,
            "dev11": 0.39, "heldout11": 0.45, "heldout12": 0.36,
            "heldout13": 0.50, "dev12": 0.30, "heldout14": 0.31, "dev13": 0.38,
            "heldout15": 0.55, "dev14": 0.41, "heldout16": 0.50, "dev15": 0.44, "dev16": 0.52,
            "heldout17": 0.45, "dev17": 0.36, "dev18": 0.50,
            "heldout18": 0.56, "dev19": 0.45, "dev20": 0.50, "heldout19": 0.47, "dev21": 0.44, "dev22": 0.44,
            "heldout20": 0.51, "dev23": 0.43, "dev24": 0.42,
            "heldout21": 0.48, "dev25": 0.53, "heldout22": 0.46, "dev26": 0.44, "dev27": 0.47,
            "heldout23": 0.44, "dev28": 0.43, "heldout24": 0.48, "dev29": 0.42,
            "heldout25": 0.44, "dev30": 0.42, "heldout26": 0.35,
            "dev31": 0.31, "dev32": 0.39, "heldout27": 0.40,
            "dev33": 0.36, "dev34": 0.43, "heldout28": 0.38, "dev35": 0.37,
            "heldout29": 0.50, "dev36": 0.38}
# Floors under the needs (features) read from the briefs, against their answer keys: (recall,
# precision), seven points under what each batch measured when added in session 12. A batch
# lists 20 to 67 needs, so one need is two to five points.
NEEDS = {
    "dev": (0.86, 0.74),
    "dev2": (0.89, 0.61),
    "heldout": (0.82, 0.71),
    "dev3": (0.83, 0.49),
    "heldout2": (0.93, 0.53),
    "heldout3": (0.80, 0.48),
    "dev4": (0.89, 0.73),
    "heldout4": (0.69, 0.71),
    "dev5": (0.89, 0.85),
    "heldout5": (0.73, 0.78),
    "dev6": (0.76, 0.68),
    "heldout6": (0.73, 0.65),
    "dev7": (0.87, 0.77),
    "heldout7": (0.74, 0.67),
    "dev8": (0.81, 0.84),
    "heldout8": (0.71, 0.79),
    "dev9": (0.89, 0.84),
    "heldout9": (0.79, 0.76),
    "dev10": (0.84, 0.66),
    "heldout10": (0.70, 0.56),
    "dev11": (0.86, 0.85),
    "heldout11": (0.66, 0.82),
    "heldout12": (0.79, 0.79),
    "heldout13": (0.76, 0.70),
    "dev12": (0.74, 0.71),
    "heldout14": (0.82, 0.75),
    "dev13": (0.91, 0.85),
    "heldout15": (0.65, 0.65),
    "dev14": (0.74, 0.78),
    "heldout16": (0.82, 0.62),
    "dev15": (0.76, 0.70),
    "dev16": (0.80, 0.72),
    "heldout17": (0.72, 0.62),
    "dev17": (0.79, 0.81),
    "dev18": (0.74, 0.69),
    "heldout18": (0.62, 0.68),
    "dev19": (0.77, 0.62),
    "dev20": (0.57, 0.61),
    "heldout19": (0.79, 0.76),
    "dev21": (0.73, 0.68),
    "dev22": (0.75, 0.76),
    "heldout20": (0.71, 0.78),
    "dev23": (0.61, 0.59),
    "dev24": (0.69, 0.67),
    "heldout21": (0.66, 0.77),
    "dev25": (0.67, 0.70),
    "heldout22": (0.78, 0.61),
    "dev26": (0.70, 0.56),
    "dev27": (0.65, 0.65),
    "heldout23": (0.70, 0.57),
    "dev28": (0.65, 0.60),
    "heldout24": (0.70, 0.47),
    "dev29": (0.75, 0.60),
    "heldout25": (0.77, 0.56),
    "dev30": (0.87, 0.70),
    "heldout26": (0.94, 0.56),
    "dev31": (0.85, 0.62),
    "dev32": (0.89, 0.66),
    "heldout27": (0.83, 0.57),
    "dev33": (0.87, 0.49),
    "dev34": (0.78, 0.46),
    "heldout28": (0.84, 0.58),
    "dev35": (0.82, 0.70),
    "heldout29": (0.88, 0.47),
    "dev36": (0.83, 0.60),
}



@pytest.fixture(scope="module")
def plans():
    skillset = load_skills()
    out = {}
    for brief in BRIEFS:
        request = DraftRequest(brief=brief.text, skills=select_skills(brief.text, skillset),
                               options=ArchitectOptions())
        out[brief.name] = OfflineEngine().draft(request).with_id()
    return out


def test_every_batch_is_there():
    assert {b: len(briefs) for b, briefs in BATCHES.items()} == {
        "dev": 12, "dev2": 12, "heldout": 12, "dev3": 14, "heldout2": 14, "heldout3": 14,
        "dev4": 14, "heldout4": 14, "dev5": 14, "heldout5": 14, "dev6": 14, "heldout6": 14,
        "dev7": 14, "heldout7": 14, "dev8": 14, "heldout8": 14, "dev9": 14, "heldout9": 14,
        "dev10": 14, "heldout10": 14, "dev11": 14, "heldout11": 14, "heldout12": 14,
        "heldout13": 14, "dev12": 14, "heldout14": 14, "dev13": 14,
        "heldout15": 14, "dev14": 14, "heldout16": 14, "dev15": 14, "dev16": 14,
        "heldout17": 14, "dev17": 14, "dev18": 14,
        "heldout18": 14, "dev19": 14, "dev20": 14, "heldout19": 14, "dev21": 14, "dev22": 14,
        "heldout20": 14, "dev23": 13, "dev24": 14,
        "heldout21": 14, "dev25": 13, "heldout22": 14, "dev26": 13, "dev27": 13,
        "heldout23": 14, "dev28": 12, "heldout24": 13, "dev29": 10,
        "heldout25": 12, "dev30": 9, "heldout26": 14, "dev31": 13, "dev32": 8, "heldout27": 12, "dev33": 7, "dev34": 12, "heldout28": 8, "dev35": 8,
        "heldout29": 8, "dev36": 9}
    assert set(LIMITS) == set(BATCHES) == set(UNLINKED) == set(NEEDS)
    names = [brief.name for brief in BRIEFS]
    assert len(names) == len(set(names)), "two unseen briefs share a name: plans are kept by name"


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_recall_and_junk_on_unseen_briefs(plans, batch):
    tally = Tally()
    for brief in BATCHES[batch]:
        tally.add(brief, plans[brief.name])
    floor, ceiling = LIMITS[batch]
    assert tally.recall >= floor, tally.text
    assert tally.junk_rate <= ceiling, tally.text
    assert tally.unlinked_rate <= UNLINKED[batch], tally.text
    recall, precision = NEEDS[batch]
    assert tally.needs_recall >= recall and tally.needs_precision >= precision, tally.text


@pytest.mark.slow
@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_unseen_plans_pass_the_real_tools(plans, mermaid_check, pg, batch):
    # One batch per test: the two workers share the batches, and no one test nears the time limit
    # (all 196 plans in one test took close to the 300 s limit on a busy machine).
    names = [b.name for b in BATCHES[batch]]
    # plan.json is what is exported and diffed; the DDL renderer would hide a repeated column
    repeated = {(n, e.name) for n in names for e in plans[n].data_model.entities
                if len({a.name for a in e.attributes}) != len(e.attributes)}
    assert not repeated
    with ProcessPoolExecutor(max_workers=2) as pool:
        checks = pool.map(openapi_problem, [render_openapi(plans[n]) for n in names])
    problems = {n: p for n, p in zip(names, checks, strict=True) if p}
    assert not problems
    diagrams = []
    for name in names:
        diagrams += [render_architecture(plans[name]), render_erd(plans[name])]
        # A schema per plan in one database: a database per plan left ~12 MB each behind, 4.5 GB
        # per worker by the end of the suite and 40 s to delete.
        applied = pg.check(render_ddl(plans[name]))
        assert applied.ok, f"{name}: {applied.error}"
    results = mermaid_check(diagrams)
    bad = [(names[i // 2], r["error"]) for i, r in enumerate(results) if not r["ok"]]
    assert not bad
