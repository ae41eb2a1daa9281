"""Plans kept in files: every plan output of a notebook (.ipynb), and plan.json files.

A plan output is a display_data (or execute_result) whose data holds
`application/vnd.archnb.plan+json`. Its metadata (plan_id, parent_id, created_at,
engine, model) may sit at the top of the output metadata, under "archnb", or under the
MIME type; the plan itself is the fallback for everything except created_at.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from archnb.errors import SourceError
from archnb.plan import TechnicalPlan

MIME = "application/vnd.archnb.plan+json"
PLAN_OUTPUTS = ("display_data", "execute_result", "update_display_data")


@dataclass
class NotebookPlan:
    """One plan output of a notebook, with where and when it was made."""

    plan: TechnicalPlan
    plan_id: str
    parent_id: str | None
    cell_index: int  # 0-based position of the cell in the notebook
    created_at: str | None
    engine: str
    model: str | None
    title: str
    name: str | None = None  # the variable the magic stored it in, when recorded

    def summary(self) -> dict[str, Any]:
        """Return the listing fields as plain JSON data (no plan body)."""
        return {
            "plan_id": self.plan_id,
            "parent_id": self.parent_id,
            "cell_index": self.cell_index,
            "created_at": self.created_at,
            "engine": self.engine,
            "model": self.model,
            "title": self.title,
            "name": self.name,
        }


@dataclass
class NotebookHistory:
    """The plans of one notebook in notebook order, and problems with outputs that were skipped."""

    path: Path
    plans: list[NotebookPlan] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def find(self, ref: str | None = None) -> NotebookPlan:
        """Return the plan `ref` names (id, unique id prefix or name); the last one if None."""
        return find_plan(self.plans, ref, self.path)

    def by_id(self, plan_id: str | None) -> NotebookPlan | None:
        return next((p for p in self.plans if p.plan_id == plan_id), None) if plan_id else None

    def tree(self) -> list[tuple[int, NotebookPlan]]:
        """Return (depth, plan) pairs: each plan under the plan it refines, notebook order."""
        return version_tree(self.plans)


def read_plans(path: str | Path) -> list[NotebookPlan]:
    """Return every plan output of the notebook at `path`, in notebook order."""
    return read_history(path).plans


def read_history(path: str | Path) -> NotebookHistory:
    """Return the notebook's plans and the problems of any plan output that could not be read."""
    path = Path(path)
    cells = notebook_cells(_read_text(path, "notebook"), path)
    history = NotebookHistory(path=path)
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", None) or []:
            if not is_plan_output(output):
                continue
            entry = _read_output(output, index, history.problems)
            if entry is not None and entry.plan_id not in seen:
                seen.add(entry.plan_id)
                history.plans.append(entry)
    return history


def notebook_cells(text: str, path: Path | str = "notebook") -> list[dict[str, Any]]:
    """Return the cells of a notebook's text, or raise SourceError if it is not a notebook.

    Version 4 notebooks (every Jupyter since 2015) are read as plain JSON: importing
    nbformat pulls in jsonschema's format checkers, which costs seconds, and `git diff`
    runs the textconv once per file. Older versions go through nbformat's converters.
    """
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("nbformat") == 4 and isinstance(data.get("cells"), list):
        return [cell for cell in data["cells"] if isinstance(cell, dict)]
    try:
        import nbformat

        return list(nbformat.reads(text, as_version=4).cells)
    except Exception:  # nbformat raises JSON, schema and conversion errors of many types
        raise SourceError(f"{path} is not a Jupyter notebook", hint=_not_notebook_hint(text)) from None


def is_plan_output(output: Any) -> bool:
    """Return True for a display_data or execute_result output that carries a plan."""
    return (
        isinstance(output, dict)
        and output.get("output_type") in PLAN_OUTPUTS
        and isinstance(output.get("data"), dict)
        and MIME in output["data"]
    )


def cell_source(cell: dict[str, Any]) -> str:
    """Return a cell's source as one string (saved notebooks may split it into lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _read_output(output: Any, index: int, problems: list[str]) -> NotebookPlan | None:
    raw = output["data"][MIME]
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
        plan = TechnicalPlan.model_validate(data)
    except (ValueError, ValidationError) as err:
        problems.append(f"cell {index + 1}: a plan output could not be read ({_first_error(err)})")
        return None
    meta = _output_metadata(output.get("metadata", {}))
    plan_id = plan.plan_id or str(meta.get("plan_id") or "") or plan.content_hash()
    return NotebookPlan(
        plan=plan,
        plan_id=plan_id,
        parent_id=plan.metadata.parent_id or meta.get("parent_id") or None,
        cell_index=index,
        created_at=meta.get("created_at"),
        engine=str(meta.get("engine") or plan.metadata.engine),
        model=meta.get("model") or plan.metadata.model,
        title=plan.title,
        name=meta.get("name"),
    )


def _output_metadata(metadata: Any) -> dict[str, Any]:
    """Merge the places an output's metadata may keep archnb's fields (later ones win)."""
    if not isinstance(metadata, dict):
        return {}
    merged = {k: v for k, v in metadata.items() if not isinstance(v, dict)}
    for key in ("archnb", MIME):
        nested = metadata.get(key)
        if isinstance(nested, dict):
            merged.update(nested)
    return merged


def _first_error(err: Exception) -> str:
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "plan"
        return f"{where}: {first['msg']}"
    return str(err).splitlines()[0][:120]


def _read_text(path: Path, what: str) -> str:
    if not path.exists():
        raise SourceError(f"no such {what}: {path}", hint="check the path")
    if path.is_dir():
        raise SourceError(f"{path} is a folder, not a {what} file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{path} is not a text file") from None
    except OSError as err:
        raise SourceError(f"cannot read {path}: {err.strerror or err}") from None


def _not_notebook_hint(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return "give an .ipynb file saved by Jupyter"
    if isinstance(data, dict) and "architecture" in data and "title" in data:
        return "this looks like a plan.json; commands that take a notebook also take a plan.json"
    return "give an .ipynb file saved by Jupyter"


# --- finding plans --------------------------------------------------------------------


def find_plan(plans: list[NotebookPlan], ref: str | None, where: Path | str = "the notebook") -> NotebookPlan:
    """Return the plan `ref` names: an id, a unique id prefix or a stored name; None = last."""
    if not plans:
        raise SourceError(f"no plans in {where}",
                          hint="run a %%architect cell and save the notebook before reading it")
    if ref is None or ref == "":
        return plans[-1]
    ref = ref.strip()
    exact = [p for p in plans if p.plan_id == ref or (p.name and p.name == ref)]
    if exact:
        return exact[-1]
    matches = [p for p in plans if p.plan_id.startswith(ref.lower())]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        ids = ", ".join(p.plan_id for p in matches[:5])
        raise SourceError(f"{ref!r} matches {len(matches)} plans in {where}: {ids}",
                          hint="give more characters of the id")
    choices = [p.plan_id for p in plans] + [p.name for p in plans if p.name]
    close = difflib.get_close_matches(ref, choices, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise SourceError(f"no plan {ref!r} in {where}", hint=f"{hint}`archnb plans {where}` lists them")


def version_tree(plans: list[NotebookPlan]) -> list[tuple[int, NotebookPlan]]:
    """Return (depth, plan) pairs in tree order: roots in notebook order, each refinement below."""
    ids = {p.plan_id for p in plans}
    children: dict[str | None, list[NotebookPlan]] = {}
    for plan in plans:
        parent = plan.parent_id if plan.parent_id in ids and plan.parent_id != plan.plan_id else None
        children.setdefault(parent, []).append(plan)
    ordered: list[tuple[int, NotebookPlan]] = []
    visited: set[str] = set()

    def walk(plan: NotebookPlan, depth: int) -> None:
        if plan.plan_id in visited:
            return
        visited.add(plan.plan_id)
        ordered.append((depth, plan))
        for child in children.get(plan.plan_id, []):
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    for plan in plans:  # plans caught in a parent cycle still get listed
        walk(plan, 0)
    return ordered


# --- any plan source: plan.json, notebook, notebook#id --------------------------------


@dataclass
class PlanSource:
    """A plan read from a file, with the notebook entry and parent when it came from one."""

    plan: TechnicalPlan
    path: Path
    entry: NotebookPlan | None = None
    history: NotebookHistory | None = None

    @property
    def parent(self) -> TechnicalPlan | None:
        """Return the plan this one refines, when the same notebook holds it."""
        if self.history is None:
            return None
        found = self.history.by_id(self.plan.metadata.parent_id)
        return found.plan if found else None

    @property
    def label(self) -> str:
        return f"{self.path}#{self.plan.plan_id}" if self.entry else str(self.path)


def split_ref(spec: str) -> tuple[str, str | None]:
    """Split 'nb.ipynb#ID' into ('nb.ipynb', 'ID'); a path with no '#ID' gives (path, None)."""
    if "#" in spec and not Path(spec).exists():
        path, _, ref = spec.rpartition("#")
        return path, ref or None
    return spec, None


def load_source(spec: str | Path, ref: str | None = None) -> PlanSource:
    """Return the plan in `spec`: a plan.json, a notebook (last plan, or `ref`), or 'nb#ID'."""
    path_text, inline_ref = split_ref(str(spec))
    ref = ref or inline_ref
    path = Path(path_text)
    text = _read_text(path, "file")
    kind = file_kind(text)
    if kind == "plan":
        if ref:
            raise SourceError(f"{path} is a plan.json with one plan; it takes no plan id {ref!r}")
        return PlanSource(plan=read_plan_text(text, path), path=path)
    if kind == "notebook":
        history = read_history(path)
        entry = history.find(ref)
        return PlanSource(plan=entry.plan, path=path, entry=entry, history=history)
    raise SourceError(f"{path} is neither a notebook nor a plan.json",
                      hint="give an .ipynb with %%architect outputs or a plan.json from archnb")


def file_kind(text: str) -> str:
    """Return 'notebook', 'plan' or 'other' for a file's text."""
    try:
        data = json.loads(text)
    except ValueError:
        return "other"
    if not isinstance(data, dict):
        return "other"
    if "nbformat" in data or "cells" in data:
        return "notebook"
    if "title" in data and "architecture" in data:
        return "plan"
    return "other"


def read_plan_file(path: str | Path) -> TechnicalPlan:
    """Return the plan in a plan.json file, or raise SourceError saying what is wrong."""
    path = Path(path)
    return read_plan_text(_read_text(path, "plan file"), path)


def read_plan_text(text: str, path: Path | str = "plan.json") -> TechnicalPlan:
    """Return the plan in `text` (plan.json contents), or raise SourceError."""
    try:
        return TechnicalPlan.model_validate_json(text)
    except ValidationError as err:
        if err.errors()[0]["type"] == "json_invalid":
            raise SourceError(f"{path} is not valid JSON", hint="give a plan.json written by archnb") from None
        raise SourceError(f"{path} is not a valid plan: {_first_error(err)}",
                          hint="give a plan.json written by archnb") from None
