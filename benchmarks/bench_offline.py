"""Speed and quality of the offline engine, in process: one table row per corpus brief.

Each timing covers drafting the plan (reading the brief, the skills' rules, assembly) and
rendering all six artifacts (plan.json, PLAN.md, architecture.mmd, erd.mmd, schema.sql,
openapi.yaml) through archnb.render. Skills are discovered once, as a long-lived kernel
would; `archnb.architect` end to end (skill discovery and lint included) is timed apart.

    python benchmarks/bench_offline.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.corpus import Tally, load_corpus, load_unseen  # noqa: E402

from archnb.engines.base import DraftRequest  # noqa: E402
from archnb.engines.offline import OfflineEngine  # noqa: E402
from archnb.options import ArchitectOptions  # noqa: E402
from archnb.plan import TechnicalPlan  # noqa: E402
from archnb.render.markdown import render_report  # noqa: E402
from archnb.render.mermaid import render_architecture, render_erd  # noqa: E402
from archnb.render.openapi import render_openapi_yaml  # noqa: E402
from archnb.render.sql import render_ddl  # noqa: E402
from archnb.skills import load_skills, select_skills  # noqa: E402

RENDERERS = (render_architecture, render_erd, render_ddl, render_openapi_yaml, render_report)


# CPU time of this process: on a shared machine wall time also counts other programs' turns.
CLOCK = time.perf_counter


def plan_and_render(text: str, skillset) -> tuple[object, float, float]:
    """Return the plan, the ms to draft it, and the ms to render every artifact."""
    started = CLOCK()
    skills = select_skills(text, skillset)
    plan = OfflineEngine().draft(DraftRequest(brief=text, skills=skills, options=ArchitectOptions()))
    plan = plan.with_id()
    drafted = CLOCK()
    for render in RENDERERS:
        render(plan)
    plan.to_json()
    rendered = CLOCK()
    return plan, (drafted - started) * 1000, (rendered - drafted) * 1000


def timed(text: str, skillset, repeat: int) -> tuple[object, float, float]:
    """Return the plan and the median draft and render times over `repeat` warm runs."""
    plan_and_render(text, skillset)  # warm caches (regexes, rules)
    runs = [plan_and_render(text, skillset) for _ in range(repeat)]
    draft_ms = statistics.median(r[1] for r in runs)
    render_ms = statistics.median(r[2] for r in runs)
    return runs[-1][0], draft_ms, render_ms


def words_prefix(text: str, count: int) -> str:
    """Return the first sentences of `text` holding about `count` words."""
    out: list[str] = []
    for sentence in text.replace("\n", " ").split(". "):
        out.append(sentence)
        if len(" ".join(out).split()) >= count:
            break
    return ". ".join(out).strip() + "."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--cpu", action="store_true",
                        help="measure CPU time of this process instead of wall time")
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = time.process_time if args.cpu else time.perf_counter
    print(f"clock: {'CPU time (process_time)' if args.cpu else 'wall time (perf_counter)'}")
    started = time.perf_counter()
    skillset = load_skills()
    load_ms = (time.perf_counter() - started) * 1000
    corpus = load_corpus()

    print(f"{'brief':20} {'words':>5} {'recall':>6} {'junk':>5} {'tables':>6} {'endpoints':>9} "
          f"{'draft ms':>8} {'render ms':>9} {'total ms':>8}")
    tally = Tally()
    for brief in corpus:
        plan, draft_ms, render_ms = timed(brief.text, skillset, args.repeat)
        s = tally.add(brief, plan)
        print(f"{brief.name:20} {len(brief.text.split()):5d} {s.recall:6.2f} {len(s.junk):5d} "
              f"{len(plan.data_model.entities):6d} {len(plan.api.endpoints):9d} {draft_ms:8.1f} "
              f"{render_ms:9.1f} {draft_ms + render_ms:8.1f}")
    print(f"{'TOTAL':20} {'':5} {tally.recall:6.3f} {tally.junk_rate:5.3f}   "
          f"unlinked {tally.unlinked_rate:.3f}")
    print()
    print("unseen briefs (tests/briefs/unseen, see its README); unlinked: share of the brief's")
    print("tables that no relationship or key links to another of them or to user (drawn alone);")
    print("needs: recall and precision of the features the answer keys list (search, payments...)")
    print(f"{'batch':20} {'briefs':>6} {'recall':>6} {'junk':>5} {'unlinked':>8} {'needs r':>7} {'needs p':>7}")
    for batch, briefs in load_unseen().items():
        tally = Tally()
        for brief in briefs:
            skills = select_skills(brief.text, skillset)
            tally.add(brief, OfflineEngine().draft(DraftRequest(brief=brief.text, skills=skills,
                                                                options=ArchitectOptions())))
        print(f"{batch:20} {len(briefs):6d} {tally.recall:6.3f} {tally.junk_rate:5.3f} "
              f"{tally.unlinked_rate:8.3f} {tally.needs_recall:7.3f} {tally.needs_precision:7.3f}")

    long_text = next(b.text for b in corpus if b.name == "long_sports")
    typical = words_prefix(long_text, 300)
    _, typical_draft, typical_render = timed(typical, skillset, max(args.repeat, 30))
    huge = ""
    while len(huge.split()) < 5000:
        for brief in corpus:
            huge += "\n\n" + brief.text
            if len(huge.split()) >= 5000:
                break
    _, huge_draft, huge_render = timed(huge, skillset, 3)

    import archnb

    archnb.architect(typical)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        archnb.architect(typical)
        runs.append((time.perf_counter() - t0) * 1000)
    print()
    print(f"{'measure':58} {'draft':>8} {'render':>8} {'total':>8}")
    rows = [
        (f"median ms, 300-word brief ({len(typical.split())} words)", typical_draft, typical_render),
        (f"median ms, 5,000-word brief ({len(huge.split())} words)", huge_draft, huge_render),
    ]
    for label, d, r in rows:
        print(f"{label:58} {d:8.1f} {r:8.1f} {d + r:8.1f}")
    plan, _, _ = plan_and_render(typical, skillset)
    for render in (*RENDERERS, TechnicalPlan.to_json):
        runs_ms = []
        for _ in range(5):
            t0 = CLOCK()
            render(plan)
            runs_ms.append((CLOCK() - t0) * 1000)
        print(f"{'  of which ' + render.__name__ + ', 300 words':58} {'':8} "
              f"{statistics.median(runs_ms):8.1f}")
    print(f"{'ms, skill discovery (load_skills, once per process)':58} {load_ms:8.1f}")
    print(f"{'median ms, archnb.architect() end to end (no render), 300 words':58} "
          f"{statistics.median(runs):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
