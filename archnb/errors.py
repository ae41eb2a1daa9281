"""archnb's exceptions. The core raises these with a ready one-line message and a fix hint;
the magic and the CLI turn them into output (no traceback for a user's mistake)."""

from __future__ import annotations


class ArchnbError(Exception):
    """Base class. `str(err)` is the one line shown to the user; `hint` says how to fix it."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageProblem(ArchnbError):
    """The caller asked for something that cannot work: a bad option, file or value."""

    exit_code = 2


class SkillError(UsageProblem):
    """A skill was asked for that does not exist, or a skill file is malformed."""


class SourceError(UsageProblem):
    """A brief, plan or notebook could not be read."""


class PlanFailed(ArchnbError):
    """The engine could not produce a valid plan within the attempt limit."""

    def __init__(self, message: str, hint: str = "", envelope: object | None = None) -> None:
        super().__init__(message, hint)
        self.envelope = envelope


class DraftRejected(ArchnbError):
    """One attempt gave no usable plan; `problems` are fed back to the next attempt."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class ModelError(ArchnbError):
    """The language model or its provider failed (key, connection, rate limit, ...)."""


class Cancelled(ArchnbError):
    """The user interrupted the run."""
