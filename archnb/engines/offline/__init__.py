"""The offline engine: a deterministic Backend Architect that needs no model or key.

It works in three steps: read the brief into facts (reader.py), apply the skills'
rules to those facts (rules.py), and draft the full plan (draft.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archnb.engines.base import DraftRequest
    from archnb.plan import TechnicalPlan

__all__ = ["OfflineEngine"]


class OfflineEngine:
    """Drafts a TechnicalPlan from the brief alone: same brief, same plan, every time."""

    name = "offline"
    learns_from_feedback = False

    def draft(self, request: DraftRequest) -> TechnicalPlan:
        """Return the plan for `request.brief` (and its parent plan and answers, if refining)."""
        from archnb.engines.offline.draft import draft_plan

        return draft_plan(request)
