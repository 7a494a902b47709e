"""`newsloom eval copies`: copy detection on a labelled set built from ../shared/data.

(Sentence-level paraphrase detection on MSRP lives in ``newsloom.evaluate.paraphrase``.)

The labelled copy set (built here, deterministically from ``seed``):

* positives: real article bodies (BASIL texts, Scrapinghub ground-truth bodies) turned into
  identical copies, reprints (retitled, boilerplate header/footer, re-paragraphed), excerpts
  (the first paragraphs or a contiguous run) and spins (synonym substitution from a hand-written
  table plus sentence swaps and drops, the way content spinners work), half of them light and half
  heavy (every known word replaced, a quarter of the sentences dropped, the tail cut, a header
  added);
* negatives: genuinely different reports of the same event: every pair of BASIL's three outlets
  per event, and a spun copy of one outlet's report compared with another outlet's report.
  (ECB+ same-event documents are NOT used as negatives: many are versions of one wire story,
  e.g. the same AFP text on several sites, so "same event" does not mean "not a copy" there.)

Labels (event ids) only decide which pairs are built; the detector sees the two texts.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

from ..embed import Embedder
from ..errors import InputError
from ..model import Article, RelationKind, content_hash
from ..trace.compare import compare_articles
from ..trace.semantic import SentenceCache
from ..trace.spin import SynonymTable, spin_text

__all__ = ["CopiesReport", "LabelledPair", "build_pairs", "evaluate_copies", "format_copies"]

Progress = Callable[[str, int, int], None]  # (label, done, total), as cli.render.progress_bar
_T0 = datetime(2024, 1, 1, tzinfo=UTC)
_HEADERS = ("Advertisement", "Share this story on social media", "Sign up for our morning newsletter",
            "By Staff | Updated 5 minutes ago", "Listen to this article")
_FOOTERS = ("All rights reserved. This copy appears by arrangement with its publisher.",
            "Read more stories like this on our home page.", "Comments are closed for this article.",
            "Follow us for the latest updates on this and other stories.")
LEXICAL_KINDS = ("identical", "reprint", "excerpt")


@dataclass(frozen=True, slots=True)
class LabelledPair:
    copy: Article
    original: Article
    label: str  # identical | reprint | excerpt | rewrite | independent
    origin: str  # basil | scrapinghub | basil-spun
    variant: str = ""  # rewrites: light | heavy spin


@dataclass
class CopiesReport:
    n_pairs: int
    precision: float
    recall: float
    f1: float
    independent_precision: float  # of pairs called independent, share truly independent (BASIL)
    independent_recall_basil: float  # BASIL same-event pairs called independent
    per_kind_recall: dict[str, float]
    per_kind_exact: dict[str, float]  # predicted kind equals the label
    per_origin_negatives: dict[str, float]  # share of independent pairs called independent
    rewrite_recall_by_variant: dict[str, float] = field(default_factory=dict)
    margins: dict[str, float] = field(default_factory=dict)  # aligned-sentence shares near the threshold
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    sentences_embedded: int = 0
    errors: list[str] = field(default_factory=list)


def _read_jsonl(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read corpus: {exc}", subject=str(path)) from exc


def _article(ident: str, title: str, text: str, hours: float, host: str) -> Article:
    return Article(id=ident, title=title, text=text, url=f"https://{host}/{ident}",
                   published=_T0 + timedelta(hours=hours), content_hash=content_hash(text))


def _originals(shared: Path) -> list[tuple[str, str, str, str]]:
    """(id, title, text, origin) of real article bodies with at least four paragraphs."""
    out = []
    for art in _read_jsonl(shared / "data/event-clustering-basil/articles.jsonl"):
        out.append((f"basil-{art['uuid']}", art["title"], art["text"], "basil"))
    truth_path = shared / "data/article-extraction-scrapinghub/ground-truth.json"
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read corpus: {exc}", subject=str(truth_path)) from exc
    for key, item in sorted(truth.items()):
        body = (item.get("articleBody") or "").strip()
        body = "\n\n".join(p.strip() for p in body.split("\n") if p.strip())
        if body.count("\n\n") >= 3 and len(body.split()) >= 150:
            out.append((f"sh-{key[:16]}", "", body, "scrapinghub"))
    return [o for o in out if o[2].count("\n\n") >= 3]


def _reprint(text: str, rng: random.Random) -> str:
    paras = text.split("\n\n")
    if rng.random() < 0.5 and len(paras) > 4:  # re-paragraph: join neighbours
        paras = [" ".join(paras[i:i + 2]) for i in range(0, len(paras), 2)]
    head = rng.sample(_HEADERS, 2)
    foot = rng.sample(_FOOTERS, 2)
    return "\n\n".join([*head, *paras, *foot])


def _excerpt(text: str, rng: random.Random) -> str:
    paras = text.split("\n\n")
    n = max(2, round(len(paras) * rng.uniform(0.25, 0.6)))
    start = 0 if rng.random() < 0.6 else rng.randrange(0, len(paras) - n + 1)
    body = paras[start:start + n]
    if rng.random() < 0.5:
        body.append(rng.choice(_FOOTERS))
    return "\n\n".join(body)


def _heavy_spin(text: str, rng: random.Random, table: SynonymTable) -> str:
    """Every known word replaced, a quarter of the sentences dropped, many swapped, the tail cut,
    and a boilerplate header added."""
    spun = spin_text(text, rng, table=table, rate=1.0, swap=0.3, drop=0.25).split("\n\n")
    keep = max(2, round(len(spun) * rng.uniform(0.6, 0.9)))
    return "\n\n".join([rng.choice(_HEADERS), *spun[:keep]])


def _copy_pairs(originals, rng: random.Random, table: SynonymTable) -> list[LabelledPair]:
    pairs = []
    for i, (ident, title, text, origin) in enumerate(originals):
        orig = _article(ident, title, text, 0, "original.example")
        kind = LEXICAL_KINDS[i % 3]
        body = text if kind == "identical" else _reprint(text, rng) if kind == "reprint" else _excerpt(text, rng)
        copy_title = title if kind == "identical" else f"Copy: {title}"
        pairs.append(LabelledPair(_article(f"{ident}-{kind}", copy_title, body, 3, "copies.example"),
                                  orig, kind, origin))
        heavy = i % 2 == 1
        spun = _heavy_spin(text, rng, table) if heavy else spin_text(text, rng, table=table,
                                                                     rate=rng.uniform(0.7, 1.0))
        pairs.append(LabelledPair(_article(f"{ident}-spin", title, spun, 5, "spinner.example"),
                                  orig, "rewrite", origin, "heavy" if heavy else "light"))
    return pairs


def _negative_pairs(shared: Path, rng: random.Random, table: SynonymTable,
                    limit: int | None) -> list[LabelledPair]:
    """Same-event pairs from BASIL (three outlets per event: independent reports)."""
    basil = _read_jsonl(shared / "data/event-clustering-basil/articles.jsonl")
    by_event = defaultdict(list)
    for art in basil:
        by_event[art["triplet_uuid"]].append(art)
    pairs = []
    for event in sorted(by_event)[:limit]:
        for a, b in combinations(sorted(by_event[event], key=lambda x: x["source"]), 2):
            pairs.append(LabelledPair(_article(f"basil-{a['uuid']}", a["title"], a["text"], 2, "a.example"),
                                      _article(f"basil-{b['uuid']}", b["title"], b["text"], 0, "b.example"),
                                      "independent", "basil"))
            # a spun copy of one outlet's report is still independent of the other outlet's
            spun = spin_text(a["text"], rng, table=table)
            pairs.append(LabelledPair(_article(f"basil-{a['uuid']}-spin", a["title"], spun, 5, "s.example"),
                                      pairs[-1].original, "independent", "basil-spun"))
    return pairs


def build_pairs(shared: Path, *, seed: int = 0, limit: int | None = None) -> list[LabelledPair]:
    """The labelled pairs: ``limit`` caps originals (and events) for a quick run."""
    rng = random.Random(seed)
    table = SynonymTable.default()
    originals = _originals(Path(shared))
    rng.shuffle(originals)
    if limit is not None:
        originals = originals[:limit]
    neg_limit = None if limit is None else max(1, limit // 3)
    return _copy_pairs(originals, rng, table) + _negative_pairs(Path(shared), rng, table, neg_limit)


def evaluate_copies(shared: Path, *, seed: int = 0, limit: int | None = None,
                    progress: Progress | None = None, embedder=None) -> CopiesReport:
    """Run ``compare_articles`` on every labelled pair and score copy vs independent."""
    import time

    pairs = build_pairs(shared, seed=seed, limit=limit)
    encoder = SentenceCache(embedder or Embedder.for_sentences())  # as the pipeline's trace stage
    start = time.perf_counter()
    predictions, semantic = [], []
    for i, pair in enumerate(pairs):
        rel = compare_articles(pair.copy, pair.original, embedder=encoder)
        predictions.append(rel.kind.value)
        semantic.append(rel.evidence.semantic)
        if progress:
            progress("labelled pairs", i + 1, len(pairs))
    report = score_predictions(pairs, predictions)
    report.margins = _margins(pairs, predictions, semantic)
    report.seconds = time.perf_counter() - start
    report.sentences_embedded = encoder.encoded
    return report


def score_predictions(pairs: list[LabelledPair], predictions: list[str]) -> CopiesReport:
    indep = RelationKind.INDEPENDENT.value
    tp = sum(p.label != indep and y != indep for p, y in zip(pairs, predictions))
    fp = sum(p.label == indep and y != indep for p, y in zip(pairs, predictions))
    fn = sum(p.label != indep and y == indep for p, y in zip(pairs, predictions))
    called_indep = [p for p, y in zip(pairs, predictions) if y == indep]
    confusion: dict[str, Counter] = defaultdict(Counter)
    for p, y in zip(pairs, predictions):
        confusion[p.label][y] += 1
    kinds = [k for k in (*LEXICAL_KINDS, "rewrite") if confusion[k]]
    origins = sorted({p.origin for p in pairs if p.label == indep})
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    basil = [(p, y) for p, y in zip(pairs, predictions) if p.label == indep and p.origin == "basil"]
    return CopiesReport(
        n_pairs=len(pairs), precision=prec, recall=rec, f1=2 * prec * rec / (prec + rec) if prec + rec else 0.0,
        independent_precision=(sum(p.label == indep for p in called_indep) / len(called_indep)
                               if called_indep else 0.0),
        independent_recall_basil=sum(y == indep for _, y in basil) / len(basil) if basil else 0.0,
        per_kind_recall={k: 1 - confusion[k][indep] / sum(confusion[k].values()) for k in kinds},
        per_kind_exact={k: confusion[k][k] / sum(confusion[k].values()) for k in kinds},
        per_origin_negatives={o: _share(pairs, predictions, o) for o in origins},
        confusion={k: dict(v) for k, v in confusion.items()},
        rewrite_recall_by_variant=_variant_recall(pairs, predictions),
    )


def _margins(pairs, predictions, semantic) -> dict[str, float]:
    """Share of copy sentences aligned (the rewrite test, threshold 0.5): the highest among
    independent pairs and the lowest among pairs called rewrite, to show the decision margin."""
    indep = [v for p, v in zip(pairs, semantic) if p.label == "independent" and v is not None]
    rewrites = [v for y, v in zip(predictions, semantic) if y == "rewrite" and v is not None]
    out = {}
    if indep:
        out["independent max aligned share"] = max(indep)
        out["independent 99th percentile"] = sorted(indep)[int(0.99 * (len(indep) - 1))]
    if rewrites:
        out["rewrite min aligned share"] = min(rewrites)
    return out


def _variant_recall(pairs, predictions) -> dict[str, float]:
    found: dict[str, list[bool]] = defaultdict(list)
    for p, y in zip(pairs, predictions):
        if p.label == "rewrite":
            found[p.variant].append(y != "independent")
    return {k: sum(v) / len(v) for k, v in sorted(found.items())}


def _share(pairs, predictions, origin: str) -> float:
    rows = [y for p, y in zip(pairs, predictions) if p.label == "independent" and p.origin == origin]
    return sum(y == "independent" for y in rows) / len(rows) if rows else 0.0


def format_copies(report: CopiesReport) -> str:
    lines = [
        f"Copy detection on {report.n_pairs} labelled pairs (copy vs independent)",
        (f"  precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}"
         "   (targets: F1 >= 0.95)"),
        (f"  independent precision {report.independent_precision:.3f} (target >= 0.95);"
         f" BASIL same-event pairs called independent: {report.independent_recall_basil:.3f}"),
        "  recall per kind (found as a copy / classified as exactly this kind):",
    ]
    for kind, value in report.per_kind_recall.items():
        lines.append(f"    {kind:<10} {value:.3f} / {report.per_kind_exact[kind]:.3f}")
    for variant, value in report.rewrite_recall_by_variant.items():
        lines.append(f"    rewrite ({variant} spin) found as a copy: {value:.3f}")
    lines.append("  independent pairs classified independent, per origin:")
    for origin, value in report.per_origin_negatives.items():
        lines.append(f"    {origin:<12} {value:.3f}")
    lines.append("  confusion (label -> predicted counts):")
    for label, row in sorted(report.confusion.items()):
        lines.append(f"    {label:<12} " + ", ".join(f"{k} {v}" for k, v in sorted(row.items())))
    if report.margins:
        lines.append("  decision margin (share of copy sentences aligned; rewrite needs >= 0.5): "
                     + ", ".join(f"{k} {v:.3f}" for k, v in report.margins.items()))
    lines.append(f"  {report.seconds:.1f} s, {report.sentences_embedded} sentences embedded")
    return "\n".join(lines)
