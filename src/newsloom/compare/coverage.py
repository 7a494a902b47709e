"""Coverage of one story, source by source: order, quotes by speaker, numbers, what each adds.

Each source is labelled with its outlet and, when the provenance says the text is a copy, with its
primary source ("AP (via USTimeToday, machine-rewritten)"); quotes from machine-rewritten copies
are flagged as possibly altered. Each quote carries the label of whose words it is: its source's,
unless the copy adds it to the primary's text. That is said only when an article the copy's text
came through is in the story and lacks the quote ("MaxSnip News (adds to Orig Daily's text)").
A speaker's statements are lined up across sources (:mod:`.statements`), the numbers compared
(:mod:`.numbers`), and what each source adds beyond the others ranked. Everything is computed from what may be shown of each article (the caller
passes the publisher-allowed text).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from difflib import SequenceMatcher

from ..dates import day_only
from ..model import (
    Article,
    Coverage,
    Provenance,
    Quote,
    SourceCoverage,
    SourceLabel,
    Story,
)
from ..text import possessive, split_sentences
from ..urls import host_of
from .numbers import Figure, compared_figures, differing_numbers, shared_numbers
from .quotes import extract_quotes
from .statements import STATEMENT_MATCH, lend_speakers, line_up, quote_words
from .text import (
    FactTerms,
    carries_fact,
    fact_terms,
    numbers_in,
    statement_similarity,
    statement_terms,
    terms,
)

__all__ = ["SAME_WORDING", "compare_coverage", "outlet_name", "source_label"]

#: Least share of their words, in order (``difflib`` ratio), at which a copy's quote is an original's
#: quote in other words: a machine rewriter's word-for-word substitutions leave more (95% of the
#: quotes of spun BASIL articles keep 0.57 or more with their original), a quote of another article
#: less with every quote of an article (99% below 0.3).
SAME_WORDING = 0.5
UNKNOWN_PUBLISHER = "unknown publisher"

_MIN_DATE = datetime.min.replace(tzinfo=UTC)
_MAX_DATE = datetime.max.replace(tzinfo=UTC)
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")  # a quotation in a sentence
#: Most words of a sentence that is matched by its words in a row (``_short_match``): fewer content
#: words than ``same_fact`` needs.
SHORT_SENTENCE = 15
#: Least share of a short sentence's words another article must carry in a row for it to be shared.
SHORT_SHARE = 0.7
#: Most sentences of what a source adds that the story page shows before the rest (``highlights``).
HIGHLIGHTS = 5


def _publisher(article: Article) -> str | None:
    url = article.canonical_url or article.url or ""
    host = host_of(url) if url.startswith(("http://", "https://")) else None
    return article.source or article.site_name or host


def outlet_name(article: Article, primary: str | None = None) -> str:
    """Who published ``article``: its outlet, site name or host; else 'unknown publisher' with the
    primary source or wire agency whose text it carries, when known ('unknown publisher (Reuters)').
    Never the headline."""
    publisher = _publisher(article)
    if publisher:
        return publisher
    wire = primary or (article.wire[0].agency if article.wire else None)
    return f"{UNKNOWN_PUBLISHER} ({wire})" if wire else UNKNOWN_PUBLISHER


def source_label(article: Article, provenance: Provenance | None = None) -> SourceLabel:
    """The label of ``article``'s text: its outlet, and its primary source when it is a copy."""
    rewritten = article.automated or bool(provenance and provenance.automated)
    primary = None
    if provenance is not None and provenance.is_copy and provenance.primary.name not in ("", "unknown"):
        primary = provenance.primary.name
    publisher = _publisher(article)
    if primary and publisher and primary.casefold() == publisher.casefold():
        primary = None
    outlet = outlet_name(article, primary)
    note = ", machine-rewritten" if rewritten else ""
    if primary and not publisher:  # a wire story on a page whose publisher is unknown: the wire's text
        label = primary + (" (machine-rewritten)" if rewritten else "")
    elif primary:
        label = f"{primary} (via {publisher}{note})"
    else:
        label = outlet + (" (machine-rewritten)" if rewritten else "")
    return SourceLabel(article.id, outlet, primary, label, rewritten)


# --------------------------------------------------------------------------- what each adds


class _Runs:
    """Which articles carry a run of words, from an index of the runs of three words (and of the
    single words) of each article's text, built once per comparison: the articles that may carry
    a run are looked up, and only they are searched. What each run is found in is kept."""

    def __init__(self, words: Mapping[str, Sequence[str]]) -> None:
        self.words = words
        self.texts = {aid: f" {' '.join(ws)} " for aid, ws in words.items()}
        self.index: dict[tuple[str, ...], dict[str, None]] = defaultdict(dict)
        for aid, ws in words.items():
            for run in set(zip(ws, ws[1:], ws[2:])):
                self.index[run][aid] = None
        self.singles: dict[tuple[str, ...], dict[str, None]] | None = None  # words -> articles, when needed
        self.found: dict[tuple[str, ...], tuple[str, ...]] = {}

    def carriers(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """At most two articles that have ``words`` in a row."""
        found = self.found.get(words)
        if found is None:
            found = self.found[words] = self._search(words)
        return found

    def _search(self, words: tuple[str, ...]) -> tuple[str, ...]:
        if len(words) >= 3:
            index, keys = self.index, list(zip(words, words[1:], words[2:]))
        else:
            if self.singles is None:
                self.singles = defaultdict(dict)
                for aid, ws in self.words.items():
                    for w in ws:
                        self.singles[(w,)][aid] = None
            index, keys = self.singles, [(w,) for w in words]
        postings = sorted((index.get(key, {}) for key in dict.fromkeys(keys)), key=len)
        if not postings or not postings[0]:
            return ()
        needle, rest = f" {' '.join(words)} ", postings[1:4]
        out: list[str] = []
        for aid in postings[0]:
            if all(aid in p for p in rest) and needle in self.texts[aid]:
                out.append(aid)
                if len(out) == 2:
                    break
        return tuple(out)

    def elsewhere(self, words: tuple[str, ...], aid: str) -> bool:
        """Whether an article other than ``aid`` has ``words`` in a row."""
        return any(other != aid for other in self.carriers(words))


def _quoted_elsewhere(sent: str, aid: str, runs: _Runs) -> bool:
    """Whether ``sent`` quotes someone and another article carries every quotation of it (three
    words or more) word for word: the same quote, whatever is said around it."""
    spans = [w for m in _QUOTED.finditer(sent) if len(w := quote_words(m.group(1) or m.group(2) or "")) >= 3]
    return bool(spans) and all(runs.elsewhere(w, aid) for w in spans)


def short_runs(sent: str) -> list[tuple[str, ...]]:
    """The runs of words that carry a short sentence (too few words for ``same_fact``) when another
    article has one: most of its words (``SHORT_SHARE``, at least four) in a row, with every figure it
    states ('arrested 14 protesters' is not carried by 'arrested 41 protesters'). None for a longer one."""
    words = quote_words(sent)
    if not words or len(words) > SHORT_SENTENCE:
        return []
    k = min(len(words), max(4, math.ceil(SHORT_SHARE * len(words))))
    figures = [i for i, w in enumerate(words) if w[0].isdigit()]
    return [words[i:i + k] for i in range(len(words) - k + 1)
            if not figures or (i <= figures[0] and figures[-1] < i + k)]


def _short_match(sent: str, aid: str, runs: _Runs) -> bool:
    """Whether another article carries a short sentence: one of its ``short_runs``."""
    return any(runs.elsewhere(run, aid) for run in short_runs(sent))


def _unique_sentences(sentences: Mapping[str, list[tuple[str, FactTerms]]],
                      runs: _Runs) -> dict[str, list[str]]:
    """For each article, the sentences that state no fact another article states.

    A sentence another article carries word for word (a reprint), whose quotes another carries,
    or, short, most of whose words another carries in a row, is shared without comparing further;
    the rest are compared with the candidates an index of content words gives."""
    carriers: dict[frozenset[str], set[str]] = defaultdict(set)
    facts: dict[FactTerms, int] = {}  # each distinct sentence (its terms), numbered
    holders: list[set[str]] = []  # the articles that carry each
    index: dict[str, list[int]] = defaultdict(list)  # content word -> distinct sentences with it
    for aid, sents in sentences.items():
        for _, ft in sents:
            carriers[ft.sentence.words].add(aid)
            ref = facts.get(ft)
            if ref is None:
                ref = facts[ft] = len(holders)
                holders.append(set())
                for w in ft.sentence.words:
                    index[w].append(ref)
            holders[ref].add(aid)
    stated = _Stated(list(facts), holders, index)
    out: dict[str, list[str]] = {}
    for aid, sents in sentences.items():
        out[aid] = [sent for sent, ft in sents
                    if ft.sentence.words and len(carriers[ft.sentence.words]) == 1
                    and not _quoted_elsewhere(sent, aid, runs) and not _short_match(sent, aid, runs)
                    and not stated.elsewhere(aid, ft)]
    return out


@dataclass(frozen=True, slots=True)
class _Stated:
    """The distinct sentences of a story (their ``fact_terms``), the articles carrying each, and an
    index of them by content word."""

    facts: Sequence[FactTerms]
    holders: Sequence[set[str]]
    index: Mapping[str, list[int]]

    def elsewhere(self, aid: str, ft: FactTerms) -> bool:
        """Whether a sentence of another article states the fact ``ft`` states. Each candidate (a
        sentence sharing two words, rarest words first) is compared once; the first match ends it."""
        seen: dict[int, int] = {}
        holders, index = self.holders, self.index
        for w in sorted(ft.sentence.words, key=lambda w: len(index[w])):
            for ref in index[w]:
                if ref in seen:
                    if seen[ref] == 1:
                        seen[ref] = 2
                        if carries_fact(ft, self.facts[ref]):
                            return True
                elif len(holders[ref]) > 1 or aid not in holders[ref]:
                    seen[ref] = 1
        return False


def _news_terms(sent: str, stems: dict[str, str] | None = None) -> tuple[str, ...]:
    """The names and numbers of a sentence that ``_news_score`` counts when no other source has them."""
    rest = sent.partition(" ")[2]  # the first word is capitalised whatever it is
    return (*terms(rest, stems).names, *numbers_in(sent))


def _news_score(sent: str, aid: str, holders: Mapping[str, set[str]],
                news: tuple[str, ...] | None = None) -> int:
    """How much a sentence brings that no other source has: names and numbers no other article of
    the story mentions (two points each), and a quotation (one). ``news``: its ``_news_terms``."""
    new = [w for w in (_news_terms(sent) if news is None else news) if holders.get(w, {aid}) <= {aid}]
    return 2 * len(new) + (1 if _QUOTED.search(sent) else 0)


def _highlights(unique: Mapping[str, list[str]], shown: Mapping[str, str],
                stems: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """For each article, its unique sentences most worth reading, best first (``_news_score``; ties
    in text order), at most ``HIGHLIGHTS``. ``stems``: as ``terms`` keeps them."""
    holders: dict[str, set[str]] = defaultdict(set)
    read: dict[str, tuple[str, ...]] = {}
    for aid, text in shown.items():
        if text not in read:
            read[text] = (*(found := terms(text, stems)).words, *found.numbers)
        for w in read[text]:
            holders[w].add(aid)
    news: dict[str, tuple[str, ...]] = {}
    out = {}
    for aid, sents in unique.items():
        scores = [_news_score(s, aid, holders, news[s] if s in news else news.setdefault(s, _news_terms(s, stems)))
                  for s in sents]
        best = sorted(range(len(sents)), key=lambda i: (-scores[i], i))[:HIGHLIGHTS]
        out[aid] = tuple(sents[i] for i in best)
    return out



# --------------------------------------------------------------------------- whose words a quote is


@dataclass(frozen=True, slots=True)
class _Carried:
    """What one article carries, to tell whether a copy's quote comes from it: its words and its
    quotes (their words and statement terms), and whether it is read whole (shown uncut: then a
    quote not found in it is not in it)."""

    article_id: str
    words: str  # its words, lower case, one space between and around them
    quotes: tuple[tuple[tuple[str, ...], tuple[frozenset[str], ...]], ...]
    whole: bool




def _carried(article: Article, shown: str, quotes: Sequence[Quote]) -> _Carried:
    """What ``article`` carries, from what may be shown of it (``shown``) and the quotes found there."""
    whole = bool(article.text) and shown == article.text and not article.paywalled  # a paywall hides the rest
    return _Carried(article.id, f" {' '.join(quote_words(shown))} ",
                    tuple((quote_words(q.text), statement_terms(q.text)) for q in quotes), whole)


def _same_wording(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two quotes share at least ``SAME_WORDING`` of their words in order (cheap bounds first)."""
    m = SequenceMatcher(None, a, b, autojunk=False)
    return all(ratio() >= SAME_WORDING for ratio in (m.real_quick_ratio, m.quick_ratio, m.ratio))


def _carries(ref: _Carried, words: tuple[str, ...], terms: tuple[frozenset[str], ...]) -> bool:
    """Whether ``ref`` carries a quote (its ``words`` and ``statement_terms``): the words in a row
    in its text, whatever the case and punctuation (a quote trimmed at either end too), or one of
    its quotes the same statement (as ``align_statements`` lines them up) or in other words (a
    rewriter's)."""
    if words and f" {' '.join(words)} " in ref.words:
        return True
    return any(statement_similarity(terms, t) >= STATEMENT_MATCH or _same_wording(words, w)
               for w, t in ref.quotes)


def _upstream(prov: Provenance | None, present: Collection[str]) -> list[str]:
    """The articles of the story a copy's text came through, its primary source first: the stored
    links of its provenance chain past the copy itself."""
    if prov is None:
        return []
    ids = [prov.primary.article_id, *(link.article_id for link in reversed(prov.chain[1:]))]
    return [aid for aid in dict.fromkeys(ids)
            if aid is not None and aid in present and aid != prov.article_id]


def _adder(quote: Quote, copy_id: str, upstream: Sequence[_Carried],
           known: dict[tuple[str, str], bool] | None = None) -> str | None:
    """Who adds ``quote`` to the primary source's text, of the copy ``copy_id``'s ``upstream``
    (primary first): the first article that carries it after one read whole lacks it, or the copy
    itself when none carries it and one read whole lacks it. None when the primary's text carries
    it as far as can be told: no article read whole lacks it before one carries it. ``known`` keeps
    whether an article carries a quote (by article id and quote text) for the next copy quoting it."""
    known = {} if known is None else known
    lacking = False
    for ref in upstream:
        carries = known.get((ref.article_id, quote.text))
        if carries is None:
            carries = known[(ref.article_id, quote.text)] = _carries(ref, quote_words(quote.text),
                                                                     statement_terms(quote.text))
        if carries:
            return ref.article_id if lacking else None
        lacking = lacking or ref.whole
    return copy_id if lacking else None


def _addition_label(adder: str, primary: str, via: str | None, machine_rewritten: bool) -> str:
    """The label of a quote ``adder`` adds to ``primary``'s text: 'MaxSnip News (adds to Orig
    Daily's text)'; when an earlier copy adds it, the copy that carries it too ('Mid Post (adds to
    Orig Daily's text; via MaxSnip News)'). A machine-rewritten copy says so."""
    notes = [f"via {via}"] if via else []
    if machine_rewritten:
        notes.append("machine-rewritten")
    return f"{adder} (adds to {possessive(primary)} text" + (f"; {', '.join(notes)})" if notes else ")")


def _quote_label(quote: Quote, article: Article, label: SourceLabel, upstream: Sequence[_Carried],
                 by_id: Mapping[str, Article], known: dict[tuple[str, str], bool] | None = None) -> str:
    """Whose words ``quote`` of ``article`` is: the article's ``label``, unless an article of the
    story adds it to the primary source's text (``_adder``, which ``known`` is passed to)."""
    adder = _adder(quote, article.id, upstream, known) if upstream else None
    if adder is None or label.primary is None:
        return label.label
    copy = _publisher(article) or UNKNOWN_PUBLISHER
    if adder == article.id:
        return _addition_label(copy, label.primary, None, label.machine_rewritten)
    return _addition_label(_publisher(by_id[adder]) or UNKNOWN_PUBLISHER, label.primary, copy,
                           label.machine_rewritten)


def _label_quotes(ordered: Sequence[Article], quotes: Mapping[str, Sequence[Quote]],
                  labels: Mapping[str, SourceLabel], provenance: Mapping[str, Provenance],
                  shown: Mapping[str, str]) -> dict[str, tuple[Quote, ...]]:
    """Each article's quotes, each with the label of whose words it is (``_quote_label``). Only a
    copy whose text came through other articles of the story is checked against them."""
    by_id = {a.id: a for a in ordered}
    upstream = {a.id: _upstream(provenance.get(a.id), by_id) for a in ordered if labels[a.id].primary}
    carried = {aid: _carried(by_id[aid], shown[aid], quotes[aid])
               for aid in dict.fromkeys(aid for ids in upstream.values() for aid in ids)}
    out = {}
    known: dict[tuple[str, str], bool] = {}
    for art in ordered:
        refs = [carried[aid] for aid in upstream.get(art.id, ())]
        out[art.id] = tuple(replace(q, label=_quote_label(q, art, labels[art.id], refs, by_id, known))
                            for q in quotes[art.id])
    return out


# --------------------------------------------------------------------------- the comparison


def _order_key(article: Article) -> tuple[datetime, datetime, str]:
    """Publication order: by publication time (else fetch time); articles published at the same
    moment, as same-day articles dated without a time of day are, by when they were fetched, then id."""
    return (article.published or article.fetched_at or _MIN_DATE, article.fetched_at or _MAX_DATE, article.id)


def _same_day(ordered: Sequence[Article]) -> set[str]:
    """The articles published the day another was, one of them dated without a time of day (stored
    at midnight UTC): which came first cannot be told from their publication dates."""
    days: dict[date, list[Article]] = defaultdict(list)
    for art in ordered:
        if art.published is not None:
            days[(art.published.astimezone(UTC) if art.published.tzinfo else art.published).date()].append(art)
    return {a.id for arts in days.values() if len(arts) > 1 and any(day_only(x.published) for x in arts)
            for a in arts}


def _number_labels(figures: Sequence[Figure]) -> tuple[str, ...]:
    """The quantities an article states, each label once; a bare value ('1.6 million') left out where the
    article also says what that value counts ('1.6 million women')."""
    described = {f.key for f in figures if f.noun is not None}
    return tuple(dict.fromkeys(f.label for f in figures
                               if not (f.noun is None and f.label == f.currency + f.key and f.key in described)))


@dataclass(frozen=True, slots=True)
class _Carries:
    """What the articles of a story carry and add, by article id; those published the same day."""

    figures: Mapping[str, list[Figure]]
    unique: Mapping[str, list[str]]
    highlights: Mapping[str, tuple[str, ...]]
    same_day: Collection[str]


def _source_coverage(art: Article, carries: _Carries, quotes: Sequence[Quote], provenance: Provenance | None,
                     outlet: str) -> SourceCoverage:
    """What ``art`` carries and adds."""
    return SourceCoverage(
        article_id=art.id, source=outlet, published=art.published,
        primary=provenance.primary.name if provenance else None, quotes=tuple(quotes),
        numbers=_number_labels(carries.figures[art.id]),
        unique_sentences=tuple(carries.unique[art.id]), n_words=len(art.text.split()),
        highlights=carries.highlights[art.id], same_day=art.id in carries.same_day)


def _quotes_of(ordered: Sequence[Article], shown: Mapping[str, str], labels: Mapping[str, SourceLabel],
               provenance: Mapping[str, Provenance]) -> list[Quote]:
    """Every quote of the story in order of publication, labelled with whose words it is, an
    unattributed one with the speaker other sources give it (``lend_speakers``). The quotes of a
    text are found once, however many articles carry it."""
    found: dict[str, tuple[str, list[Quote]]] = {}
    extracted = {}
    for a in ordered:
        text = shown[a.id]
        if text not in found:
            found[text] = (a.id, extract_quotes(replace(a, text=text)))
        first, quotes = found[text]
        extracted[a.id] = quotes if first == a.id else [replace(q, article_id=a.id) for q in quotes]
    quotes = _label_quotes(ordered, extracted, labels, provenance, shown)
    return lend_speakers([q for art in ordered for q in quotes[art.id]])


def _sentences(ordered: Sequence[Article], shown: Mapping[str, str],
               stems: dict[str, str]) -> dict[str, list[tuple[str, FactTerms]]]:
    """Each article's sentences, once each, with their ``fact_terms``: a text is split and a sentence
    read once, however many articles carry them (``stems``: as ``terms`` keeps them)."""
    split: dict[str, list[str]] = {}
    facts: dict[str, FactTerms] = {}
    out = {}
    for a in ordered:
        text = shown[a.id]
        sents = split.get(text)
        if sents is None:
            sents = split[text] = list(dict.fromkeys(split_sentences(text)))
        out[a.id] = [(s, facts[s] if s in facts else facts.setdefault(s, fact_terms(s, stems))) for s in sents]
    return out


def compare_coverage(story: Story, articles: Sequence[Article],
                     provenance: Mapping[str, Provenance] | None = None, *,
                     texts: Mapping[str, str] | None = None) -> Coverage:
    """Pure: the story's articles in order of publication, each with what it carries and adds.

    ``texts`` is what may be shown of each article (its publisher's robots directives applied);
    quotes, numbers and the sentences each source adds come from it only, never from more.
    What many articles carry alike (a wire story's copies) is read and compared once."""
    provenance = provenance or {}
    texts = texts if texts is not None else {}
    ordered = sorted(articles, key=_order_key)
    shown = {a.id: texts.get(a.id, a.text) for a in ordered}
    stems: dict[str, str] = {}
    sentences = _sentences(ordered, shown, stems)
    words: dict[str, tuple[str, ...]] = {}
    for text in shown.values():
        if text not in words:
            words[text] = quote_words(text)
    unique = _unique_sentences(sentences, _Runs({aid: words[t] for aid, t in shown.items()}))
    known: dict[str, list[Figure]] = {}
    figures = {aid: compared_figures(sents, known) for aid, sents in sentences.items()}
    carries = _Carries(figures, unique, _highlights(unique, shown, stems), _same_day(ordered))
    labels = {a.id: source_label(a, provenance.get(a.id)) for a in ordered}
    quotes = _quotes_of(ordered, shown, labels, provenance)
    by_article: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        by_article[q.article_id].append(q)
    per_source = tuple(_source_coverage(art, carries, by_article.get(art.id, []), provenance.get(art.id),
                                        labels[art.id].outlet) for art in ordered)
    by_speaker, aligned, unattributed = line_up(quotes, [a.id for a in ordered])
    return Coverage(story_id=story.id, sources=per_source, quotes_by_speaker=by_speaker, source_labels=labels,
                    aligned_quotes=aligned, numbers_shared=shared_numbers(figures), unattributed=unattributed,
                    numbers_differing=differing_numbers(figures))
