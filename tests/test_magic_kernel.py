"""The magic in a real IPython kernel driven by nbclient: what a saved notebook really holds."""

from __future__ import annotations

import nbformat
import pytest
from support.notebooks import run_notebook
from support.shells import SHOP_BRIEF

pytestmark = pytest.mark.slow

PLAN_MIME = "application/vnd.archnb.plan+json"
BREAK_THE_CORE = """\
import archnb.api
from archnb.errors import PlanFailed

def _no_plan(brief, progress=None, **options):
    progress("attempt 1/3: drafting")
    raise PlanFailed("no valid plan after 3 attempt(s): ERD001 at order", hint="rerun with --attempts higher")

archnb.api.architect = _no_plan
"""


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run one notebook: a plan, a failing run, a usage error, then history and the kept name."""
    cells = [
        "%load_ext archnb",
        f"%%architect --engine offline --name v1\n{SHOP_BRIEF}",
        "%%architect --skills designing-api\nA shop that sells bread.",
        BREAK_THE_CORE,
        f"%%architect --name v1\n{SHOP_BRIEF}",
        "%architect history",
        "print(v1.plan.plan_id)",
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    for index in (2, 4):
        nb.cells[index].metadata["tags"] = ["raises-exception"]
    folder = tmp_path_factory.mktemp("kernel")
    return run_notebook(nb, folder, save_as=folder / "magic.ipynb")


def test_a_plan_cell_keeps_exactly_one_output_the_record(executed):
    outputs = executed.cells[1].outputs
    assert [o.output_type for o in outputs] == ["display_data"]  # the progress line became the plan
    assert PLAN_MIME in outputs[0].data
    meta = outputs[0].metadata[PLAN_MIME]
    assert meta["plan_id"] == outputs[0].data[PLAN_MIME]["plan_id"]
    assert meta["name"] == "v1" and meta["created_at"]


def test_a_usage_error_is_one_stderr_line(executed):
    outputs = executed.cells[2].outputs
    assert [(o.output_type, o.get("name")) for o in outputs] == [("stream", "stderr")]
    assert outputs[0].text.startswith("UsageError: unknown skill 'designing-api'")
    assert outputs[0].text.count("\n") == 1


def test_a_failed_run_is_a_one_line_error_and_leaves_the_plan_alone(executed):
    outputs = executed.cells[4].outputs
    errors = [o for o in outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "ArchitectFailed"
    assert len(errors[0].traceback) == 1
    assert "archnb:" in errors[0].traceback[0]
    assert "no valid plan after 3 attempt(s)" in errors[0].traceback[0]
    assert not any(PLAN_MIME in o.get("data", {}) for o in outputs)
    assert [o.data for o in outputs if o.output_type == "display_data"] == [{"text/plain": ""}]
    assert PLAN_MIME in executed.cells[1].outputs[0].data  # the earlier output is untouched
    first_id = executed.cells[1].outputs[0].data[PLAN_MIME]["plan_id"]
    assert executed.cells[6].outputs[0].text.strip() == first_id  # v1 still names the first plan


def test_history_in_the_kernel_lists_the_session_plan(executed):
    table = executed.cells[5].outputs[0].data["text/plain"]
    first_id = executed.cells[1].outputs[0].data[PLAN_MIME]["plan_id"]
    assert first_id in table and "as v1" in table
