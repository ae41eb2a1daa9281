"""The progress line: in place in a kernel or on a terminal, lines when verbose, gone at the end."""

from __future__ import annotations

import io

from support.shells import FrontendPublisher

from archnb.progress import ProgressLine, detect_mode


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Kernel:
    """Stands for ipykernel's shell: all detect_mode looks at is a `kernel` attribute."""

    kernel = object()


def test_detect_mode_picks_the_right_channel():
    assert detect_mode(Kernel()) == "display"
    assert detect_mode(None, stream=Tty()) == "terminal"
    assert detect_mode(None, stream=io.StringIO()) == "off"
    assert detect_mode(Kernel(), verbose=True) == "lines"


def test_terminal_line_is_rewritten_in_place_and_blanked():
    stream = Tty()
    line = ProgressLine("terminal", stream)
    line("attempt 1/3: drafting with the offline engine")
    line("checking the plan")
    line.clear()
    text = stream.getvalue()
    assert "\n" not in text
    assert text.count("\r") == 4  # two updates, and the blanking pass starts and ends with \r
    assert "archnb: checking the plan" in text
    assert text.endswith("\r") and text.split("\r")[-2].strip() == ""


def test_verbose_lines_are_kept():
    stream = io.StringIO()
    line = ProgressLine("lines", stream)
    line("one")
    line("two")
    line.clear()
    lines = stream.getvalue().splitlines()
    assert [x.split(" (")[0] for x in lines] == ["archnb: one", "archnb: two"]


def test_off_prints_nothing_but_keeps_the_messages():
    stream = io.StringIO()
    line = ProgressLine("off", stream)
    line("one")
    line.clear()
    assert stream.getvalue() == ""
    assert line.messages == ["one"]


def test_display_progress_becomes_the_final_output(ip_bare, monkeypatch):
    publisher = FrontendPublisher()
    monkeypatch.setattr(ip_bare, "display_pub", publisher)
    line = ProgressLine("display")
    line("drafting")
    line("checking")
    assert len(publisher.cells[-1]) == 1
    assert publisher.cells[-1][0]["data"]["text/plain"].startswith("archnb: checking")
    assert line.replace({"text/plain": "the plan"}, {"k": 1}) is True
    assert publisher.cells[-1] == [{"data": {"text/plain": "the plan"}, "metadata": {"k": 1}, "display_id": publisher.cells[-1][0]["display_id"]}]


def test_display_progress_cleared_leaves_an_empty_output(ip_bare, monkeypatch):
    publisher = FrontendPublisher()
    monkeypatch.setattr(ip_bare, "display_pub", publisher)
    line = ProgressLine("display")
    line("drafting")
    line.clear()
    assert [o["data"] for o in publisher.cells[-1]] == [{"text/plain": ""}]
    assert line.replace({"text/plain": "x"}) is False  # the caller displays it instead
