"""Export formats. Each writer is a pure function `plan -> {relative path: text}`;
archnb.export does the file I/O. Writers are imported on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from archnb.plan import TechnicalPlan

Writer = Callable[..., dict[str, str]]

FORMATS: dict[str, tuple[str, str, str]] = {
    # name: (module, function, what it writes)
    "files": ("archnb.exports.files", "render_files",
              "plan.json, PLAN.md, architecture.mmd, erd.mmd, schema.sql, openapi.yaml"),
    "speckit": ("archnb.exports.speckit", "render_speckit",
                "spec-kit: plan.md, research.md, data-model.md, contracts/, quickstart.md, tasks.md"),
    "kiro": ("archnb.exports.kiro", "render_kiro",
             "Kiro spec: requirements.md (EARS), design.md, tasks.md"),
    "adr": ("archnb.exports.adr", "render_adr",
            "one MADR 4.0 record per decision: NNNN-slug.md"),
}


def get_writer(name: str) -> Writer:
    """Return the writer for format `name`, or raise UsageProblem naming the known formats."""
    if name not in FORMATS:
        import difflib

        from archnb.errors import UsageProblem

        close = difflib.get_close_matches(name, list(FORMATS), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UsageProblem(f"unknown export format {name!r}",
                           hint=f"{hint}use one of: {', '.join(FORMATS)}")
    module, function, _ = FORMATS[name]
    return getattr(importlib.import_module(module), function)


def render_export(
    plan: TechnicalPlan,
    format: str = "files",
    *,
    findings=None,
    parent: TechnicalPlan | None = None,
    date: str | None = None,
) -> dict[str, str]:
    """Return the files of `plan` in `format` as {relative path: text}, without writing."""
    return get_writer(format)(plan, findings=findings, parent=parent, date=date)
