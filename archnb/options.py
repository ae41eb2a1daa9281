"""ArchitectOptions: every knob of one planning run, checked at the boundary."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from archnb.plan import TechnicalPlan


class ArchitectOptions(BaseModel):
    """Options for `archnb.architect`. Unknown names are errors (a typo must not be ignored)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    engine: Literal["auto", "offline", "llm"] = Field(
        "auto", description="offline (deterministic, no key), llm, or auto: llm when a model is set"
    )
    model: str | None = Field(None, description="litellm model name, e.g. openai/gpt-4o-mini")
    api_base: str | None = Field(None, description="OpenAI-compatible base URL (Ollama, proxy)")
    temperature: float | None = Field(None, ge=0, le=2)
    timeout: float = Field(120.0, gt=0, description="Seconds per model call")
    skills: list[str] = Field(default_factory=list, description="Skill names to use")
    areas: list[str] = Field(default_factory=list, description="Skill areas to use")
    attempts: int = Field(3, ge=1, le=10, description="Tries to get a valid plan")
    max_tool_rounds: int = Field(8, ge=0, le=50)
    mcp: str | None = Field(None, description="Path of an mcpServers JSON file")
    parent: TechnicalPlan | None = Field(None, description="Plan being refined")
    answers: dict[str, str] = Field(default_factory=dict, description="Answers to open questions")
    principles: str | None = Field(None, description="Path of a principles.toml")
    review: bool = Field(False, description="Treat the brief as a design to review")
    first_line: int = Field(
        1, ge=1, description="Line number of the brief's first line, for review messages "
        "(2 in a %%architect cell, whose line 1 is the magic)"
    )
    cwd: Path | None = Field(None, description="Folder for skills, .env and .archnb/ lookups")

    @field_validator("skills", "areas", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def resolved(self) -> ArchitectOptions:
        """Return a copy with environment defaults filled in and `engine` made concrete."""
        model = self.model or os.environ.get("ARCHNB_MODEL") or None
        api_base = self.api_base or os.environ.get("ARCHNB_API_BASE") or None
        engine = self.engine
        if engine == "auto":
            engine = "llm" if model else "offline"
        return self.model_copy(update={"model": model, "api_base": api_base, "engine": engine})
