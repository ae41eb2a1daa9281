"""The small protocol every engine implements, and the registry that finds one by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from archnb.errors import UsageProblem

if TYPE_CHECKING:
    from archnb.options import ArchitectOptions
    from archnb.plan import TechnicalPlan
    from archnb.skills import Skill

Progress = Callable[[str], None]


@dataclass
class DraftRequest:
    """Everything an engine needs for one attempt."""

    brief: str
    skills: list[Skill]
    options: ArchitectOptions
    attempt: int = 1
    feedback: list[str] = field(default_factory=list)  # problems found in the previous attempt
    previous: TechnicalPlan | None = None  # the previous attempt's plan, if it parsed
    parent: TechnicalPlan | None = None  # the plan being refined
    progress: Progress = lambda message: None
    extra: dict[str, Any] = field(default_factory=dict)


class Engine(Protocol):
    name: str

    def draft(self, request: DraftRequest) -> TechnicalPlan:
        """Return a plan for the request, or raise an ArchnbError."""
        ...


ENGINE_NAMES = ("offline", "llm")


def get_engine(name: str) -> Engine:
    """Return the engine called `name`; imports are lazy so litellm loads only for 'llm'."""
    if name == "offline":
        from archnb.engines.offline import OfflineEngine

        return OfflineEngine()
    if name == "llm":
        from archnb.engines.llm import LLMEngine

        return LLMEngine()
    raise UsageProblem(f"unknown engine {name!r}", hint="use --engine offline or --engine llm")
