"""Small Markdown helpers shared by the export writers: escaping, slugs, lists and tables.

Every piece of free text from a plan goes through `inline` (or `cell` in tables), so a
title such as "<script>" or "a | b" or "# heading" cannot change a document's structure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from archnb.plan import TechnicalPlan

# Underscores inside words never start emphasis in CommonMark, so book_id stays readable.
_MD_SPECIAL = re.compile(r"([\\`*\[\]<|&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_BLOCK_START = re.compile(r"^([#>+=-])")
_ORDERED_START = re.compile(r"^(\d+)([.)])")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
NONE = "—"


def inline(text: object) -> str:
    """Return `text` as one line of Markdown with its control characters escaped."""
    flat = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    # A line that starts like a heading, quote or list item would become one.
    escaped = _BLOCK_START.sub(r"\\\1", escaped)
    return _ORDERED_START.sub(r"\1\\\2", escaped)


def cell(text: object) -> str:
    """Return `text` escaped for a table cell (`inline` already escapes `|`), or a dash."""
    value = inline(text)
    return value if value else NONE


def code(text: object) -> str:
    """Return `text` as an inline code span that no backtick inside can close early."""
    flat = " ".join(str(text).split())
    fence = "`" * (max((len(m) for m in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def slug(text: object, limit: int = 48, fallback: str = "item") -> str:
    """Return a lowercase ASCII slug (letters, digits, single hyphens) of at most `limit` chars."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    words = _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or fallback


def bullets(items: Iterable[object], empty: str = "") -> list[str]:
    """Return Markdown bullet lines for `items`, or `[empty]` when there are none."""
    lines = [f"- {inline(item)}" for item in items]
    return lines or ([empty] if empty else [])


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """Return the lines of a Markdown table; cells are escaped, an empty cell shows a dash."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return lines


def requirement_links(serves: Iterable[str]) -> str:
    """Return requirement ids as 'FR-001, NFR-002', or a dash when there are none."""
    ids = list(serves)
    return ", ".join(ids) if ids else NONE


def fenced(language: str, body: str) -> list[str]:
    """Return a fenced code block whose fence is longer than any backtick run in `body`."""
    longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * (longest + 1)
    return [f"{fence}{language}", body.rstrip("\n"), fence]


def document(lines: Iterable[str]) -> str:
    """Join lines into a document with exactly one trailing newline and no trailing spaces."""
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def service_components(plan: TechnicalPlan) -> list[str]:
    """Return the ids of components that hold application code (services, workers, ...)."""
    kinds = {"service", "worker", "scheduler", "gateway"}
    ids = [c.id for c in plan.architecture.components if c.kind in kinds]
    return ids or ["app"]


def stack_choice(plan: TechnicalPlan, *words: str) -> str | None:
    """Return the stack choice whose layer name contains one of `words`, if any."""
    for choice in plan.stack:
        layer = choice.layer.lower()
        if any(word in layer for word in words):
            return choice.choice
    return None
