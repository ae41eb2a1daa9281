"""Read a whole design: route each block (```mermaid, ```sql, bare text) to its parser."""

from __future__ import annotations

import re

from archnb.review.ddl import parse_ddl
from archnb.review.design import Design
from archnb.review.erd import parse_erd
from archnb.review.flowchart import parse_flowchart
from archnb.review.lists import heading, read_line, section_of
from archnb.review.source import Block, Line, ReviewParseError, split_blocks

_MERMAID = ("mermaid", "mmd")
_SQL = ("sql", "postgresql", "postgres", "pgsql", "psql", "plpgsql", "ddl")
_ERD_HEADER = re.compile(r"^erDiagram\b")
_FLOW_HEADER = re.compile(r"^(flowchart|graph)\b")
_DDL_START = re.compile(r"^(create|alter)\s", re.I)
_DIRECTIVE = re.compile(r"^%%")


def read_text(text: str, first_line: int = 1) -> Design:
    """Return everything the design says; raise ReviewParseError at the first unreadable line."""
    design = Design()
    for block in split_blocks(text, first_line):
        if block.language in _MERMAID:
            _mermaid(block, design)
        elif block.language in _SQL:
            parse_ddl(block.lines, 0, design, bare=False)
        else:
            _bare(block.lines, design)
    return design


def _mermaid(block: Block, design: Design) -> None:
    lines = _skip_frontmatter(block.lines, design)
    start = next(
        (
            k
            for k, line in enumerate(lines)
            if line.stripped and not _DIRECTIVE.match(line.stripped)
        ),
        None,
    )
    if start is None:
        return
    header = lines[start]
    if _ERD_HEADER.match(header.stripped):
        parse_erd(lines, start, design, bare=False)
    elif _FLOW_HEADER.match(header.stripped):
        parse_flowchart(lines, start, design, bare=False)
    else:
        raise header.fail(
            "`erDiagram` or `flowchart` as the first line of the mermaid block",
            "review reads entity-relationship diagrams and flowcharts",
        )


def _skip_frontmatter(lines: list[Line], design: Design) -> list[Line]:
    """Drop a `---` ... `---` block at the top of a Mermaid diagram, keeping its title."""
    body = [line for line in lines if line.stripped]
    if not body or body[0].stripped != "---":
        return lines
    start = lines.index(body[0])
    for k in range(start + 1, len(lines)):
        text = lines[k].stripped
        if text == "---":
            return lines[k + 1 :]
        if text.lower().startswith("title:") and not design.title:
            design.title = text.split(":", 1)[1].strip().strip("\"'")
    return lines


def _bare(lines: list[Line], design: Design) -> None:
    """Read bare text, where diagrams, DDL and lists may follow each other under headings."""
    section = "other"
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.stripped
        if not text or text.startswith(("<!--", "%%")):
            i += 1
            continue
        found = heading(text)
        if found and not _DDL_START.match(text):
            level, title = found
            if level == 1 and not design.title and design.is_empty():
                design.title = title
            section = section_of(title)
            i += 1
        elif _ERD_HEADER.match(text):
            i = parse_erd(lines, i, design, bare=True)
        elif _FLOW_HEADER.match(text):
            i = parse_flowchart(lines, i, design, bare=True)
        elif _DDL_START.match(text):
            i = parse_ddl(lines, i, design, bare=True)
        else:
            read_line(line, section, design)
            i += 1


def check_not_empty(design: Design) -> None:
    """Raise when nothing in the text was a design (only prose, or nothing at all)."""
    if design.is_empty():
        from archnb.review.source import FORMATS_HINT

        raise ReviewParseError(
            None,
            "found nothing to review: no erDiagram, CREATE TABLE, components or endpoints",
            hint=FORMATS_HINT,
        )
