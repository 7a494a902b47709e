"""Coverage of one story, source by source: order, quotes by speaker, numbers, what each adds."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from ..model import Article, Coverage, Provenance, Quote, SourceCoverage, Story
from ..urls import host_of
from .quotes import extract_quotes, same_speaker

__all__ = ["compare_coverage", "extract_numbers", "outlet_name", "split_sentences"]

_SENT = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z0-9])")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:%|percent|per cent|million|billion|"
                     r"thousand))?(?:[\s-]+([a-z][a-z-]{2,}))?")
_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
_WORD = re.compile(r"[a-z0-9']+")
_STOP = frozenset(["the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "that", "this", "is", "was", "are", "were", "be", "been", "it", "its", "as", "at", "by", "from", "he", "she", "they", "we", "his", "her", "their", "our", "said", "says", "not", "but", "has", "have", "had", "will", "would", "could"])
_MIN_DATE = datetime.min.replace(tzinfo=UTC)


def outlet_name(article: Article) -> str:
    """How a reader should see who published ``article``: outlet, site, host, else its headline."""
    host = host_of(article.canonical_url or article.url) if (article.canonical_url or article.url or "").startswith(
        ("http://", "https://")) else None
    return article.source or article.site_name or host or f"“{article.title[:70]}”"


def split_sentences(text: str) -> list[str]:
    out = []
    for para in text.split("\n\n"):
        out.extend(s.strip() for s in _SENT.split(para) if len(s.split()) >= 4)
    return out


def extract_numbers(text: str) -> list[str]:
    """Numbers with their unit or the noun they count: '150,000 troops', '4,000 new', '14,000 people'."""
    found = []
    for m in _NUMBER.finditer(text):
        value, unit, noun = m.group(1), (m.group(2) or "").strip(), m.group(3) or ""
        if re.fullmatch(r"(19|20)\d\d", value) and not unit:  # a year, not a quantity
            continue
        if _MONTH.search(text[max(0, m.start() - 10):m.start()]):  # a day of the month
            continue
        found.append(" ".join(p for p in (value, unit, noun) if p))
    return found


def _words(sentence: str) -> set[str]:
    return {w for w in _WORD.findall(sentence.lower()) if w not in _STOP}


def _unique_sentences(article: Article, others: Sequence[Article], *, max_overlap: float = 0.3) -> list[str]:
    other_sets = [_words(s) for o in others for s in split_sentences(o.text)]
    unique = []
    for sent in split_sentences(article.text):
        words = _words(sent)
        if not words:
            continue
        best = max((len(words & o) / len(words | o) for o in other_sets if o), default=0.0)
        if best < max_overlap:
            unique.append(sent)
    return unique


def _group_by_speaker(quotes: Sequence[Quote]) -> dict[str, tuple[Quote, ...]]:
    groups: list[list[Quote]] = []
    for q in quotes:
        if not q.speaker:
            continue
        for g in groups:
            if same_speaker(g[0].speaker or "", q.speaker):
                g.append(q)
                break
        else:
            groups.append([q])
    out = {}
    for g in groups:
        name = Counter(q.speaker for q in g).most_common(1)[0][0] or ""
        full = max((q.speaker or "" for q in g if same_speaker(q.speaker or "", name)), key=len)
        out[full] = tuple(g)
    return dict(sorted(out.items(), key=lambda kv: -len({q.article_id for q in kv[1]})))


def compare_coverage(story: Story, articles: Sequence[Article],
                     provenance: Mapping[str, Provenance] | None = None) -> Coverage:
    """Pure: the story's articles in order of publication, each with what it carries and adds."""
    provenance = provenance or {}
    ordered = sorted(articles, key=lambda a: (a.published or a.fetched_at or _MIN_DATE, a.id))
    per_source, all_quotes, number_sources = [], [], Counter()
    for art in ordered:
        quotes = tuple(extract_quotes(art))
        numbers = tuple(dict.fromkeys(extract_numbers(art.text)))
        others = [o for o in ordered if o.id != art.id]
        prov = provenance.get(art.id)
        per_source.append(SourceCoverage(
            article_id=art.id, source=outlet_name(art), published=art.published,
            primary=prov.primary.name if prov else None, quotes=quotes, numbers=numbers,
            unique_sentences=tuple(_unique_sentences(art, others)), n_words=len(art.text.split())))
        all_quotes.extend(quotes)
        number_sources.update({n.split()[0] for n in numbers})
    shared = tuple(n for n, c in number_sources.items() if c >= 2)
    return Coverage(story_id=story.id, sources=tuple(per_source),
                    quotes_by_speaker=_group_by_speaker(all_quotes), shared_numbers=shared)
