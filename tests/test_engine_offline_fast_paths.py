"""The offline engine's fast paths give the same answers as the plain code they replace."""

from __future__ import annotations

import importlib.util
import random
import re
import sys

import pytest
from support.corpus import UNSEEN, UNSEEN_BATCHES, load_corpus

from archnb.engines.offline import (
    datamodel,
    endpoints,
    features,
    numbers,
    questions,
    reader,
    requirements,
    scope,
)
from archnb.engines.offline.lexicon import plural
from archnb.skills import trigger_hits

CORPUS = load_corpus()


def _texts() -> list[str]:
    """Corpus briefs, and word salads from them (phrases the briefs never put together)."""
    texts = [b.text.lower() for b in CORPUS]
    rng = random.Random(7)
    words = sorted({w for t in texts for w in t.split()})
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(5, 300))) for _ in range(60)]
    return texts + ["", "café ٣ ſoc 2 \n- real-time", "İstanbul kelvin \u212a ſms"]


@pytest.mark.parametrize(("pattern", "hint"), [
    (r"\b(?:ab|cd)", "[ac]"),
    (r"x?y", "[xy]"),
    (r"(?<!q)\bw|\d+z|[a-c_]", r"[w\da-c_]"),
    (r"a?", None),  # can match nothing
    (r"(?i)abc", None),  # flags set inside the pattern
    (r"(?i:a)|B", "(?:[B]|(?i:[a]))"),  # a group folding case keeps its own class
    (r".x", None),
    (r"[^a]b", None),
])
def test_first_characters(pattern, hint):
    assert features.first_characters(pattern) == hint


def test_hinted_feature_patterns_match_exactly_where_the_plain_ones_do():
    patterns = {**features._FEATURE_PATTERNS, **features._COMPLIANCE_PATTERNS}
    compiled = {**features._FEATURES, **features._COMPLIANCE}
    for text in _texts():
        for name, rx in patterns.items():
            plain = re.compile(rf"\b(?:{rx})")
            assert [m.span() for m in compiled[name].finditer(text)] == [
                m.span() for m in plain.finditer(text)], name


def test_every_hinted_pattern_matches_exactly_where_its_plain_pattern_does():
    """Languages, clouds, regions, figures, questions...: read from the brief in any case."""
    hinted_patterns = [h for h, _, _ in features.HINTED]
    for module_pattern in (requirements._SENSITIVE, questions._B2B, endpoints._BROWSE, numbers._RPS[0]):
        assert module_pattern in hinted_patterns
    texts = [b.text for b in CORPUS] + [t.upper() for t in _texts()] + _texts()
    texts += ["Data must stay in the EU. We use Go and AWS in the U.S. and Europe; \u212aotlin, ſcala",
              "No double-booking: 99.9% uptime, p95 under 200 ms, 5 minutes holds via Stripe."]
    for hinted, pattern, flags in features.HINTED:
        plain = re.compile(pattern, flags)
        for text in texts:
            assert [m.span() for m in hinted.finditer(text)] == [
                m.span() for m in plain.finditer(text)], pattern


def _numbers_without_hints(monkeypatch):
    """A second copy of numbers.py whose patterns are compiled plainly."""
    monkeypatch.setattr(features, "compile_hinted", lambda pattern, flags=0: re.compile(pattern, flags))
    spec = importlib.util.spec_from_file_location("plain_numbers", numbers.__file__)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "plain_numbers", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    return module


def test_figures_read_with_hinted_patterns_are_the_plain_patterns_figures(monkeypatch):
    plain = _numbers_without_hints(monkeypatch)
    assert plain._RPS[0].pattern != numbers._RPS[0].pattern
    rng = random.Random(3)
    texts = [b.text for b in CORPUS]
    figures = ["50k", "2,000", "99.95%", "three nines", "200 ms", "p99", "1.5 million", "12 tb",
               "every 5 seconds", "$4,000 a month", "a team of 4", "3 regions", "per second"]
    words = sorted({w for t in texts for w in t.split()})
    for _ in range(150):
        texts.append(" ".join(rng.choice(words + figures * 20) for _ in range(rng.randint(3, 60))))
    for text in texts:
        sentences = re.split(r"(?<=[.!?])\s+", text)
        assert [vars(f) for f in numbers.read_numbers(sentences)] == [
            vars(f) for f in plain.read_numbers(sentences)]
        assert numbers.named_regions(text) == plain.named_regions(text)


def _plain_definition_match(sentence: str, name: str, tail: re.Pattern[str]):
    """The per-entity regex the definition search replaced."""
    forms = "|".join(re.escape(f) for f in sorted({name, plural(name)}, key=len, reverse=True))
    return re.search(rf"\b(?:{forms})" + tail.pattern, sentence, re.IGNORECASE)


def test_definitions_are_found_as_one_regex_per_entity_would():
    rng = random.Random(11)
    names = ["order", "line item", "class", "person", "analysis", "cart", "box"]
    sentences = [s for b in CORPUS for s in re.split(r"(?<=[.!?])\s+", b.text)][:400]
    for _ in range(400):
        name = rng.choice(names)
        form = rng.choice([name, plural(name), name.upper(), name.title()])
        sentences.append(rng.choice(["", "The ", "a", "Über ", "İ ", "sub"]) + form
                         + rng.choice([", ", " is ", " ARE ", ",\n", "s, "])
                         + rng.choice(["a ", "the ", "One ", "any ", ""])
                         + rng.choice(["record of things", "ab", "x" * 120, "ſession thing"])
                         + rng.choice(["", ".", "; more"]))
    for sentence in sentences:
        for name in names:
            forms = sorted({name, plural(name)}, key=len, reverse=True)
            fast = list(datamodel._definition_matches(sentence, forms))
            for tail, got in zip(datamodel._DEFINITION_TAILS, fast, strict=True):
                want = _plain_definition_match(sentence, name, tail)
                assert (got and (got.group("d"), got.end())) == (
                    want and (want.group("d"), want.end())), (sentence, name)


def _plain_trigger_hits(text: str, triggers: list[str]) -> int:
    def words(s: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()

    padded = f" {words(text)} "
    return sum(1 for t in triggers
               if words(t) and any(f" {words(t)}{end} " in padded for end in ("", "s", "es")))


def test_trigger_matching_agrees_with_a_plain_substring_scan():
    rng = random.Random(5)
    texts = _texts()
    words = sorted({w for t in texts[:20] for w in re.findall(r"[a-z]+", t)})
    triggers = ["", "  ", "C++", "a.b", "İstanbul", "real-time", "web hooks", "sms"]
    triggers += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 3))) for _ in range(300)]
    for text in texts:
        for trigger in triggers:
            assert trigger_hits(text, [trigger]) == _plain_trigger_hits(text, [trigger]), trigger


def test_the_quick_scope_test_lets_through_every_sentence_the_scope_pattern_finds():
    """A sentence without any of the quick test's words skips the long pattern: no sentence the
    long pattern would find may lack them (an alternative added to it needs its word added too)."""
    # The corpus rules nothing out: readable unseen briefs do (every twelfth batch, for time).
    # The scope tests' own sentences go through the quick test in leave_out as well.
    texts = [b.text for batch in UNSEEN_BATCHES[::12] for b in load_corpus(UNSEEN / batch) if batch.startswith("dev")]
    sentences = [s for text in texts for s in re.split(r"(?<=[.!?\n])", text)]
    found = [s for s in sentences if scope._RULED_OUT.search(s)]
    assert len(found) > 10  # the texts do exercise the pattern
    assert [s for s in found if not scope._MAY_RULE_OUT.search(s)] == []


def test_the_word_list_finds_what_a_search_of_the_text_finds():
    for text in _texts() + [b.text for b in CORPUS]:
        words = reader._words_of(text)
        for word in {w.lower() for w in re.findall(r"[A-Za-z]+", text)[:400:7]} | {"zzz", "a", "ab"}:
            assert reader._is_word_in(word, words) == bool(re.search(rf"\b{re.escape(word)}\b", text)), word
            assert reader._starts_a_word(word, words) == bool(re.search(rf"\b{re.escape(word)}", text)), word
