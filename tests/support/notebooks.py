"""Notebooks executed for real: nbclient drives an IPython kernel, as Jupyter would.

`run_notebook` executes a notebook (a path or a NotebookNode) in a folder and returns the
executed notebook; `executed_quickstart` runs archnb's quickstart notebook once per test
session and saves it, so the records tests read plans that the magic really wrote.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

KERNEL_TIMEOUT = 240  # seconds per cell; the first %%architect imports the engine and the skills


def kernel_env(home: Path | None = None) -> dict[str, str]:
    """Return the kernel's environment: this process's, without archnb's model settings."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("ARCHNB_MODEL", "ARCHNB_API_BASE", "ARCHNB_SKILLS_PATH")}
    if home is not None:
        home.mkdir(parents=True, exist_ok=True)
        env["HOME"] = str(home)
    return env


def execute_starting_twice(make_client, **kwargs) -> None:
    """Execute with a client from `make_client`; if the kernel never came up, once more with a
    new one. jupyter_client picks free TCP ports and the kernel binds them a moment later, so
    another process on a busy machine can take one in between ("Address already in use", then
    "Kernel didn't respond in 60 seconds"): a start-up race, not the notebook's failure. Errors
    in cells are not retried."""
    try:
        make_client().execute(**kwargs)
    except RuntimeError as err:
        if "didn't respond" not in str(err):
            raise
        make_client().execute(**kwargs)


def run_notebook(path_or_nb, cwd: Path, timeout: int = KERNEL_TIMEOUT, save_as: Path | None = None):
    """Execute a notebook in a real kernel with `cwd` as its folder; return the executed notebook.

    A failing cell raises nbclient's CellExecutionError naming the cell and the error.
    With `save_as`, the executed notebook is also written there.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(str(path_or_nb), as_version=4) if isinstance(path_or_nb, (str, Path)) else path_or_nb
    execute_starting_twice(lambda: NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                                  resources={"metadata": {"path": str(cwd)}}),
                           env=kernel_env(Path(cwd) / ".kernel-home"))
    if save_as is not None:
        nbformat.write(nb, str(save_as))
    return nb


@dataclass
class ExecutedNotebook:
    """A notebook that nbclient executed and saved: its path, folder and contents."""

    path: Path
    folder: Path
    nb: object


@pytest.fixture(scope="session")
def executed_quickstart(tmp_path_factory) -> ExecutedNotebook:
    """The quickstart notebook, executed once per session and saved as 00-quickstart.ipynb."""
    from archnb.demo import NOTEBOOK_NAME, quickstart_notebook

    folder = tmp_path_factory.mktemp("quickstart")
    path = folder / NOTEBOOK_NAME
    nb = run_notebook(quickstart_notebook(), folder, save_as=path)
    return ExecutedNotebook(path=path, folder=folder, nb=nb)
