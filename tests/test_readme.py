"""The README is the front door: its commands and options must exist as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from archnb.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_lines() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", README, re.DOTALL)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()
            if line.strip()]


def archnb_commands() -> list[list[str]]:
    commands = []
    for line in console_lines():
        for part in line.split("&&"):
            words = shlex.split(part.strip())
            if words and words[0] == "archnb":
                commands.append(words[1:])
    return commands


def test_readme_has_the_two_front_door_commands():
    lines = console_lines()
    assert any("archnb demo" in line and "pip install" in line for line in lines)
    assert "scripts/test" in lines
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("words", archnb_commands(), ids=lambda w: " ".join(w))
def test_every_archnb_command_in_the_readme_parses(words, capsys):
    # --help after the words proves the subcommand and every option shown exist,
    # without running the command.
    words = [w for w in words if w not in ("<", "brief.md") or words[0] != "plan"]
    try:
        code = main([*words, "--help"])
    except SystemExit as stop:
        code = stop.code
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "usage: archnb" in out.out


def test_every_magic_option_in_the_readme_exists():
    from archnb.magic import ArchitectMagics

    help_text = ArchitectMagics.architect.__doc__ or ""
    table = re.findall(r"^\| `(--[a-z-]+|-[a-z]/--[a-z-]+)", README, re.MULTILINE)
    options = re.findall(r"(--[a-z][a-z-]+)", " ".join(re.findall(r"^\| (`.*?)\|", README,
                                                                     re.MULTILINE)))
    assert table and options
    for option in set(options):
        assert option in help_text, f"README shows {option}, the magic has no such option"
