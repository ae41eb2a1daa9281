"""The quickstart: its brief, its notebook, and `archnb demo`, which runs them end to end.

The notebook is built here with nbformat rather than shipped as a file, so the command works
from an installed wheel; notebooks/00-quickstart.ipynb in the repository is this notebook,
written by `python -m archnb.demo notebooks/00-quickstart.ipynb` (a test keeps them equal).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUICKSTART_BRIEF = """\
A neighbourhood bookshop wants to sell online. Customers browse books, add them to a
cart and place orders; each order has many order items, and each book belongs to a
publisher. Staff manage stock and ship orders. Payments go through Stripe, and customers
get an email when their order ships.

We expect 20,000 registered customers, about 50 requests per second at peak, and a p95
latency under 300 ms. The team is three Python developers, so keep it simple.
"""

QUICKSTART_REFINEMENT = """\
Customers can write reviews of books they bought, and search the catalogue by title or author.
"""

NOTEBOOK_NAME = "00-quickstart.ipynb"
EXPORT_FOLDER = "quickstart-plan"

_ARTIFACTS = {
    "plan.json": "the plan itself, the versioned record",
    "PLAN.md": "the report, with Mermaid diagrams",
    "architecture.mmd": "the architecture diagram (Mermaid)",
    "erd.mmd": "the entity-relationship diagram (Mermaid)",
    "schema.sql": "PostgreSQL DDL: psql -f schema.sql",
    "openapi.yaml": "the API contract, OpenAPI 3.1",
}


def quickstart_notebook() -> Any:
    """Return the quickstart notebook (unexecuted) as an nbformat NotebookNode."""
    import nbformat
    from nbformat import v4

    cells = [
        v4.new_markdown_cell(
            "# archnb quickstart\n\n"
            "Describe a backend in a `%%architect` cell and get a checked Technical Plan: an "
            "architecture diagram, an ERD, PostgreSQL DDL, an OpenAPI 3.1 draft, the stack, the "
            "decisions and the steps. This notebook runs on the offline engine: no API key needed."
        ),
        v4.new_code_cell("%load_ext archnb"),
        v4.new_markdown_cell(
            "## 1. A brief becomes a plan\n\n"
            "The cell body is the brief. `--name plan` keeps the result in a variable."
        ),
        v4.new_code_cell("%%architect --name plan\n" + QUICKSTART_BRIEF.rstrip("\n")),
        v4.new_markdown_cell(
            "## 2. Refine it\n\n"
            "`--refine plan` makes a new version of the plan: the cell body is added to its "
            "brief, and the diff against the first version is shown under the plan."
        ),
        v4.new_code_cell("%%architect --refine plan --name plan_v2\n" + QUICKSTART_REFINEMENT.rstrip("\n")),
        v4.new_markdown_cell(
            "## 3. Export it\n\n"
            "The six files of the plan, written atomically into one folder. "
            "`--format speckit`, `kiro` or `adr` write spec-kit, Kiro or ADR files instead."
        ),
        v4.new_code_cell(f"%architect export plan_v2 {EXPORT_FOLDER}"),
        v4.new_code_cell(
            "from pathlib import Path\n\n"
            f"sorted(p.name for p in Path({EXPORT_FOLDER!r}).iterdir())"
        ),
        v4.new_markdown_cell(
            "## Next\n\n"
            "Save the notebook, then from a terminal:\n\n"
            f"- `archnb plans {NOTEBOOK_NAME}`: the versions, each refinement under its parent\n"
            f"- `archnb diff {NOTEBOOK_NAME}`: what the refinement changed\n"
            f"- `archnb export {NOTEBOOK_NAME} -o spec --format speckit`: spec-kit files\n"
            "- `%architect help` lists every subcommand; `%%architect?` every option."
        ),
    ]
    for number, cell in enumerate(cells, 1):
        cell["id"] = f"quickstart-{number:02d}"  # stable ids: the file only changes when its content does
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    return nb


def write_quickstart(path: str | Path) -> Path:
    """Write the unexecuted quickstart notebook to `path`; return the path."""
    import nbformat

    path = Path(path)
    nbformat.write(quickstart_notebook(), str(path))
    return path


# --- archnb demo ----------------------------------------------------------------------


@dataclass
class DemoReport:
    """What `archnb demo` made, and what to open next."""

    folder: Path
    plan_id: str = ""
    title: str = ""
    status: str = ""
    files: list[str] = field(default_factory=list)
    notebook: str | None = None
    notebook_note: str = ""
    ok: bool = True

    def describe(self) -> str:
        """Return the lines printed at the end of `archnb demo`."""
        where = self.folder
        lines = [f"archnb demo: planned {self.title!r} (plan {self.plan_id}, offline engine, "
                 f"{self.status}) into {where}/"]
        for name in self.files:
            lines.append(f"  {str(where / name):40} {_ARTIFACTS.get(name, '')}".rstrip())
        if self.notebook:
            lines.append(f"  {str(where / self.notebook):40} the quickstart notebook, {self.notebook_note}")
        elif self.notebook_note:
            lines.append(f"  notebook: {self.notebook_note}")
        lines.append("next:")
        if self.notebook:
            lines.append(f"  jupyter lab {where / self.notebook}     open the notebook (diagrams render inline)")
            lines.append(f"  archnb plans {where / self.notebook}    its plan versions")
            lines.append(f"  archnb diff {where / self.notebook}     what the refinement changed")
        lines.append(f"  archnb lint {where / 'plan.json'}")
        return "\n".join(lines)


def run_demo(folder: Path, progress: Callable[[str], None] | None = None) -> DemoReport:
    """Plan the quickstart brief offline into `folder`, with an executed quickstart notebook."""
    from archnb.api import architect
    from archnb.export import export_plan, write_files

    say = progress or (lambda message: None)
    folder = Path(folder).expanduser()
    say("planning the quickstart brief on the offline engine")
    result = architect(QUICKSTART_BRIEF, engine="offline", progress=say)
    report = DemoReport(folder=folder, plan_id=result.plan.plan_id, title=result.plan.title,
                        status=result.envelope.status)
    report.files = export_plan(result.plan, folder, findings=result.findings)
    write_files(folder, {"brief.md": QUICKSTART_BRIEF})
    say("running the quickstart notebook")
    _notebook(folder, report)
    return report


def _notebook(folder: Path, report: DemoReport) -> None:
    import nbformat

    from archnb.export import write_files

    nb = quickstart_notebook()
    try:
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError:
        write_files(folder, {NOTEBOOK_NAME: nbformat.writes(nb) + "\n"})
        report.notebook = NOTEBOOK_NAME
        report.notebook_note = "not executed: pip install nbclient ipykernel to run it here"
        return
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    try:
        # The kernel's own log (e.g. ipykernel's TCP notice) is not for the demo's reader;
        # errors in cells still arrive as outputs.
        client.execute(env=_offline_env(), stderr=subprocess.DEVNULL)
        report.notebook_note = "executed"
    except CellExecutionError as err:
        report.ok = False
        report.notebook_note = f"stopped at an error: {_first_line(err)}"
    except Exception as err:  # no kernel, kernel died, timeout: the artifacts are still there
        nb = quickstart_notebook()
        report.notebook_note = (f"not executed ({type(err).__name__}: {_first_line(err)}); "
                                "pip install ipykernel, then run it yourself")
    write_files(folder, {NOTEBOOK_NAME: nbformat.writes(nb) + "\n"})
    report.notebook = NOTEBOOK_NAME


def _offline_env() -> dict[str, str]:
    """The kernel's environment: the caller's, minus the settings that would pick a model."""
    import os

    return {k: v for k, v in os.environ.items() if k not in ("ARCHNB_MODEL", "ARCHNB_API_BASE")}


def _first_line(err: Exception) -> str:
    lines = [line for line in str(err).splitlines() if line.strip()]
    return lines[-1][:200] if lines else type(err).__name__


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else f"notebooks/{NOTEBOOK_NAME}"
    print(write_quickstart(target))
