"""Prompt tokens: progressive disclosure (<available_skills> + load_skill on demand) against
inlining all skill bodies into the system prompt. Run: python benchmarks/bench_skills_tokens.py

Counts use litellm's tokenizer for gpt-4o (cl100k-class, bundled, no network).
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


def main() -> int:
    import litellm

    from archnb.skills import available_skills_block, load_skills, select_skills

    skillset = load_skills()
    skills = sorted(skillset.skills.values(), key=lambda s: s.name)

    def tokens(text: str) -> int:
        return litellm.token_counter(model="gpt-4o", text=text)

    inline = "\n\n".join(f"# Skill: {s.name}\n{s.body}" for s in skills)
    block = available_skills_block(skills)
    brief = (
        "A ticketing site for 50,000 concurrent fans: seat holds, payments with webhooks, "
        "e-mail tickets, and a public API for resellers."
    )
    chosen = select_skills(brief, skillset)
    # A typical run loads the bodies of the skills relevant to the brief (here: those the
    # automatic selection picks), so count the block plus those bodies as well.
    loaded = block + "\n\n" + "\n\n".join(s.body for s in chosen)

    started = time.perf_counter()
    rows = [
        (f"all {len(skills)} bodies inlined", tokens(inline)),
        ("<available_skills> block only", tokens(block)),
        (f"block + {len(chosen)} bodies loaded on demand", tokens(loaded)),
    ]
    elapsed = time.perf_counter() - started
    base = rows[0][1]
    print(f"{'prompt variant':45} {'tokens':>8} {'vs inline':>10}")
    for label, count in rows:
        print(f"{label:45} {count:8,d} {count / base:9.1%}")
    print(f"\nsaving of the block alone: {base / rows[1][1]:.1f}x fewer tokens than inlining")
    print(f"(tokenised in {elapsed:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
