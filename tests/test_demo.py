"""archnb.demo: the quickstart notebook (as shipped and as executed) and `archnb demo`'s parts."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import nbformat
import pytest

from archnb.demo import (
    EXPORT_FOLDER,
    NOTEBOOK_NAME,
    QUICKSTART_BRIEF,
    quickstart_notebook,
    run_demo,
    write_quickstart,
)
from archnb.exports.files import FILES

REPO_NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / NOTEBOOK_NAME


def test_the_repository_notebook_is_the_packaged_one(tmp_path):
    # `archnb demo` builds the notebook from the package, so that it works from a wheel;
    # regenerate the file with `python -m archnb.demo notebooks/00-quickstart.ipynb`.
    fresh = write_quickstart(tmp_path / NOTEBOOK_NAME)
    assert REPO_NOTEBOOK.read_bytes() == fresh.read_bytes()


def test_the_quickstart_plans_refines_and_exports():
    sources = [c.source for c in quickstart_notebook().cells if c.cell_type == "code"]
    assert sources[0] == "%load_ext archnb"
    assert sources[1] == "%%architect --name plan\n" + QUICKSTART_BRIEF.rstrip("\n")
    assert sources[2].startswith("%%architect --refine plan --name plan_v2\n")
    assert sources[3] == f"%architect export plan_v2 {EXPORT_FOLDER}"


@pytest.mark.slow
def test_the_quickstart_runs_top_to_bottom_on_the_offline_engine(executed_quickstart):
    code = [c for c in executed_quickstart.nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    listing = code[-1].outputs[-1]["data"]["text/plain"]
    assert ast.literal_eval(listing) == sorted(FILES)
    engines = {o["metadata"]["application/vnd.archnb.plan+json"]["engine"]
               for c in code for o in c.outputs
               if "application/vnd.archnb.plan+json" in o.get("data", {})}
    assert engines == {"offline"}


def test_demo_without_nbclient_still_writes_everything(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "nbclient", None)
    report = run_demo(tmp_path / "demo")
    assert report.ok
    assert report.files == list(FILES)
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == sorted([*FILES, "brief.md", NOTEBOOK_NAME])
    assert "not executed: pip install nbclient ipykernel" in report.describe()
    nb = nbformat.read(str(tmp_path / "demo" / NOTEBOOK_NAME), as_version=4)
    assert [c.source for c in nb.cells] == [c.source for c in quickstart_notebook().cells]
