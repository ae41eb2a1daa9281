"""The student's text as numbered lines and blocks, and the error that points at one line.

A design may mix ``` fences (```mermaid, ```sql, or unlabelled) with bare text. Fences are
split off first, so each parser sees only its own lines, with the numbers the student sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archnb.errors import UsageProblem

_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*(?P<lang>[A-Za-z0-9_+-]*)[^`]*$")
FORMATS_HINT = (
    "paste a Mermaid erDiagram, PostgreSQL CREATE TABLE statements, component lines like "
    "`- api: service, Python FastAPI`, or endpoint lines like `GET /books`"
)


class ReviewParseError(UsageProblem):
    """A design that cannot be read; the message starts with the student's line number."""

    def __init__(self, line: int | None, message: str, text: str = "", hint: str = "") -> None:
        where = f"line {line}: " if line else ""
        super().__init__(f"{where}{message}", hint=hint)
        self.line = line
        self.text = text


@dataclass(frozen=True)
class Line:
    """One line of the design, numbered as the student sees it."""

    number: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    def fail(self, expected: str, hint: str = "") -> ReviewParseError:
        """Return the error for this line: what was expected, and what it says instead."""
        return ReviewParseError(
            self.number, f"expected {expected}, got `{shorten(self.stripped)}`", self.text, hint
        )


@dataclass
class Block:
    """A run of lines: the inside of one fence, or bare text between fences."""

    lines: list[Line] = field(default_factory=list)
    language: str = ""
    fenced: bool = False


def shorten(text: str, limit: int = 60) -> str:
    """Return `text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split()).replace("`", "'")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def split_blocks(text: str, first_line: int = 1) -> list[Block]:
    """Return the design as blocks; an unclosed fence is an error at the line that opened it."""
    blocks: list[Block] = [Block()]
    opened: tuple[Line, str] | None = None
    for offset, raw in enumerate(text.splitlines()):
        line = Line(first_line + offset, raw.rstrip())
        match = _FENCE.match(line.text)
        if opened is None and match:
            opened = (line, match["fence"])
            blocks.append(Block(language=match["lang"].lower(), fenced=True))
        elif opened is not None and _closes(line.text, opened[1]):
            opened = None
            blocks.append(Block())
        else:
            blocks[-1].lines.append(line)
    if opened is not None:
        start = opened[0]
        raise ReviewParseError(
            start.number,
            f"the {opened[1]} fence opened here is never closed",
            start.text,
            f"end the block with a line holding only {opened[1]}",
        )
    return [b for b in blocks if b.fenced or any(line.stripped for line in b.lines)]


def _closes(text: str, fence: str) -> bool:
    stripped = text.strip()
    return stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}
