"""Review mode's speed on designs of growing size: DDL, a Mermaid ERD, endpoint lists, and a
long unclosed statement (the case a naive re-tokenizing reader makes quadratic).
Run: python benchmarks/bench_review.py

Reading (`review_design`) and the full review (`review`: reading, lint, heuristics and
suggestions) are timed separately; each figure is the best of three runs.
"""

from __future__ import annotations

import contextlib
import sys
import time


def _ddl(n: int) -> str:
    tables = [
        f"CREATE TABLE t{i} (\n  id bigint PRIMARY KEY,\n  parent_id bigint REFERENCES t{max(i - 1, 0)} (id),\n"
        f"  price float,\n  created_at timestamptz NOT NULL DEFAULT now()\n);"
        for i in range(n)
    ]
    return "\n".join(tables)


def _erd(n: int) -> str:
    parts = ["erDiagram"]
    for i in range(n):
        parts += [f"  E{i} {{", "    bigint id PK", f"    bigint e{max(i - 1, 0)}_id FK", "  }"]
        parts.append(f"  E{max(i - 1, 0)} ||--o{{ E{i} : has")
    return "\n".join(parts)


def _endpoints(n: int) -> str:
    return "\n".join(f"- GET /things{i}/{{id}}/items" for i in range(n))


def _unclosed(n: int) -> str:
    return "CREATE TABLE wide (\n" + "\n".join(f"  c{i} integer NOT NULL," for i in range(n))


def _best(func, text: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        # The unclosed case ends in a ReviewParseError, which is the point.
        with contextlib.suppress(Exception):
            func(text)
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def main() -> int:
    from archnb.review import review, review_design

    cases = [("DDL tables", _ddl), ("ERD entities", _erd), ("endpoints", _endpoints), ("unclosed columns", _unclosed)]
    print(f"{'design':18} {'size':>6} {'chars':>9} {'read ms':>9} {'review ms':>10}")
    for label, make in cases:
        for size in (10, 100, 1000):
            text = make(size)
            read = _best(review_design, text)
            full = _best(review, text)
            print(f"{label:18} {size:>6} {len(text):>9,} {read:>9.1f} {full:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
