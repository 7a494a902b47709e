"""Fingerprints and the LSH candidate index."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from newsloom.errors import InputError
from newsloom.trace import CopyIndex, Fingerprint, fingerprint_text
from newsloom.trace.fingerprint import signature_jaccard
from newsloom.trace.spin import SynonymTable, spin_text
from newsloom.trace.text import shingles, words


@pytest.fixture(scope="module")
def texts(shared_dir):
    path = shared_dir / "data/event-clustering-basil/articles.jsonl"
    return [json.loads(line)["text"] for line in path.open(encoding="utf-8")][:60]


@pytest.fixture(scope="module")
def index(texts):
    idx = CopyIndex()
    idx.add_many((f"a{i}", fingerprint_text(t)) for i, t in enumerate(texts))
    return idx


def test_fingerprint_bytes_round_trip(texts):
    fp = fingerprint_text(texts[0])
    back = Fingerprint.from_bytes(fp.to_bytes())
    assert back.content_hash == fp.content_hash and back.n_words == fp.n_words
    assert np.array_equal(back.shingle_sig, fp.shingle_sig) and np.array_equal(back.paragraph_keys,
                                                                                 fp.paragraph_keys)


def test_corrupt_fingerprint_is_an_input_error():
    with pytest.raises(InputError):
        Fingerprint.from_bytes(b"\x01\x02")


def test_minhash_estimates_jaccard(texts):
    a = texts[1]
    b = "\n\n".join(a.split("\n\n")[: len(a.split("\n\n")) // 2])
    sa, sb = shingles(words(a)), shingles(words(b))
    true = len(sa & sb) / len(sa | sb)
    est = signature_jaccard(fingerprint_text(a).shingle_sig, fingerprint_text(b).shingle_sig)
    assert abs(est - true) < 0.12


@pytest.mark.parametrize("i", [0, 7, 23])
def test_candidates_find_reprint_excerpt_and_spin(texts, index, i):
    text = texts[i]
    paras = text.split("\n\n")
    excerpt = "\n\n".join(paras[:3])
    spun = spin_text(text, random.Random(i), table=SynonymTable.default())
    for variant in (text + "\n\nAll rights reserved.", excerpt, spun):
        assert f"a{i}" in index.candidates(fingerprint_text(variant))[:3]


def test_unrelated_text_has_no_candidates(index):
    fp = fingerprint_text("Volunteers baked four hundred cakes for the village summer fair, which raised "
                          "money for the roof of the old chapel and a new set of bells.")
    assert index.candidates(fp) == []


def test_remove_and_incremental_add(texts):
    idx = CopyIndex()
    for i, t in enumerate(texts[:5]):
        idx.add(f"x{i}", fingerprint_text(t))
    assert idx.candidates(fingerprint_text(texts[2]))[0] == "x2"
    idx.remove("x2")
    assert "x2" not in idx.candidates(fingerprint_text(texts[2])) and len(idx) == 4
    assert idx.bytes_per_article() > 0


def test_empty_texts_are_not_candidates_of_each_other():
    idx = CopyIndex()
    idx.add("empty", fingerprint_text(""))
    assert idx.candidates(fingerprint_text("   ")) == []
