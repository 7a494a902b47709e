"""Extraction evaluation on the three article-extraction datasets in ../shared/data.

``evaluate_extraction(dataset)`` detects the dataset by its files, runs newsloom and
trafilatura (default settings as in the published tables) over the same pages in the same
run, and scores both with the published metric:

* Scrapinghub: 4-token shingle precision/recall/F1 (macro means) against ``articleBody``;
* trafilatura-eval: "with"/"without" segment matching (micro counts);
* readability test pages: shingle F1 against the text of ``expected.html``.

Only each page's bytes and URL reach the extractors; the truth fields stay here.
``mode="page-text"`` scores the text-page cleaner on all visible text of each page.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from newsloom.errors import ExtractError
from newsloom.evaluate.metrics import (
    PRF,
    SegmentCounts,
    aggregate_shingles,
    segment_counts,
    segment_scores,
    shingle_scores,
)

__all__ = ["ExtractionReport", "Page", "SystemScore", "block_text", "command", "detect_dataset",
           "evaluate_extraction", "format_extraction", "iter_pages"]


SCRAPINGHUB, TRAFILATURA_EVAL, READABILITY = "scrapinghub", "trafilatura-eval", "readability-testpages"
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "br", "figcaption",
           "section", "article", "dd", "dt", "td", "th", "ul", "ol", "table", "header", "footer", "figure")


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str | None
    body: bytes
    truth: str | None = None  # the article body (scrapinghub, readability)
    with_: tuple[str, ...] = ()  # trafilatura-eval segments
    without: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict)  # expected metadata: title, author, date


def detect_dataset(root: Path) -> str:
    if (root / "ground-truth.json").is_file() and (root / "html").is_dir():
        return SCRAPINGHUB
    if (root / "evaldata.json").is_file():
        return TRAFILATURA_EVAL
    if (root / "pages").is_dir():
        return READABILITY
    raise FileNotFoundError(f"{root}: not an article-extraction dataset (no ground-truth.json, "
                            "evaldata.json or pages/)")


def iter_pages(root: Path, limit: int | None = None) -> Iterator[Page]:
    kind = detect_dataset(root)
    loader = {SCRAPINGHUB: _scrapinghub, TRAFILATURA_EVAL: _trafilatura_eval, READABILITY: _readability}[kind]
    for n, page in enumerate(loader(root)):
        if limit is not None and n >= limit:
            return
        yield page


def _scrapinghub(root: Path) -> Iterator[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for pid in sorted(truth):
        body = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes())
        yield Page(pid, truth[pid].get("url"), body, truth=truth[pid].get("articleBody") or "")


def _trafilatura_eval(root: Path) -> Iterator[Page]:
    items = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    for url in sorted(items):
        item = items[url]
        body = gzip.decompress((root / "html" / (item["file"] + ".gz")).read_bytes())
        meta = {k: "; ".join(map(str, item[k])) if isinstance(item[k], list) else str(item[k])
                for k in ("title", "author", "date") if item.get(k)}
        yield Page(item["file"], url, body, with_=tuple(item.get("with", ())),
                   without=tuple(item.get("without", ())), meta=meta)


def _readability(root: Path) -> Iterator[Page]:
    for folder in sorted(p for p in (root / "pages").iterdir() if p.is_dir()):
        body = gzip.decompress((folder / "source.html.gz").read_bytes())
        expected = (folder / "expected.html").read_text(encoding="utf-8")
        raw_meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        meta = {"title": raw_meta.get("title"), "author": raw_meta.get("byline"),
                "date": raw_meta.get("publishedTime")}
        yield Page(folder.name, None, body, truth=block_text(expected),
                   meta={k: v for k, v in meta.items() if v})


def block_text(markup: str) -> str:
    """Visible text of an HTML fragment or page, one line per block, scripts and styles dropped."""
    if not markup.strip():
        return ""
    try:
        tree = lxml_html.fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    for node in tree.iter(*_BLOCKS):
        node.tail = "\n\n" + (node.tail or "")
        node.text = "\n\n" + (node.text or "")
    return "\n".join(" ".join(line.split()) for line in tree.text_content().splitlines())


# --------------------------------------------------------------------------- systems under test

Output = tuple[str, dict]  # (body text, metadata: title/author/date)


def run_newsloom(page: Page) -> Output:
    from newsloom.extract import extract_article
    from newsloom.model import FetchedDocument

    doc = FetchedDocument(url=page.url or f"file:///{page.id}", body=page.body, content_type="text/html")
    article = extract_article(doc)
    date = article.published.date().isoformat() if article.published else ""
    return article.text, {"title": article.title, "author": "; ".join(article.authors), "date": date}


def run_trafilatura(page: Page) -> Output:
    """trafilatura with the settings of the published tables (comments off, tables on)."""
    import trafilatura

    text = trafilatura.extract(page.body, url=page.url, include_comments=False, include_tables=True,
                               include_formatting=False) or ""
    meta: dict = {}
    if page.meta:
        from trafilatura.metadata import extract_metadata
        from trafilatura.utils import load_html

        tree = load_html(page.body)
        found = extract_metadata(tree, page.url) if tree is not None else None
        if found is not None:
            meta = {"title": found.title or "", "author": found.author or "", "date": found.date or ""}
    return text, meta


def page_text(page: Page) -> str:
    """All visible text of the page (boilerplate included), one block per line group."""
    from newsloom.extract.decode import decode_body

    text, _ = decode_body(page.body)
    return block_text(text)


def run_page_text_cleaner(page: Page) -> Output:
    from newsloom.extract.textpage import text_draft

    draft = text_draft(page_text(page), page.url)
    return "\n\n".join(draft.paragraphs), {}


def run_page_text_raw(page: Page) -> Output:
    return page_text(page), {}


SYSTEMS: dict[str, dict[str, Callable[[Page], Output]]] = {
    "article": {"newsloom": run_newsloom, "trafilatura": run_trafilatura},
    "page-text": {"newsloom page-text cleaner": run_page_text_cleaner, "all page text (uncleaned)": run_page_text_raw},
}

# Published figures from the dataset READMEs (F1 / F-score), for display beside ours.
ANCHORS: dict[str, list[tuple[str, float]]] = {
    SCRAPINGHUB: [("rs_trafilatura (published output, this split)", 0.971),
                  ("AutoExtract (published output, this split)", 0.976),
                  ("trafilatura (published output, this split)", 0.956),
                  ("readability-lxml (published output, this split)", 0.912),
                  ("html-text, all text (published output, this split)", 0.649),
                  ("html-text, all text (full 181 pages)", 0.665)],
    TRAFILATURA_EVAL: [("trafilatura 2.3.1 standard (README, this split)", 0.925),
                       ("trafilatura 2.2.0 standard (published, 990 pages)", 0.924),
                       ("readability-lxml (published, 990 pages)", 0.826),
                       ("baseline text markup (published, 990 pages)", 0.815)],
    READABILITY: [("Readability.js on Scrapinghub (external reference)", 0.947)],
}


@dataclass
class SystemScore:
    name: str
    scores: PRF
    seconds: float
    failures: int = 0
    counts: SegmentCounts | None = None
    metadata: dict[str, float] = field(default_factory=dict)  # field -> share of pages matching

    @property
    def pages_per_second(self) -> float:
        return self.scores.n / self.seconds if self.seconds else 0.0


@dataclass
class ExtractionReport:
    dataset: str
    path: str
    mode: str
    pages: int
    systems: list[SystemScore]
    anchors: list[tuple[str, float]] = field(default_factory=list)

    def system(self, name: str) -> SystemScore:
        return next(s for s in self.systems if s.name == name)


def _norm(value: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in (value or "").casefold()).split())


def meta_match(name: str, want: str, got: str) -> bool:
    """Normalised comparison: title equal; every author word present; same calendar date."""
    if name == "date":
        return bool(got) and got[:10] == str(want)[:10]
    want_n, got_n = _norm(want), _norm(got)
    if name == "author":
        words = [w for w in want_n.split() if w not in ("by", "and", "von", "und", "par")]
        return bool(words) and set(words) <= set(got_n.split())
    return bool(want_n) and want_n == got_n


def _score_system(name: str, run: Callable[[Page], Output], pages: list[Page], kind: str,
                  progress: Callable[[str, int, int], None] | None) -> SystemScore:
    shingles, counts, failures, seconds = [], SegmentCounts(), 0, 0.0
    hits: dict[str, list[bool]] = {}
    for i, page in enumerate(pages):
        start = time.perf_counter()
        try:
            text, meta = run(page)
        except ExtractError:
            text, meta, failures = "", {}, failures + 1
        seconds += time.perf_counter() - start
        if kind == TRAFILATURA_EVAL:
            counts = counts + segment_counts(text, page.with_, page.without)
        else:
            shingles.append(shingle_scores(page.truth or "", text))
        for key, want in page.meta.items():
            if meta:
                hits.setdefault(key, []).append(meta_match(key, want, meta.get(key, "")))
        if progress:
            progress(name, i + 1, len(pages))
    scores = segment_scores(counts, n=len(pages)) if kind == TRAFILATURA_EVAL else aggregate_shingles(shingles)
    metadata = {k: sum(v) / len(v) for k, v in hits.items() if v}
    return SystemScore(name, scores, seconds, failures, counts if kind == TRAFILATURA_EVAL else None, metadata)


def evaluate_extraction(dataset: Path, *, mode: str = "article", limit: int | None = None,
                        progress: Callable[[str, int, int], None] | None = None,
                        sample_every: int = 1) -> ExtractionReport:
    """Score newsloom and trafilatura (or, in ``page-text`` mode, the text cleaner) on ``dataset``.

    ``limit`` keeps the first N pages; ``sample_every`` keeps every k-th page (spot checks).
    """
    if mode not in SYSTEMS:
        raise ValueError(f"mode must be one of {sorted(SYSTEMS)}, not {mode!r}")
    dataset = Path(dataset)
    kind = detect_dataset(dataset)
    pages = list(iter_pages(dataset, limit))[::max(1, sample_every)]
    systems = [_score_system(name, run, pages, kind, progress) for name, run in SYSTEMS[mode].items()]
    return ExtractionReport(kind, str(dataset), mode, len(pages), systems, ANCHORS.get(kind, []))


def format_extraction(report: ExtractionReport) -> str:
    """A plain-text table of our figures next to the published anchors."""
    lines = [f"extraction eval: {report.dataset} ({report.pages} pages, mode {report.mode})", "",
             f"{'system':<34} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'pages/s':>8} {'fail':>5}"]
    for s in report.systems:
        lines.append(f"{s.name:<34} {s.scores.precision:6.3f} {s.scores.recall:6.3f} {s.scores.f1:6.3f} "
                     f"{s.scores.accuracy:6.3f} {s.pages_per_second:8.1f} {s.failures:5d}")
        if s.counts is not None:
            c = s.counts
            lines.append(f"{'':<34} with: {c.tp} found / {c.fn} missed; without: {c.fp} leaked / {c.tn} kept out")
        if s.metadata:
            lines.append(f"{'':<34} metadata: " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(s.metadata.items())))
    if report.anchors:
        lines += ["", "published anchors (F1):"] + [f"  {name:<52} {value:.3f}" for name, value in report.anchors]
    return "\n".join(lines)


def command(dataset: Path, mode: str = "article", limit: int | None = None) -> ExtractionReport:
    """CLI body for ``newsloom eval extraction --dataset DIR [--mode page-text] [--limit N]``."""
    report = evaluate_extraction(dataset, mode=mode, limit=limit)
    print(format_extraction(report))
    return report
