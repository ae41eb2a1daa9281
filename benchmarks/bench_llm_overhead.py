"""How much time archnb's LLM engine adds to each model round trip.

Runs a loopback OpenAI-compatible server (tests/support/llm_server.py) and times, per
round trip, with the same request body and the same plan answer:

- plain HTTP: http.client on a kept-alive connection, json encode + decode
- litellm: litellm.completion alone (what any litellm user pays)
- archnb engine, 1 round: LLMEngine.draft for a plan answered at once (prompt building,
  the call, JSON extraction, pydantic validation, metadata)
- archnb engine, per round of an agent loop: a load_skill call, a think call, then the
  plan (three round trips), divided by three
- archnb's own work: LLMEngine.draft with litellm.completion replaced by a recorded answer

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


def _request(server: LoopbackLLM, max_tool_rounds: int = 8) -> DraftRequest:
    opts = parse_options({"engine": "llm", "model": "openai/test-model", "api_base": server.api_base,
                          "skills": "designing-apis", "max_tool_rounds": max_tool_rounds})
    skills = select_skills(BRIEF, load_skills(), names=opts.skills)
    return DraftRequest(brief=BRIEF, skills=skills, options=opts)


def time_engine(server: LoopbackLLM, runs: int, rounds: int) -> list[float]:
    """Return ms per round trip of LLMEngine.draft, answering with `rounds` - 1 tool calls first."""
    request = _request(server)
    times = []
    for _ in range(runs):
        if rounds >= 2:
            server.tool_call("load_skill", {"name": "designing-apis"})
        if rounds >= 3:
            server.tool_call("think", {"thought": "weigh", "thought_number": 1, "total_thoughts": 1,
                                       "next_thought_needed": False})
        server.plan()
        started = time.perf_counter()
        LLMEngine().draft(request)
        times.append((time.perf_counter() - started) * 1000 / rounds)
    return times


def time_archnb_alone(server: LoopbackLLM, runs: int) -> list[float]:
    """Return ms per LLMEngine.draft with litellm.completion replaced by a recorded answer.

    This isolates archnb's own work (prompt, tools, parsing, validation, bookkeeping) from
    litellm's and the network's, so it stays readable on a busy machine.
    """
    litellm = _import_litellm()
    server.plan()
    recorded = litellm.completion(model="openai/test-model", messages=[{"role": "user", "content": "plan"}],
                                  api_base=server.api_base, max_retries=0)
    request = _request(server)
    real = litellm.completion
    litellm.completion = lambda **kwargs: recorded
    try:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            LLMEngine().draft(request)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        litellm.completion = real
    return times


def time_litellm(server: LoopbackLLM, body: dict, runs: int) -> list[float]:
    litellm = _import_litellm()
    times = []
    for _ in range(runs):
        server.plan()
        started = time.perf_counter()
        response = litellm.completion(model="openai/test-model", messages=body["messages"],
                                      tools=body.get("tools"), api_base=server.api_base, max_retries=0)
        json.loads(response.choices[0].message.content)
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_plain_http(server: LoopbackLLM, body: dict, runs: int) -> list[float]:
    url = urlparse(server.api_base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}
    times = []
    for _ in range(runs):
        server.plan()
        started = time.perf_counter()
        conn.request("POST", url.path + "/chat/completions", body=json.dumps(body).encode(), headers=headers)
        answer = json.loads(conn.getresponse().read())
        json.loads(answer["choices"][0]["message"]["content"])
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args(argv)

    server = LoopbackLLM().start()
    try:
        _import_litellm()
        time_engine(server, 3, 1)  # warm up: client pools, pydantic schemas, skill bodies
        server.requests.clear()
        server.plan()
        LLMEngine().draft(_request(server))
        body = {k: v for k, v in server.requests[-1].items() if k != "stream"}
        time_plain_http(server, body, 3)

        rows = [
            ("plain HTTP (http.client)", time_plain_http(server, body, args.runs)),
            ("litellm.completion", time_litellm(server, body, args.runs)),
            ("archnb engine, 1 round", time_engine(server, args.runs, 1)),
            ("archnb engine, per round of 3", time_engine(server, args.runs, 3)),
        ]
        alone = time_archnb_alone(server, args.runs)
    finally:
        server.stop()

    base = statistics.median(rows[0][1])
    base_min = min(rows[0][1])
    size = len(json.dumps(body)) // 1024
    print(f"round trip to a loopback model server, request body {size} KiB, {args.runs} runs each")
    print(f"{'path':32} {'median ms':>10} {'min ms':>8} {'over HTTP':>10} {'min over':>9}")
    for label, times in rows:
        median = statistics.median(times)
        print(f"{label:32} {median:10.1f} {min(times):8.1f} {median - base:+10.1f} {min(times) - base_min:+9.1f}")
    litellm_median = statistics.median(rows[1][1])
    worst = max(statistics.median(t) for _, t in rows[2:])
    verdict = "meets" if worst - base <= GOAL_MS else "misses"
    print(f"archnb engine: {worst - base:.1f} ms per round trip over plain HTTP ({verdict} the "
          f"{GOAL_MS:g} ms goal), of which litellm itself {litellm_median - base:.1f} ms and "
          f"archnb {worst - litellm_median:.1f} ms")
    print(f"archnb's own work per draft, model call stubbed: median {statistics.median(alone):.1f} ms, "
          f"min {min(alone):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
