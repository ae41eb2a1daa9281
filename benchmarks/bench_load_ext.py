"""How much `%load_ext archnb` adds to an IPython start. Goal: under 150 ms.

Each run is a fresh `python -m IPython -c ...` subprocess (bare, then with the extension),
alternating so that machine noise hits both alike; the table shows medians. A third row
times `%load_ext archnb` inside the process, and the last row checks that loading the
extension imported none of the heavy modules (pydantic, litellm, ipywidgets, mermaidx).

    python benchmarks/bench_load_ext.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HEAVY = ("pydantic", "litellm", "ipywidgets", "mermaidx", "archnb.api", "archnb.plan", "yaml")
GOAL_MS = 150.0

PROBE = """
import sys, time, json
ip = get_ipython()
before = set(sys.modules)
t0 = time.perf_counter()
ip.run_line_magic("load_ext", "archnb")
took = (time.perf_counter() - t0) * 1000
heavy = sorted(m for m in set(sys.modules) - before if m.split(".")[0] in {HEAVY_ROOTS} or m in {HEAVY})
print("PROBE " + json.dumps({{"ms": took, "heavy": heavy}}))
"""


def ipython_start(code: str, env: dict[str, str]) -> tuple[float, str]:
    """Return the wall time in ms of one IPython process running `code`, and its stdout."""
    command = [sys.executable, "-m", "IPython", "--no-banner", "--quick", "--HistoryManager.enabled=False", "-c", code]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return (time.perf_counter() - started) * 1000, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each kind (default 21)")
    runs = parser.parse_args(argv).runs
    env = {**os.environ, "IPYTHONDIR": tempfile.mkdtemp(prefix="bench-ipython-")}
    roots = sorted({h.split(".")[0] for h in HEAVY if "." not in h})
    probe = PROBE.format(HEAVY_ROOTS=repr(set(roots)), HEAVY=repr({h for h in HEAVY if "." in h}))
    ipython_start("pass", env)  # warm the file cache and create the profile
    bare, loaded, inside, heavy = [], [], [], set()
    for _ in range(runs):
        bare.append(ipython_start("pass", env)[0])
        ms, out = ipython_start("%load_ext archnb", env)
        loaded.append(ms)
        line = next(x for x in ipython_start(probe, env)[1].splitlines() if x.startswith("PROBE "))
        data = json.loads(line[len("PROBE ") :])
        inside.append(data["ms"])
        heavy.update(data["heavy"])
    added = statistics.median(loaded) - statistics.median(bare)
    rows = [
        ("bare IPython start", f"{statistics.median(bare):.0f} ms", f"min {min(bare):.0f}, max {max(bare):.0f}"),
        ("IPython start + %load_ext archnb", f"{statistics.median(loaded):.0f} ms", f"min {min(loaded):.0f}, max {max(loaded):.0f}"),
        ("added by %load_ext archnb", f"{added:.0f} ms", f"goal < {GOAL_MS:.0f} ms: {'met' if added < GOAL_MS else 'MISSED'}"),
        ("added, fastest run against fastest", f"{min(loaded) - min(bare):.0f} ms", "less sensitive to a busy machine"),
        ("%load_ext archnb in-process", f"{statistics.median(inside):.1f} ms", f"min {min(inside):.1f}, max {max(inside):.1f}"),
        ("heavy modules imported by it", ", ".join(sorted(heavy)) or "none", ", ".join(HEAVY)),
    ]
    print(f"%load_ext archnb, median of {runs} runs each (Python {sys.version.split()[0]})\n")
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    print(f"{'measure':{width[0]}}  {'value':>{width[1]}}  notes")
    print(f"{'-' * width[0]}  {'-' * width[1]}  {'-' * width[2]}")
    for name, value, note in rows:
        print(f"{name:{width[0]}}  {value:>{width[1]}}  {note}")
    return 0 if added < GOAL_MS and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
