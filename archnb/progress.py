"""A one-line progress indicator for a plan being produced, updated in place and cleared at the end.

In a Jupyter kernel the line is a display_data output updated through its display id, and
when the plan is ready the same output turns into the plan (so no empty output is left
behind). On a terminal it is a `\\r`-rewritten line on stderr. Elsewhere (plain pipes, test
shells) it stays silent unless verbose, where every message is printed as its own line.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Literal, TextIO

Mode = Literal["display", "terminal", "lines", "off"]
PREFIX = "archnb"


def detect_mode(shell: Any = None, stream: TextIO | None = None, verbose: bool = False) -> Mode:
    """Return how progress can be shown here: in a kernel, on a terminal, as lines, or not at all."""
    if verbose:
        return "lines"
    if shell is not None and getattr(shell, "kernel", None) is not None:
        return "display"
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return "terminal"
    return "off"


class ProgressLine:
    """Callable progress sink: `line("drafting")` shows the message with the elapsed time."""

    def __init__(self, mode: Mode = "off", stream: TextIO | None = None) -> None:
        self.mode = mode
        self.stream = stream
        self.messages: list[str] = []
        self._started = time.perf_counter()
        self._handle: Any = None
        self._width = 0

    def __call__(self, message: str) -> None:
        self.messages.append(message)
        line = f"{PREFIX}: {message} ({self.elapsed():.1f} s)"
        if self.mode == "display":
            self._show(line)
        elif self.mode == "terminal":
            self._rewrite(line)
        elif self.mode == "lines":
            print(line, file=self.stream or sys.stdout, flush=True)

    def elapsed(self) -> float:
        """Return the seconds since the line was created."""
        return time.perf_counter() - self._started

    def replace(self, data: dict, metadata: dict | None = None) -> bool:
        """Turn the progress output into `data`; return False when the caller must display it."""
        if self.mode != "display" or self._handle is None:
            self.clear()
            return False
        self._handle.update(data, metadata=metadata or {}, raw=True)
        self._handle = None
        return True

    def clear(self) -> None:
        """Remove the progress line (an emptied output in a kernel, a blanked line on a terminal)."""
        if self.mode == "display" and self._handle is not None:
            self._handle.update({"text/plain": ""}, raw=True)
            self._handle = None
        elif self.mode == "terminal" and self._width:
            stream = self._stream()
            stream.write("\r" + " " * self._width + "\r")
            stream.flush()
            self._width = 0

    def _show(self, line: str) -> None:
        from IPython.display import display

        data = {"text/plain": line}
        if self._handle is None:
            self._handle = display(data, raw=True, display_id=True)
        else:
            self._handle.update(data, raw=True)

    def _rewrite(self, line: str) -> None:
        stream = self._stream()
        padding = " " * max(0, self._width - len(line))
        stream.write("\r" + line + padding)
        stream.flush()
        self._width = len(line)

    def _stream(self) -> TextIO:
        return self.stream or sys.stderr
