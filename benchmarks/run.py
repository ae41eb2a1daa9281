"""Run every benchmark and print its table: `python benchmarks/run.py [NAME ...]`.

Each benchmarks/bench_*.py is a standalone script that prints one table of figures;
this runs them one after another (never in parallel, so they do not skew each other).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(name in s.stem for name in argv)]
        if not scripts:
            print(f"no benchmark matches {' '.join(argv)}; have: "
                  + ", ".join(s.stem for s in sorted(HERE.glob('bench_*.py'))), file=sys.stderr)
            return 2
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        run = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        failed += run.returncode != 0
        print(f"({script.stem} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
