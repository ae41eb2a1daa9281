"""Renderers: pure functions from a TechnicalPlan to the text of each artifact.

They never print, read or write files, or import IPython; display and export call them.
Any text in a plan is escaped for the artifact it lands in, so it shows as written and
cannot change the artifact's structure.
"""

from __future__ import annotations

from archnb.render.markdown import render_report, render_text_summary
from archnb.render.mermaid import render_architecture, render_erd
from archnb.render.openapi import render_openapi, render_openapi_yaml
from archnb.render.sql import render_ddl

__all__ = [
    "render_architecture",
    "render_ddl",
    "render_erd",
    "render_openapi",
    "render_openapi_yaml",
    "render_report",
    "render_text_summary",
]
