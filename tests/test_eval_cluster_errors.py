"""Error analysis of a clustering: mixed and scattered clusters, each with the F1 its repair would give."""

from __future__ import annotations

import pytest

from newsloom.evaluate.cluster_errors import cluster_errors, error_summary, format_errors
from newsloom.evaluate.clustering import b_cubed


def test_a_scattered_gold_cluster_repaired_is_perfect():
    # recall of the three items: 2/3, 2/3, 1/3 -> 5/9; precision 1 -> F1 10/14
    (err,) = cluster_errors([1, 1, 2], ["a", "a", "a"])
    assert err.kind == "scattered" and err.cluster == "a" and err.parts == (("1", 2), ("2", 1))
    assert err.f1_repaired == pytest.approx(1.0) and err.gain == pytest.approx(1 - 10 / 14)
    assert err.foreign == 0


def test_a_mixed_cluster_repaired_is_perfect():
    (err,) = cluster_errors([1, 1, 1], ["a", "a", "b"])
    assert err.kind == "mixed" and err.cluster == "1" and err.parts == (("a", 2), ("b", 1))
    assert err.f1_repaired == pytest.approx(1.0) and err.gain == pytest.approx(1 - 10 / 14)


def test_errors_come_costliest_first_with_the_repaired_f1():
    # c (6 articles) cut in halves costs more than one stray b in a's cluster
    pred, gold = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4], list("aabccccccdd")
    errors = cluster_errors(pred, gold)
    assert [(e.kind, e.cluster) for e in errors] == [("scattered", "c"), ("mixed", "1")]
    assert errors[0].gain > errors[1].gain > 0
    assert errors[0].parts == (("2", 3), ("3", 3))  # a tie: the first cluster met is c's home
    # the repaired F1 is the F1 of the repaired labels
    assert errors[0].f1_repaired == pytest.approx(b_cubed([1, 1, 1, 2, 2, 2, 2, 2, 2, 4, 4], gold)[2])
    assert errors[1].f1_repaired == pytest.approx(b_cubed([1, 1, 5, 2, 2, 2, 3, 3, 3, 4, 4], gold)[2])
    assert cluster_errors(gold, gold) == []


def test_strays_in_another_events_cluster_are_counted_as_foreign():
    pred, gold = [1, 1, 2, 2, 2], ["a", "a", "a", "b", "b"]
    scattered = next(e for e in cluster_errors(pred, gold) if e.kind == "scattered")
    assert scattered.cluster == "a" and scattered.foreign == 1  # its third article sits in b's cluster
    s = error_summary(pred, gold)
    assert (s.misplaced, s.scattered, s.singletons) == (1, 1, 0)


def test_summary_counts_and_table():
    pred, gold = [1, 1, 1, 2, 2, 3, 4, 4], ["a", "a", "b", "c", "c", "c", "d", "d"]
    s = error_summary(pred, gold)
    assert s.f1 == pytest.approx(b_cubed(pred, gold)[2])
    assert (s.misplaced, s.scattered, s.singletons) == (1, 1, 1)  # b in a's cluster; c's third article, alone
    text = format_errors(pred, gold, limit=1)
    assert "The 1 costliest of 2 errors" in text and text.count("\n| ") == 2  # header + one row
    assert "| one cluster mixes a, b | 2 + 1 |" in text and "scattered over" not in text
    full = format_errors(pred, gold)
    assert "| c scattered over 2 clusters | 2 + 1 |" in full


def test_labels_must_align():
    with pytest.raises(ValueError):
        cluster_errors([1, 2], ["a"])
