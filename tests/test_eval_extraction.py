"""Extraction scoring: the metrics reproduce published figures; newsloom's quality on the corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsloom.evaluate.extraction import (
    READABILITY,
    SCRAPINGHUB,
    TRAFILATURA_EVAL,
    detect_dataset,
    evaluate_extraction,
    format_extraction,
    iter_pages,
    meta_match,
)
from newsloom.evaluate.metrics import (
    SegmentCounts,
    aggregate_shingles,
    segment_counts,
    segment_scores,
    shingle_scores,
)

DATA = "data"


def test_shingle_metric_on_toy_pages():
    perfect = shingle_scores("one two three four five", "one two three four five")
    assert (perfect.tp, perfect.fp, perfect.fn, perfect.exact) == (1.0, 0.0, 0.0, True)
    half = shingle_scores("a b c d e", "a b c d x y")  # truth shingles: abcd, bcde; predicted: abcd, bcdx, cdxy
    assert half.tp == pytest.approx(1 / 4) and half.fp == pytest.approx(2 / 4) and half.fn == pytest.approx(1 / 4)
    prf = aggregate_shingles([perfect, half])
    assert prf.precision == pytest.approx((1 + 1 / 3) / 2) and prf.recall == pytest.approx((1 + 1 / 2) / 2)
    assert shingle_scores("a b c d", None).fn == 1.0


def test_segment_metric_counts():
    counts = segment_counts("Hello   world.\nSecond line here", ["Hello world.", "missing"], ["Second line", "nope"])
    assert counts == SegmentCounts(tp=1, fn=1, fp=1, tn=1)
    assert segment_counts("", ["a"], ["b"]) == SegmentCounts(0, 1, 0, 1)
    prf = segment_scores(counts)
    assert prf.f1 == pytest.approx(2 / 4) and prf.accuracy == pytest.approx(0.5)


@pytest.mark.parametrize(("system", "expected"), [
    ("trafilatura", 0.956), ("rs_trafilatura", 0.971), ("AutoExtract", 0.976), ("readability_js", 0.944),
    ("newspaper", 0.942), ("readability", 0.912), ("html-text", 0.649),
])
def test_scorer_reproduces_readme_figures(shared_dir, system, expected):
    root = shared_dir / DATA / "article-extraction-scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    output = json.loads((root / "reference-outputs" / f"{system}.json").read_text(encoding="utf-8"))["output"]
    prf = aggregate_shingles(shingle_scores(truth[i]["articleBody"], (output.get(i) or {}).get("articleBody"))
                             for i in truth)
    assert round(prf.f1, 3) == expected


@pytest.mark.parametrize(("folder", "kind"), [
    ("article-extraction-scrapinghub", SCRAPINGHUB), ("article-extraction-trafilatura-eval", TRAFILATURA_EVAL),
    ("article-extraction-readability-testpages", READABILITY),
])
def test_datasets_are_detected_and_loaded(shared_dir, folder, kind):
    root = shared_dir / DATA / folder
    assert detect_dataset(root) == kind
    pages = list(iter_pages(root, limit=3))
    assert len(pages) == 3 and all(p.body for p in pages)
    assert all(p.truth for p in pages) or all(p.with_ for p in pages)


def test_detect_rejects_other_folders(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        detect_dataset(tmp_path)


@pytest.mark.parametrize(("name", "want", "got", "ok"), [
    ("title", "Council votes!", "council votes", True), ("title", "A", "B", False),
    ("author", "By Jane Doe", "Jane Doe; John Roe", True), ("author", "Jane Doe", "John Roe", False),
    ("date", "2019-11-18", "2019-11-18", True), ("date", "2019-11-18T10:00:00Z", "2019-11-19", False),
])
def test_metadata_match(name, want, got, ok):
    assert meta_match(name, want, got) is ok


def test_spot_check_scrapinghub_sample_beats_threshold(shared_dir):
    """Every 6th Scrapinghub page: newsloom's shingle F1 on the sample stays at trafilatura quality."""
    report = evaluate_extraction(shared_dir / DATA / "article-extraction-scrapinghub", limit=None,
                                 sample_every=6)
    ours = report.system("newsloom")
    assert ours.scores.n >= 19 and ours.failures == 0
    assert ours.scores.f1 >= 0.94, format_extraction(report)


@pytest.mark.slow
def test_full_scrapinghub_eval_beats_trafilatura_in_same_run(shared_dir):
    report = evaluate_extraction(shared_dir / DATA / "article-extraction-scrapinghub")
    ours, theirs = report.system("newsloom"), report.system("trafilatura")
    print(format_extraction(report))
    assert report.pages == 114
    assert ours.scores.f1 >= theirs.scores.f1, format_extraction(report)
    assert round(ours.scores.f1, 3) >= 0.970, format_extraction(report)  # the acceptance bar


@pytest.mark.slow
def test_page_text_mode_cleans_most_boilerplate(shared_dir):
    report = evaluate_extraction(shared_dir / DATA / "article-extraction-scrapinghub", mode="page-text")
    cleaned, raw = report.system("newsloom page-text cleaner"), report.system("all page text (uncleaned)")
    print(format_extraction(report))
    assert raw.scores.f1 < 0.70
    assert cleaned.scores.f1 >= 0.90, format_extraction(report)


@pytest.mark.slow
def test_trafilatura_eval_sample_metadata_and_body(shared_dir):
    """Every 10th trafilatura-eval page: body F1 and author accuracy at trafilatura's level, dates mostly right."""
    report = evaluate_extraction(shared_dir / DATA / "article-extraction-trafilatura-eval", sample_every=10)
    ours, theirs = report.system("newsloom"), report.system("trafilatura")
    print(format_extraction(report))
    assert ours.scores.f1 >= theirs.scores.f1 - 0.01, format_extraction(report)
    assert ours.metadata["author"] >= theirs.metadata["author"], format_extraction(report)
    assert ours.metadata["date"] >= 0.8, format_extraction(report)
