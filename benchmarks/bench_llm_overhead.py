"""How much time archnb's LLM engine adds to each model round trip.

Runs a loopback OpenAI-compatible server (tests/support/llm_server.py) and times, per
round trip, with the same request body and the same plan answer:

- plain HTTP: http.client on a kept-alive connection, json encode + decode
- litellm: litellm.completion alone (what any litellm user pays)
- archnb engine, 1 round: LLMEngine.draft for a plan answered at once (prompt building,
  the call, JSON extraction, pydantic validation, metadata)
- archnb engine, per round of 3: a load_skill call, a think call, then the plan (three
  round trips), divided by three
- archnb's own work: LLMEngine.draft with litellm.completion replaced by a recorded answer

The paths take turns within each run, so a busy machine slows them alike; the table shows
the median and the best run (noise only ever adds time, so the best run is the cleanest
view of the cost itself).

Goal: the engine adds at most 20 ms per round trip over plain HTTP.
Run: python benchmarks/bench_llm_overhead.py [--runs N]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("OPENAI_API_KEY", "sk-bench-not-a-real-key")

from support.llm_server import LoopbackLLM  # noqa: E402

from archnb.api import parse_options  # noqa: E402
from archnb.engines.base import DraftRequest  # noqa: E402
from archnb.engines.llm import LLMEngine, _import_litellm  # noqa: E402
from archnb.skills import load_skills, select_skills  # noqa: E402

BRIEF = "A city library with 12 branches lends books to 40,000 members."
GOAL_MS = 20.0
STUBBED = "archnb's own work (call stubbed)"


def _request(server: LoopbackLLM) -> DraftRequest:
    opts = parse_options({"engine": "llm", "model": "openai/test-model", "api_base": server.api_base,
                          "skills": "designing-apis"})
    skills = select_skills(BRIEF, load_skills(), names=opts.skills)
    return DraftRequest(brief=BRIEF, skills=skills, options=opts)


def _timed(action: Callable[[], object], rounds: int = 1) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000 / rounds


class Paths:
    """One timed round trip per path, each preceded by the answers it needs."""

    def __init__(self, server: LoopbackLLM) -> None:
        self.server = server
        self.litellm = _import_litellm()
        self.request = _request(server)
        server.plan()
        LLMEngine().draft(self.request)  # also the request body the other paths send
        self.body = {k: v for k, v in server.requests[-1].items() if k != "stream"}
        url = urlparse(server.api_base)
        self.path = url.path + "/chat/completions"
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        server.plan()
        self.recorded = self.litellm.completion(model="openai/test-model", messages=[{"role": "user", "content": "x"}],
                                                api_base=server.api_base, max_retries=0)

    def plain_http(self) -> float:
        self.server.plan()
        headers = {"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}

        def call() -> None:
            self.conn.request("POST", self.path, body=json.dumps(self.body).encode(), headers=headers)
            answer = json.loads(self.conn.getresponse().read())
            json.loads(answer["choices"][0]["message"]["content"])

        return _timed(call)

    def litellm_alone(self) -> float:
        self.server.plan()

        def call() -> None:
            response = self.litellm.completion(model="openai/test-model", messages=self.body["messages"],
                                               tools=self.body["tools"], api_base=self.server.api_base,
                                               max_retries=0)
            json.loads(response.choices[0].message.content)

        return _timed(call)

    def engine(self, rounds: int) -> float:
        if rounds >= 2:
            self.server.tool_call("load_skill", {"name": "designing-apis"})
        if rounds >= 3:
            self.server.tool_call("think", {"thought": "weigh", "thought_number": 1, "total_thoughts": 1,
                                            "next_thought_needed": False})
        self.server.plan()
        return _timed(lambda: LLMEngine().draft(self.request), rounds)

    def archnb_alone(self) -> float:
        real = self.litellm.completion
        self.litellm.completion = lambda **kwargs: self.recorded
        try:
            return _timed(lambda: LLMEngine().draft(self.request))
        finally:
            self.litellm.completion = real


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args(argv)

    server = LoopbackLLM().start()
    try:
        paths = Paths(server)
        rows: dict[str, list[float]] = {
            "plain HTTP (http.client)": [],
            "litellm.completion": [],
            "archnb engine, 1 round": [],
            "archnb engine, per round of 3": [],
            STUBBED: [],
        }
        steps = [paths.plain_http, paths.litellm_alone, lambda: paths.engine(1), lambda: paths.engine(3),
                 paths.archnb_alone]
        for run in range(args.runs + 3):
            for times, step in zip(rows.values(), steps, strict=True):
                elapsed = step()
                if run >= 3:  # the first runs warm pools and caches
                    times.append(elapsed)
        size = len(json.dumps(paths.body)) // 1024
    finally:
        server.stop()

    medians = {label: statistics.median(t) for label, t in rows.items()}
    best = {label: min(t) for label, t in rows.items()}
    http_median, http_best = medians["plain HTTP (http.client)"], best["plain HTTP (http.client)"]
    print(f"round trip to a loopback model server, request body {size} KiB, {args.runs} runs, paths interleaved")
    print(f"{'path':34} {'median ms':>10} {'best ms':>8} {'median over HTTP':>17} {'best over HTTP':>15}")
    for label in rows:
        over = "" if label == STUBBED else f"{medians[label] - http_median:+17.1f} {best[label] - http_best:+15.1f}"
        print(f"{label:34} {medians[label]:10.1f} {best[label]:8.1f} {over}")
    engine = max(best["archnb engine, 1 round"], best["archnb engine, per round of 3"]) - http_best
    verdict = "meets" if engine <= GOAL_MS else "misses"
    print(f"engine overhead over plain HTTP, best run: {engine:.1f} ms per round trip ({verdict} the "
          f"{GOAL_MS:g} ms goal); litellm alone {best['litellm.completion'] - http_best:.1f} ms; "
          f"archnb's own work {medians[STUBBED]:.1f} ms median")
    return 0


if __name__ == "__main__":
    sys.exit(main())
