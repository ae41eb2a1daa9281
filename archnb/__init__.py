"""archnb: design backends in Jupyter. `%load_ext archnb`, then a `%%architect` cell.

Kept cheap to import: the heavy parts (engines, litellm, widgets) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "architect", "load_ipython_extension", "unload_ipython_extension"]

if TYPE_CHECKING:
    from archnb.api import ArchitectResult


def architect(brief: str, **options: Any) -> ArchitectResult:
    """Plan a backend for `brief`; see archnb.api.architect for the options."""
    from archnb.api import architect as _architect

    return _architect(brief, **options)


def load_ipython_extension(ipython: Any) -> None:
    """Register %%architect and %architect (called by `%load_ext archnb`)."""
    from archnb.magic import register

    register(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    from archnb.magic import unregister

    unregister(ipython)
