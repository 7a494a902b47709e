"""Clustering evaluation: metrics on hand-made cases, a smoke run on a slice, full slow runs."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from helpers import cli
from newsloom.embed import Embedder
from newsloom.evaluate.clustering import (
    b_cubed,
    detokenize,
    evaluate_clustering,
    format_clustering,
    load_dataset,
    pairwise,
)


def test_b_cubed_perfect_and_all_in_one():
    gold = ["a", "a", "b", "b"]
    assert b_cubed([1, 1, 2, 2], gold) == (1.0, 1.0, 1.0)
    p, r, f = b_cubed([1, 1, 1, 1], gold)
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)


def test_pairwise_counts_pairs():
    p, r, f = pairwise([1, 1, 2, 3], ["a", "a", "a", "b"])
    assert p == 1.0 and r == pytest.approx(1 / 3) and f == pytest.approx(0.5)


@pytest.mark.parametrize("name,field", [("event-clustering-ecbplus", "doc_id"),
                                        ("event-clustering-basil", "triplet_uuid")])
def test_loader_never_feeds_labels(shared_dir: Path, name: str, field: str):
    data = load_dataset(shared_dir / "data" / name)
    first = json.loads((shared_dir / "data" / name / next(
        p for p in ("documents.jsonl", "articles.jsonl") if (shared_dir / "data" / name / p).exists())
    ).read_text(encoding="utf-8").splitlines()[0])
    art = data.articles[0]
    assert art.id == "doc-0" and art.url is None
    assert first[field] not in repr(art)


def test_detokenize_rejoins_token_spacing():
    spaced = "a 6. 1 quake: 120, 000 people, at 7: 35 am on 11 / 28 / 05, a zero - day flaw. Then 5, 4, 3 - go"
    assert detokenize(spaced) == \
        "a 6.1 quake: 120,000 people, at 7:35 am on 11/28/05, a zero-day flaw. Then 5, 4, 3-go"


def test_ecb_halves_read_alike(shared_dir: Path):
    """The newer ECB+ half was tokenised with spaces ("6. 1", "zero - day"): once loaded, neither half
    shows that style, so it cannot reveal the subtopic (and figures such as magnitudes parse)."""
    path = shared_dir / "data" / "event-clustering-ecbplus"
    raw = [json.loads(line) for line in (path / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    spaced = re.compile(r"\d\. \d|\w - \w|\d / \d|\d, \d{3}\b")
    assert sum(bool(spaced.search(r["title"] + "\n" + r["body"])) for r in raw if r["subtopic"] == "ecbplus") > 100
    data = load_dataset(path)
    assert not [a.id for a in data.articles if spaced.search(a.title + "\n" + a.text)]
    decimals = {sub: sum(bool(re.search(r"\d\.\d", a.title + a.text)) for a, r in zip(data.articles, raw)
                         if r["subtopic"] == sub) for sub in ("ecb", "ecbplus")}
    assert decimals["ecb"] > 10 and decimals["ecbplus"] > 10  # both halves now write "6.1"


def _slice(shared_dir: Path, tmp_path: Path, topics: set[int]) -> Path:
    rows = [line for line in (shared_dir / "data/event-clustering-ecbplus/documents.jsonl").read_text(
        encoding="utf-8").splitlines() if json.loads(line)["topic"] in topics]
    out = tmp_path / "ecb-slice"
    out.mkdir()
    (out / "documents.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")  # temp file only
    return out


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.for_stories()


def test_smoke_on_ecb_slice_beats_chance(shared_dir, tmp_path, embedder):
    report = evaluate_clustering(_slice(shared_dir, tmp_path, {1, 14}), orders=2, embedder=embedder)
    assert report.n_articles > 40 and report.n_gold_clusters == 4
    assert report.file_order.b3_f1 > 0.75 and report.random_orders.b3_f1 > 0.75
    assert report.baseline.b3_f1 > 0.5
    text = format_clustering(report)
    assert "baseline TF-IDF" in text and "random orders" in text
    none = format_clustering(dataclasses.replace(report, n_random_orders=0, per_order_f1=[]))
    assert "streaming, file order" in none and "random orders" not in none  # --orders 0: no repeated row
    assert len(report.file_order_labels) == len(report.gold) == report.n_articles
    assert b_cubed(report.file_order_labels, report.gold)[2] == pytest.approx(report.file_order.b3_f1)


def test_cli_lists_the_costliest_errors(shared_dir, tmp_path):
    run = cli("eval", "clustering", "--dataset", str(_slice(shared_dir, tmp_path, {1, 14})), "--orders", "1",
              "--errors", "3", home=tmp_path / "home")
    assert run.returncode == 0, run.stderr
    assert "| streaming, file order |" in run.stdout
    assert "Where the file order run loses B3 F1" in run.stdout and "| error | articles | B3 F1 if repaired |" in run.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name,floor,cv_floor,baseline", [("event-clustering-ecbplus", 0.89, 0.87, 0.888),
                                                           ("event-clustering-basil", 0.98, 0.97, 0.948)])
def test_full_run(shared_dir, embedder, name, floor, cv_floor, baseline):
    report = evaluate_clustering(shared_dir / "data" / name, orders=3, embedder=embedder)
    assert report.baseline.b3_f1 == pytest.approx(baseline, abs=0.002)  # the README's figure
    assert report.file_order.b3_f1 >= floor and report.random_orders.b3_f1 >= floor
    assert report.cv_f1 is not None and report.cv_f1 >= cv_floor  # leave-topics/events-out estimate
