"""Engines draft a TechnicalPlan from a brief. Built-ins use the same protocol as any other."""

from __future__ import annotations

from archnb.engines.base import DraftRequest, Engine, get_engine

__all__ = ["DraftRequest", "Engine", "get_engine"]
