"""binder/: install what Binder installs into a fresh venv, run postBuild there, and execute the
quickstart with that venv's own kernel.

How honest is it? A full install of binder/requirements.txt from PyPI into an empty venv
took 4.5 to 5 minutes on the CI machine (measured twice; most of it waiting on the index),
too slow for every run. So the venv sees this environment's packages
(`--system-site-packages`) and pip runs with `--no-index` and no pip configuration: every
requirement, and every dependency of archnb and its extras, must then be met by an installed
version its specifiers allow, or the install fails. What this proves: the file parses; `.`
means the repository when pip runs from its root, as repo2docker does; the pins agree with
a known-good environment; postBuild configures the venv (archnb loads in every kernel,
JupyterLab opens the quickstart); and a kernel of that venv runs the quickstart. What it
does not prove: that PyPI still serves those versions.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from archnb.plan import TechnicalPlan

REPO = Path(__file__).resolve().parent.parent
BINDER = REPO / "binder"
PLAN_MIME = "application/vnd.archnb.plan+json"
QUICKSTART_URL = "/lab/tree/notebooks/00-quickstart.ipynb"


def test_runtime_matches_the_python_archnb_requires():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    version = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert version, f"runtime.txt should read python-X.Y, not {runtime!r}"
    requires = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    minimum = tuple(int(n) for n in re.search(r">=\s*(\d+)\.(\d+)", requires).groups())
    assert tuple(int(n) for n in version.groups()) >= minimum


def test_postbuild_is_an_executable_script():
    post = BINDER / "postBuild"
    assert os.access(post, os.X_OK)
    assert post.read_text(encoding="utf-8").startswith("#!")


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without pip settings (this machine's indexes, find-links, constraints)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_CACHE_DIR="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.update(extra)
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def binder_venv(tmp_path_factory) -> Path:
    """A venv with binder/requirements.txt installed the way repo2docker installs it."""
    venv = tmp_path_factory.mktemp("binder") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)], REPO, _clean_env())
    python = str(venv / "bin" / "python")
    # repo2docker: `pip install -r binder/requirements.txt`, run from the repository root.
    _run([python, "-m", "pip", "install", "--no-index", "--no-build-isolation", "-q",
          "-r", "binder/requirements.txt"], REPO, _clean_env())
    path = f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
    _run(["bash", str(BINDER / "postBuild")], REPO, _clean_env(PATH=path))
    _run([python, "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "binder-venv"],
         REPO, _clean_env())
    return venv


@pytest.mark.slow
def test_requirements_install_this_repository_from_its_root(binder_venv):
    found = list((binder_venv / "lib").glob("python3.*/site-packages/archnb-*.dist-info"))
    assert len(found) == 1, "binder/requirements.txt did not install archnb into the venv"
    origin = json.loads((found[0] / "direct_url.json").read_text(encoding="utf-8"))
    assert origin["url"] == REPO.as_uri()
    # Editable: the kernel imports archnb and its skills/ from the repository itself.
    assert origin.get("dir_info", {}).get("editable") is True


@pytest.mark.slow
def test_postbuild_makes_jupyterlab_open_the_quickstart(binder_venv, tmp_path):
    assert (REPO / QUICKSTART_URL.removeprefix("/lab/tree/")).is_file()
    code = "from jupyter_server.serverapp import ServerApp\napp = ServerApp()\napp.load_config_file()\nprint(app.default_url)"
    env = _clean_env(JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter"), HOME=str(tmp_path))
    out = _run([str(binder_venv / "bin" / "python"), "-c", code], tmp_path, env)
    assert out.strip() == QUICKSTART_URL


@pytest.mark.slow
def test_quickstart_runs_in_the_binder_kernel_with_archnb_loaded_automatically(binder_venv, tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    shutil.copy(REPO / "notebooks" / "00-quickstart.ipynb", tmp_path / "00-quickstart.ipynb")
    notebook = nbformat.read(tmp_path / "00-quickstart.ipynb", as_version=4)
    probes = [
        new_code_cell("import sys\nprint(sys.prefix)"),
        new_code_cell("%%architect\nA to-do list app: people sign in, create lists and tick off tasks."),
    ]
    notebook.cells[:0] = probes  # before the quickstart's own %load_ext
    specs = KernelSpecManager(kernel_dirs=[str(binder_venv / "share" / "jupyter" / "kernels")])
    manager = KernelManager(kernel_name="binder-venv", kernel_spec_manager=specs)
    NotebookClient(notebook, km=manager, timeout=180, resources={"metadata": {"path": str(tmp_path)}}).execute()

    prefix = "".join(o.text for o in notebook.cells[0].outputs if o.output_type == "stream").strip()
    assert Path(prefix) == binder_venv
    plans = [
        TechnicalPlan.model_validate(o.data[PLAN_MIME])
        for cell in notebook.cells if cell.cell_type == "code"
        for o in cell.outputs if PLAN_MIME in o.get("data", {})
    ]
    assert len(plans) >= 2 and plans[0].title  # the probe's plan, then the quickstart's
    load_ext = next(c for c in notebook.cells if c.source.strip() == "%load_ext archnb")
    said = "".join(o.get("text", "") for o in load_ext.outputs)
    assert "already loaded" in said  # postBuild's configuration loaded it first
