"""Plans in a real JupyterLab, seen by headless Chromium: diagrams render, hostile briefs run nothing.

The module starts one JupyterLab server (loopback only, isolated Jupyter folders) while
nbclient executes two notebooks in a real kernel:

- plan.ipynb: a %%architect cell, saved untrusted, as a notebook reopened later would be;
- hostile.ipynb: a brief full of HTML and script fragments, then *signed as trusted*, so
  JupyterLab renders its outputs without the sanitizer. A first cell's own script sets a
  marker, which proves trusted scripts do run on that page: archnb's escaping is then the
  only thing that keeps the brief's scripts from running.

Screenshots go to tests/artifacts/browser/ (git-ignored); the paths are printed.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.sign import NotebookNotary

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(240)]

ARTIFACTS = Path(__file__).parent / "artifacts" / "browser"
PLAN_MIME = "application/vnd.archnb.plan+json"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOP = (
    "An online shop for a bakery chain: customers browse products, place orders and pay by "
    "card; staff manage stock in 12 stores. About 2,000 orders a day."
)
HOSTILE = (
    'A shop <script>window.__pwned=1</script> where customers <img src=x onerror="window.__pwned=2"> '
    "place orders for products. Each <b onmouseover=window.__pwned=3>order</b> has many items. "
    '<svg onload="window.__pwned=4"></svg> Staff manage stock in 3 stores. '
    "<iframe srcdoc=\"<script>parent.__pwned=5</script>\"></iframe> "
    "[click me](javascript:window.__pwned=6) %%{init: {'securityLevel': 'loose'}}%% "
    "<details open ontoggle=window.__pwned=7>x</details> #lt;script#gt; {\"a\": 1} "
    "Payments by card, 500 orders a day."
)
TRUST_MARKER = "from IPython.display import HTML, display\ndisplay(HTML('<script>window.__archnb_trusted = 1</script>'))"
ALL_IMAGES_LOADED = """n => {
    const imgs = document.querySelectorAll('.jp-RenderedMermaid img');
    return imgs.length >= n && Array.from(imgs).every(i => i.complete && i.naturalWidth > 0);
}"""


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    log: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?reset&token={self.token}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _jupyter_env(base: Path) -> dict[str, str]:
    dirs = {name: base / name.lower() for name in ("JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR")}
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    labconfig = dirs["JUPYTER_CONFIG_DIR"] / "labconfig"
    labconfig.mkdir()
    # The news prompt would cover part of the page (and asks to reach the network).
    disabled = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
    (labconfig / "page_config.json").write_text(json.dumps(disabled))
    return {**os.environ, "HOME": str(base), **{k: str(v) for k, v in dirs.items()}}


def _execute(root: Path, name: str, cells: list[str], env: dict[str, str]) -> nbformat.NotebookNode:
    """Run the cells in a real python3 kernel (nbclient) and save the notebook under `root`."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(root)}})
    client.execute(env=env)  # the kernel gets the isolated HOME and IPython folder too
    nbformat.write(nb, root / name)
    return nb


def _wait_for_server(process: subprocess.Popen, url: str, token: str, log: Path) -> str:
    """Return the server's URL once it answers. When the free port was taken between choosing it
    and the server binding it, the server moves to the next one and says so in its log."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        served = re.findall(r"(http://127\.0\.0\.1:\d+)/lab\?token=", log.read_text())
        if served:
            url = served[-1]
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                return url
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer within 90 s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Start JupyterLab on a free loopback port and execute the two notebooks meanwhile."""
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    root.mkdir()
    env = _jupyter_env(base / "home")
    port, token = _free_port(), "archnb-browser-test"
    log = base / "server.log"
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    with log.open("w") as sink:
        # Its own process group, so teardown can stop the server and the kernels it started.
        server = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _execute(root, "plan.ipynb", ["%load_ext archnb", f"%%architect --engine offline --name v1\n{SHOP}"], env)
        hostile = _execute(root, "hostile.ipynb", [TRUST_MARKER, "%load_ext archnb", f"%%architect --engine offline\n{HOSTILE}"], env)
        NotebookNotary(data_dir=env["JUPYTER_DATA_DIR"]).sign(hostile)
        url = _wait_for_server(server, f"http://127.0.0.1:{port}", token, log)
        yield Lab(url, token, root, log)
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _plan_of(lab: Lab, name: str) -> dict:
    nb = nbformat.read(lab.root / name, as_version=4)
    return next(o["data"][PLAN_MIME] for c in nb.cells for o in c.get("outputs", []) if PLAN_MIME in o.get("data", {}))


def _open(browser, lab: Lab, name: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(lab.notebook_url(name))
    page.wait_for_selector(".jp-RenderedMermaid", state="attached", timeout=90_000)
    page.locator(".jp-RenderedMermaid").first.scroll_into_view_if_needed()
    page.wait_for_function(ALL_IMAGES_LOADED, arg=2, timeout=60_000)
    return page, dialogs


def _diagram_svgs(page) -> list[str]:
    sources = page.eval_on_selector_all(".jp-RenderedMermaid img", "imgs => imgs.map(i => i.src)")
    return [urllib.parse.unquote(src.split(",", 1)[1]) for src in sources]


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")
    return path


def test_both_diagrams_render_in_a_reopened_notebook(lab, browser):
    plan = _plan_of(lab, "plan.ipynb")
    page, dialogs = _open(browser, lab, "plan.ipynb")
    try:
        assert page.locator(".jp-RenderedMermaid").count() == 2
        assert page.locator(".jp-RenderedMermaid.jp-mod-warning").count() == 0
        assert page.locator(".jp-RenderedMermaid details").count() == 0
        architecture, erd = _diagram_svgs(page)
        database = next(c for c in plan["architecture"]["components"] if c["kind"] == "database")
        assert database["name"] in architecture
        entity = plan["data_model"]["entities"][0]["name"]
        assert entity in erd
        assert page.locator(".jp-RenderedMarkdown h1").first.inner_text().strip() == plan["title"]
        _screenshot(page, "plan-architecture.png")
        page.locator(".jp-RenderedMermaid").nth(1).scroll_into_view_if_needed()
        _screenshot(page, "plan-erd.png")
        assert dialogs == []
    finally:
        page.close()


def test_a_hostile_brief_runs_no_script_even_when_trusted(lab, browser):
    page, dialogs = _open(browser, lab, "hostile.ipynb")
    try:
        # The notebook's own script ran: outputs on this page are trusted and unsanitised.
        page.wait_for_function("() => window.__archnb_trusted === 1", timeout=30_000)
        _screenshot(page, "hostile-architecture.png")
        page.locator(".jp-OutputArea-output.jp-RenderedMarkdown h1").first.scroll_into_view_if_needed()
        _screenshot(page, "hostile-summary.png")
        page.locator(".jp-RenderedMermaid").first.hover()
        page.mouse.wheel(0, 2000)
        page.wait_for_timeout(1000)  # give any injected handler the chance to fire
        assert page.evaluate("() => window.__pwned") is None
        assert dialogs == []
        assert page.locator(".jp-RenderedMermaid.jp-mod-warning").count() == 0
        rendered = ".jp-OutputArea-output.jp-RenderedMarkdown"  # one element carries both classes
        assert page.locator(rendered).count() == 1
        for selector in ("script", "img[onerror]", "iframe", "svg[onload]", "details[ontoggle]", "a[href^='javascript']", "b[onmouseover]"):
            assert page.locator(f"{rendered} {selector}").count() == 0, selector
        text = page.locator(rendered).first.inner_text()
        assert "window.__pwned=1" in text  # shown as text, not dropped and not run
    finally:
        page.close()
