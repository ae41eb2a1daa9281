"""The YAML writer: whatever JSON-shaped data goes in, PyYAML reads the same data back."""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from archnb.render.yamltext import dump_yaml

TRICKY = st.sampled_from(
    ["", "true", "No", "null", "~", "1e3", "0x1f", ".5", "+1", "3.1.0", "a: b", "#x", "- d",
     " lead", "trail ", "/books/{id}", "x\x85y", "\u2028", "\ufeff", "\x7f", "y", "on", "é"]
)
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text() | TRICKY
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8) | TRICKY, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(DATA)
@example({"A\n": None})  # found by hypothesis in CI: a plain word with a final newline
@example({"key": "A\n"})
def test_pyyaml_reads_back_exactly_what_was_written(data):
    text = dump_yaml(data)
    assert yaml.load(text, Loader=yaml.CSafeLoader) == data
    assert yaml.safe_load(text) == data


def test_plain_words_stay_plain_and_ambiguous_ones_are_quoted():
    text = dump_yaml({"openapi": "3.1.0", "title": "Shop API", "flag": "yes", "count": 2})
    assert text == 'openapi: "3.1.0"\ntitle: Shop API\nflag: "yes"\ncount: 2\n'
