"""Refinement: a parent plan plus new words (and answers to its open questions)."""

from __future__ import annotations

import re

from archnb.engines.base import DraftRequest
from archnb.plan import OpenQuestion, TechnicalPlan


def effective_brief(request: DraftRequest, asked_plan: TechnicalPlan | None = None
                    ) -> tuple[str, dict[str, tuple[str, str]]]:
    """Return the brief to read and the answers as {question text: (question id, answer)}.

    With a parent plan the brief is the parent's brief followed by the new text (unless the
    new text already contains it). Answers are appended as sentences so their figures and
    words are read like the rest of the brief.
    """
    brief = request.brief.strip()
    parent = request.parent
    if parent is not None and parent.brief and parent.brief.strip() not in brief:
        brief = f"{parent.brief.strip()}\n\n{brief}" if brief else parent.brief.strip()
    asked = _questions_asked(asked_plan or parent)
    answers: dict[str, tuple[str, str]] = {}
    lines = []
    for key, answer in sorted(getattr(request.options, "answers", {}).items()):
        answer = " ".join(str(answer).split())
        if not answer:
            continue
        qid, question = _find_question(key, asked)
        answers[_norm(question or key)] = (qid or key, answer)
        lines.append(f"{answer.rstrip('.')}.")
    if lines:
        brief = brief + "\n\n" + "\n".join(lines)
    return brief, answers


def _questions_asked(parent: TechnicalPlan | None) -> list[OpenQuestion]:
    return list(parent.open_questions) if parent is not None else []


def _find_question(key: str, asked: list[OpenQuestion]) -> tuple[str, str]:
    for q in asked:
        if q.id.lower() == key.strip().lower() or _norm(q.question) == _norm(key):
            return q.id, q.question
    return "", ""


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def finish(plan: TechnicalPlan, request: DraftRequest, answers: dict[str, tuple[str, str]],
           asked_plan: TechnicalPlan | None = None) -> TechnicalPlan:
    """Apply answers to open questions, number them, and link superseded decisions.

    An answered question leaves the list and its assumption gives way to the answer. The
    answer is recorded even when its words already settled the question (the question
    then is not asked again at all).
    """
    questions = []
    assumptions = list(plan.assumptions)
    used: set[str] = set()
    for q in plan.open_questions:
        key = _norm(q.question)
        hit = answers.get(key)
        if hit is not None:
            used.add(key)
            assumptions = [a for a in assumptions if a != q.assumption]
            assumptions.append(f"Answered ({q.question}): {hit[1]}")
            continue
        questions.append(q)
    for key, (qid, answer) in answers.items():
        if key in used:
            continue
        asked = _asked_text(asked_plan, qid)
        old = _asked_assumption(asked_plan, qid)
        assumptions = [a for a in assumptions if a != old]
        assumptions.append(f"Answered ({asked or qid}): {answer}")
    numbered = [q.model_copy(update={"id": f"Q{i}"}) for i, q in enumerate(questions[:5], start=1)]
    decisions = _supersede(plan, request.parent)
    return plan.model_copy(update={"open_questions": numbered, "assumptions": assumptions,
                                   "decisions": decisions})


def _asked_text(parent: TechnicalPlan | None, qid: str) -> str:
    for q in _questions_asked(parent):
        if q.id == qid:
            return q.question
    return ""


def _asked_assumption(parent: TechnicalPlan | None, qid: str) -> str:
    for q in _questions_asked(parent):
        if q.id == qid:
            return q.assumption
    return ""


def _supersede(plan: TechnicalPlan, parent: TechnicalPlan | None) -> list:
    if parent is None:
        return plan.decisions
    previous = {d.title.lower(): d for d in parent.decisions}
    out = []
    for decision in plan.decisions:
        old = previous.get(decision.title.lower())
        if old is not None and old.choice != decision.choice:
            decision = decision.model_copy(update={"supersedes": old.id})
        out.append(decision)
    return out
