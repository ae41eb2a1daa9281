"""IPython shells for the magic's tests, in layers; each test asks for the layer it needs.

- `ipython_shell`: the one InteractiveShell of the test session (IPython keeps a singleton);
- `ip_bare`: that shell, clean: empty user namespace, archnb not loaded, cwd a temp folder;
- `ip`: `ip_bare` with `%load_ext archnb` done (unloaded again afterwards);
- `architect_magics`: the ArchitectMagics instance the extension registered in `ip`;
- `ip_with_plan`: `ip` after one offline plan of SHOP_BRIEF, bound to `v1`;
- `kernel_like`: makes `ip` look like a Jupyter kernel, so progress uses display updates;
- `shell_notebook`: cells run one after another in `ip`, with outputs kept per cell.

`run_in_shell` runs one cell the way a notebook would see it: display outputs (with display-id
updates applied, as JupyterLab and nbclient apply them), stdout, stderr and the error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from IPython.core.displaypub import DisplayPublisher

PLAN_MIME = "application/vnd.archnb.plan+json"


class FrontendPublisher(DisplayPublisher):
    """A display publisher that keeps outputs per cell and applies display-id updates."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cells: list[list[dict]] = [[]]
        self.updates = 0

    def start_cell(self) -> list[dict]:
        self.cells.append([])
        return self.cells[-1]

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False) -> None:
        display_id = (transient or {}).get("display_id")
        output = {"data": data, "metadata": metadata or {}, "display_id": display_id}
        if update:
            self.updates += 1
            for cell in self.cells:
                for index, existing in enumerate(cell):
                    if existing["display_id"] == display_id:
                        cell[index] = output
            return
        self.cells[-1].append(output)

    def clear_output(self, wait: bool = False) -> None:
        self.cells[-1].clear()


@dataclass
class CellRun:
    """What one cell produced."""

    outputs: list[dict]
    stdout: str
    stderr: str
    error: BaseException | None = None
    result: Any = None

    @property
    def plans(self) -> list[dict]:
        """Return the plan record outputs (those carrying the plan MIME type)."""
        return [o for o in self.outputs if PLAN_MIME in o["data"]]

    def kinds(self) -> list[str]:
        """Return each non-plan output's archnb kind (diff, questions, svg, ...)."""
        return [o["metadata"].get("archnb", {}).get("kind", "") for o in self.outputs if PLAN_MIME not in o["data"]]

    def text(self) -> str:
        """Return everything a reader would see as text: outputs' plain text, stdout, stderr."""
        plain = [str(o["data"].get("text/plain", "")) for o in self.outputs]
        return "\n".join([*plain, self.stdout, self.stderr])


@dataclass
class ShellNotebook:
    """A sequence of cells run in one shell with one frontend, like a notebook session."""

    shell: Any
    publisher: FrontendPublisher = field(default_factory=FrontendPublisher)

    def run(self, source: str) -> CellRun:
        return run_in_shell(self.shell, source, self.publisher)


def run_in_shell(shell: Any, source: str, publisher: FrontendPublisher | None = None) -> CellRun:
    """Run `source` as one cell; return its outputs, streams and error (no exception escapes)."""
    import io
    import sys

    publisher = publisher or FrontendPublisher()
    outputs = publisher.start_cell()
    saved = shell.display_pub, sys.stdout, sys.stderr
    out, err = io.StringIO(), io.StringIO()
    shell.display_pub, sys.stdout, sys.stderr = publisher, out, err
    try:
        result = shell.run_cell(source, store_history=True)
    finally:
        shell.display_pub, sys.stdout, sys.stderr = saved
    error = result.error_before_exec or result.error_in_exec
    return CellRun(outputs, out.getvalue(), err.getvalue(), error, result.result)


@pytest.fixture(scope="session")
def ipython_shell():
    """Return the session's InteractiveShell, with history kept in memory."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell.instance(config=config)
    yield shell


@pytest.fixture
def ip_bare(ipython_shell, tmp_path, monkeypatch):
    """Return a clean shell: empty namespace, archnb not loaded, cwd an empty temp folder."""
    monkeypatch.chdir(tmp_path)
    for name in ("JPY_SESSION_NAME", "ARCHNB_MODEL", "ARCHNB_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    _unload(ipython_shell)
    yield ipython_shell
    _unload(ipython_shell)
    ipython_shell.reset(new_session=False)  # user namespace back to a fresh session's


@pytest.fixture
def ip(ip_bare):
    """Return a clean shell with `%load_ext archnb` done."""
    ip_bare.run_line_magic("load_ext", "archnb")
    yield ip_bare


@pytest.fixture
def architect_magics(ip):
    """Return the ArchitectMagics instance registered in `ip`."""
    return ip.magics_manager.registry["ArchitectMagics"]


@pytest.fixture
def kernel_like(ip, monkeypatch):
    """Make `ip` look like a Jupyter kernel (progress then updates a display in place)."""
    monkeypatch.setattr(ip, "kernel", object(), raising=False)
    return ip


SHOP_BRIEF = (
    "An online shop for a bakery chain: customers browse products, place orders and pay by "
    "card; staff manage stock in 12 stores. About 2,000 orders a day, 200 at the lunch peak."
)


@pytest.fixture
def ip_with_plan(ip):
    """Return `ip` after a `%%architect --name v1` cell planned SHOP_BRIEF on the offline engine."""
    run = run_in_shell(ip, f"%%architect --engine offline --name v1\n{SHOP_BRIEF}")
    assert run.error is None, run.text()
    return ip


@pytest.fixture
def shell_notebook(ip):
    """Return a ShellNotebook: cells run one after another in `ip`, outputs kept per cell."""
    return ShellNotebook(ip)


def _unload(shell) -> None:
    manager = shell.extension_manager
    if "archnb" in manager.loaded:
        manager.unload_extension("archnb")
    # %config merges into the shell's own Config, which a new ArchitectMagics would inherit.
    shell.config.pop("ArchitectMagics", None)
