"""The candidate index's ranking and the vocabulary's IDF table give what their plain definitions give."""

from __future__ import annotations

import math

import numpy as np
import pytest

from newsloom.model import Article
from newsloom.stories import featurize
from newsloom.stories.index import _most_shared
from newsloom.stories.state import Vocabulary


def _reference(hits: np.ndarray, limit: int) -> list[int]:
    """Most shared first, then first appearance: the plain definition (``np.unique`` + ``np.lexsort``)."""
    hits = hits[hits >= 0]
    if not len(hits):
        return []
    numbers, first, counts = np.unique(hits, return_index=True, return_counts=True)
    return numbers[np.lexsort((first, -counts))[:limit]].tolist()


@pytest.mark.parametrize("seed", range(200))
def test_most_shared_ranks_as_the_plain_definition(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 60))
    hits = rng.integers(-1, int(rng.integers(1, 20)), size=n)  # -1: holes of removed stories
    limit = int(rng.integers(0, 12))
    assert _most_shared(hits, limit) == _reference(hits, limit)


def test_ties_go_to_the_first_appearance():
    assert _most_shared(np.array([5, 3, -1, 3, 5, 7, 9, 7]), 3) == [5, 3, 7]
    assert _most_shared(np.array([-1, -1]), 4) == []


def test_idf_table_follows_the_vocabulary():
    vocab = Vocabulary()
    a = featurize(Article(id="a", title="Quake hits Qeshm island", text="A quake hit Qeshm island in Iran."))
    b = featurize(Article(id="b", title="Rates rise", text="The central bank raised rates in Iran."))
    vocab.add(a)
    before = vocab.table(b.terms)["rates"]  # read (and kept) before b is counted
    vocab.add(b)
    assert before == math.log(2 / 1) + 1.0
    assert vocab.table(b.terms)["rates"] == math.log(3 / 2) + 1.0 == vocab.idf("rates")  # not the kept value
    assert vocab.idf("iran") == math.log(3 / 3) + 1.0
    vocab.df = {"rates": 2}  # replaced whole (a reload): the table starts again
    assert vocab.idf("rates") == math.log(3 / 3) + 1.0
