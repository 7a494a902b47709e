"""The copy-detection and paraphrase evaluations on ../shared/data."""

from __future__ import annotations

import pytest

from newsloom.evaluate.copies import build_pairs, evaluate_copies, format_copies


def test_labelled_set_mixes_every_kind(shared_dir):
    pairs = build_pairs(shared_dir, limit=9)
    labels = {p.label for p in pairs}
    assert labels == {"identical", "reprint", "excerpt", "rewrite", "independent"}
    assert {p.origin for p in pairs if p.label == "independent"} == {"basil", "basil-spun"}
    assert all(p.copy.id != p.original.id for p in pairs)


def test_smoke_small_slice(shared_dir):
    report = evaluate_copies(shared_dir, limit=6)
    text = format_copies(report)
    assert "F1" in text and report.n_pairs == len(build_pairs(shared_dir, limit=6))
    assert report.f1 >= 0.8 and report.independent_recall_basil >= 0.8


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_full_copy_detection_meets_targets(shared_dir):
    report = evaluate_copies(shared_dir)
    print(format_copies(report))
    assert report.f1 >= 0.95
    assert report.independent_precision >= 0.95
    assert report.per_kind_recall["rewrite"] >= 0.90
