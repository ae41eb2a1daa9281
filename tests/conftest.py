"""Shared fixtures. Each support module owns one kind of real peer (PostgreSQL, Mermaid's
parser under Node, a loopback model server, IPython shells, notebooks)."""

from __future__ import annotations

import importlib
import os

import pytest

# Tests never reach the network: litellm must use its bundled price list.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
for _key in ("ARCHNB_MODEL", "ARCHNB_API_BASE", "ARCHNB_SKILLS_PATH"):
    os.environ.pop(_key, None)

_SUPPORT = ["postgres", "mermaid", "llm_server", "shells", "notebooks"]
for _name in _SUPPORT:
    try:
        _module = importlib.import_module(f"support.{_name}")
    except ModuleNotFoundError as err:
        if err.name != f"support.{_name}":
            raise
        continue
    globals().update({k: v for k, v in vars(_module).items() if not k.startswith("_")})


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Give every test an empty HOME so a developer's ~/.archnb never leaks in."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    yield home
