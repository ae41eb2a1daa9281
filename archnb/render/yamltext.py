"""A small block-style YAML writer for JSON-shaped data (dicts, lists, str, numbers, bools).

Why not PyYAML's dumper: its representer is pure Python and took ~2 s for the 2 MB
OpenAPI document of a 5,000-word brief; this writer takes ~60 ms. Strings that
are not obviously plain are written as JSON strings, which are valid YAML double-quoted
scalars once the characters YAML reads differently (NEL, LS, PS, non-printables) are
escaped too. The render tests load every generated document back with PyYAML and compare.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# \Z, not $: "$" also matches before a final newline, which would drop it from "A\n".
_PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9 _./()+-]*\Z")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}
# What PyYAML's reader refuses or folds inside a double-quoted scalar, beyond JSON's escapes.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]')
_NAMED = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def dump_yaml(data: Any) -> str:
    """Return `data` as block-style YAML text ending in a newline."""
    lines: list[str] = []
    add = lines.append
    # The YAML form of every string written so far, and of every string key with its
    # colon: an OpenAPI document repeats its keys and many values thousands of times.
    # (`get(...) or ...` is safe: no YAML form is empty.)
    known: dict[str, str] = {}
    heads: dict[str, str] = {}

    def scalar(text: str) -> str:
        found = known[text] = _scalar(text)
        return found

    def head(key: str) -> str:
        found = heads[key] = _scalar(key) + ":"
        return found

    # Each writer takes the indent of its lines (`pad`) and the start of its first line
    # (`first`), which is how a list item's `- ` lands on the item's first line.

    def mapping(value: dict, pad: str, first: str) -> None:
        inner = pad + "  "
        prefix = first
        for key, item in value.items():
            if type(key) is str:
                name = heads.get(key) or head(key)
            else:
                name = _scalar(str(key)) + ":"
            kind = type(item)
            if kind is str:
                add(f"{prefix}{name} {known.get(item) or scalar(item)}")
            elif kind is dict and item:
                add(prefix + name)
                mapping(item, inner, inner)
            elif kind is list and item:
                add(prefix + name)
                sequence(item, inner, inner)
            elif isinstance(item, _CONTAINERS) and item:  # subclasses of dict and list
                add(prefix + name)
                block(item, inner, inner)
            else:
                add(f"{prefix}{name} {_inline(item)}")
            prefix = pad

    def sequence(value: list, pad: str, first: str) -> None:
        inner = pad + "  "
        prefix = first
        for item in value:
            kind = type(item)
            if kind is str:
                add(f"{prefix}- {known.get(item) or scalar(item)}")
            elif kind is dict and item:
                mapping(item, inner, prefix + "- ")
            elif kind is list and item:
                sequence(item, inner, prefix + "- ")
            elif isinstance(item, _CONTAINERS) and item:  # subclasses of dict and list
                block(item, inner, prefix + "- ")
            else:
                add(f"{prefix}- {_inline(item)}")
            prefix = pad

    def block(value: Any, pad: str, first: str) -> None:
        if isinstance(value, dict):
            if value:
                mapping(value, pad, first)
            else:
                add(first + "{}")
        elif isinstance(value, list):
            if value:
                sequence(value, pad, first)
            else:
                add(first + "[]")
        elif type(value) is str:
            add(first + scalar(value))
        else:
            add(first + _inline(value))

    block(data, "", "")
    return "\n".join(lines) + "\n"


# Containers the writers walk into; exact dicts and lists take a quicker test first.
_CONTAINERS = (dict, list)


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        # YAML 1.1 (PyYAML) reads a float only with a dot: 1e-05 would come back as text.
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
        return text
    return _scalar(str(value))


def _scalar(text: str) -> str:
    if _PLAIN.match(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        return text
    if not _NEEDS_ESCAPE.search(text):
        return f'"{text}"'
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE.sub(_escape, quoted)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _NAMED.get(char) or f"\\u{ord(char):04x}"
