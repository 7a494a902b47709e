"""The compare stage's straightforward algorithms, as they were before comparing once per distinct
text: every pair of quantities, quotes and articles compared. The tests of
``test_compare_scale.py`` check that the faster ones give the same coverage."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from newsloom.compare import coverage, statements
from newsloom.compare.numbers import (
    Figure,
    _near,
    _same_claim,
    claims,
    differing_number,
    shared_number,
    values_differ,
)
from newsloom.compare.quotes import extract_quotes
from newsloom.compare.speakers import has_first_name, same_speaker
from newsloom.compare.statements import (
    STATEMENT_MATCH,
    _full_name,
    _parts_fit,
    _same_words,
    _statement_row,
    quote_words,
)
from newsloom.compare.text import (
    FactTerms,
    carries_fact,
    components,
    fact_terms,
    statement_similarity,
    statement_terms,
)
from newsloom.model import Quote, SharedNumber, SpeakerStatements
from newsloom.text import split_sentences

# --------------------------------------------------------------------------- numbers


def linked(items: Sequence[tuple[str, Figure]], link: Callable[[Figure, Figure], bool]) -> list[list[int]]:
    pairs = ((i, j) for i, (aid, a) in enumerate(items) for j in range(i + 1, len(items))
             if items[j][0] != aid and link(a, items[j][1]))
    return components(len(items), pairs)


def shared_numbers(figures: Mapping[str, list[Figure]]) -> tuple[SharedNumber, ...]:
    """Every pair of quantities of one value compared (the claim a group makes is built as the fast one does)."""
    return tuple(n for key, items in claims(figures).items() for group in linked(items, _same_claim)
                 if (n := shared_number(key, items, group)) is not None)


def differing_numbers(figures: Mapping[str, list[Figure]]) -> tuple[SharedNumber, ...]:
    items = [(aid, f) for aid, figs in figures.items() for f in figs if f.amount is not None]
    out = []
    for group in linked(items, _near):
        if not values_differ(items, group):
            continue
        values = {items[k][1].amount for k in group}
        noun = items[group[0]][1].noun
        if any(len({f.amount for f in figures[aid] if f.amount in values and (f.noun or "").lower().rstrip("s")
                    == (noun or "").lower().rstrip("s")}) > 1 for aid in {items[k][0] for k in group}):
            continue  # one source gives two of the values
        out.append(differing_number(items, group))  # the entry built as the fast one does
    return tuple(out)


def random_stories_agree(sentence: Callable[[random.Random], str], *, per_article: Sequence[int] = (1, 1, 2),
                         seeds: int = 8) -> list[str]:
    """Random stories (6, 12 or 30 articles of ``per_article`` sentences, each made by ``sentence``) whose
    numbers the fast grouping and this reference must share and dispute alike; the labels disputed."""
    from newsloom.compare.numbers import compared_figures
    from newsloom.compare.numbers import differing_numbers as fast_differing
    from newsloom.compare.numbers import shared_numbers as fast_shared

    said = []
    for seed in range(seeds):
        rng = random.Random(seed)
        figures = {}
        for i in range(rng.choice([6, 12, 30])):
            sents = [sentence(rng) for _ in range(rng.choice(per_article))]
            figures[f"a{i}"] = compared_figures([(s, fact_terms(s)) for s in dict.fromkeys(sents)])
        fast = fast_differing(figures)
        assert fast == differing_numbers(figures)
        assert fast_shared(figures) == shared_numbers(figures)
        said.extend(label for n in fast for label in n.labels)
    return said


# --------------------------------------------------------------------------- statements


def group_by_speaker(quotes: Sequence[Quote]) -> dict[str, tuple[Quote, ...]]:
    groups: list[list[Quote]] = []
    attributed = [q for q in quotes if q.speaker]
    for q in sorted(attributed, key=lambda q: not has_first_name(q.speaker or "")):
        fits = [g for g in groups if all(same_speaker(m.speaker or "", q.speaker or "") for m in g)]
        if len(fits) == 1:
            fits[0].append(q)
        else:
            groups.append([q])
    order = {id(q): i for i, q in enumerate(attributed)}
    out = {_full_name([q.speaker or "" for q in g]): tuple(sorted(g, key=lambda q: order[id(q)])) for g in groups}
    return dict(sorted(out.items(), key=lambda kv: -len({q.article_id for q in kv[1]})))


def same_words_pairs(words: Sequence[tuple[str, ...]], articles: Sequence[str]) -> list[tuple[int, int]]:
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, w in enumerate(words):
        for k in range(max(1, len(w) - 2)):
            index[w[k:k + 3]].add(i)
    candidates = {(i, j) for ids in index.values() for i in ids for j in ids
                  if i < j and articles[i] != articles[j]}
    scored = [(-score, i, j) for i, j in candidates if (score := _same_words(words[i], words[j]))]
    return [(i, j) for _, i, j in sorted(scored)]


def lend_speakers(quotes: Sequence[Quote]) -> list[Quote]:
    from dataclasses import replace

    words = [quote_words(q.text) for q in quotes]
    out = list(quotes)
    for group in components(len(quotes), same_words_pairs(words, [q.article_id for q in quotes])):
        named = [quotes[k].speaker for k in group if quotes[k].speaker]
        if named and all(same_speaker(named[0], n) for n in named):
            name = _full_name(named)
            for k in group:
                if not quotes[k].speaker:
                    out[k] = replace(quotes[k], speaker=name)
    return out


class _Rows:
    def __init__(self, articles: Sequence[str]) -> None:
        self.articles = articles
        self.row_of = list(range(len(articles)))
        self.members = {i: [i] for i in range(len(articles))}
        self.weakest = {i: 1.0 for i in range(len(articles))}

    def merged(self, i: int, j: int) -> list[int] | None:
        ri, rj = self.row_of[i], self.row_of[j]
        return None if ri == rj else self.members[ri] + self.members[rj]

    def shares_source(self, i: int, j: int) -> bool:
        ri, rj = self.row_of[i], self.row_of[j]
        return bool({self.articles[k] for k in self.members[ri]} & {self.articles[k] for k in self.members[rj]})

    def join(self, i: int, j: int, similarity: float) -> None:
        keep, gone = sorted((self.row_of[i], self.row_of[j]))
        for k in self.members.pop(gone):
            self.row_of[k] = keep
            self.members[keep].append(k)
        self.weakest[keep] = min(self.weakest[keep], self.weakest.pop(gone), similarity)


def align_statements(speaker: str, quotes: Sequence[Quote], order: Sequence[str], *,
                     threshold: float = STATEMENT_MATCH) -> SpeakerStatements:
    rank = {aid: i for i, aid in enumerate(order)}
    quotes = sorted(quotes, key=lambda q: rank.get(q.article_id, len(rank)))
    columns = tuple(dict.fromkeys(q.article_id for q in quotes))
    articles = [q.article_id for q in quotes]
    words = [quote_words(q.text) for q in quotes]
    rows = _Rows(articles)
    for i, j in same_words_pairs(words, articles):
        merged = rows.merged(i, j)
        if merged is not None and _parts_fit(merged, words, articles):
            rows.join(i, j, 1.0)
    terms = [statement_terms(q.text) for q in quotes]
    pairs = sorted((-statement_similarity(terms[i], terms[j]), i, j)
                   for i in range(len(quotes)) for j in range(i + 1, len(quotes)) if articles[i] != articles[j])
    for neg, i, j in pairs:
        if -neg < threshold:
            break
        if rows.merged(i, j) is not None and not rows.shares_source(i, j):
            rows.join(i, j, -neg)
    return SpeakerStatements(speaker, columns, tuple(_statement_row(quotes, rows.members[r], columns, rows.weakest[r])
                                                     for r in sorted(rows.members)))


# --------------------------------------------------------------------------- what each adds


def _carried_elsewhere(words: Sequence[str], aid: str, carried: Mapping[str, str]) -> bool:
    needle = f" {' '.join(words)} "
    return any(other != aid and needle in text for other, text in carried.items())


def _quoted_elsewhere(sent: str, aid: str, carried: Mapping[str, str]) -> bool:
    spans = [w for m in coverage._QUOTED.finditer(sent)
             if len(w := quote_words(m.group(1) or m.group(2) or "")) >= 3]
    return bool(spans) and all(_carried_elsewhere(w, aid, carried) for w in spans)


def _short_match(sent: str, aid: str, carried: Mapping[str, str]) -> bool:
    return any(_carried_elsewhere(run, aid, carried) for run in coverage.short_runs(sent))


def _stated_elsewhere(aid: str, ft: FactTerms, index: Mapping[str, set[tuple[str, int]]],
                      sentences: Mapping[str, list[tuple[str, FactTerms]]]) -> bool:
    seen: dict[tuple[str, int], int] = {}
    for w in sorted(ft.sentence.words, key=lambda w: len(index[w])):
        for ref in index[w]:
            if ref[0] == aid:
                continue
            n = seen[ref] = seen.get(ref, 0) + 1
            if n == 2 and carries_fact(ft, sentences[ref[0]][ref[1]][1]):
                return True
    return False


def unique_sentences(sentences: Mapping[str, list[tuple[str, FactTerms]]], runs) -> dict[str, list[str]]:
    carried = runs.texts  # each article's words, lower case, one space between and around them
    index: dict[str, set[tuple[str, int]]] = defaultdict(set)
    carriers: dict[frozenset[str], set[str]] = defaultdict(set)
    for aid, sents in sentences.items():
        for i, (_, ft) in enumerate(sents):
            carriers[ft.sentence.words].add(aid)
            for w in ft.sentence.words:
                index[w].add((aid, i))
    out: dict[str, list[str]] = {}
    for aid, sents in sentences.items():
        out[aid] = [sent for sent, ft in sents
                    if ft.sentence.words and len(carriers[ft.sentence.words]) == 1
                    and not _quoted_elsewhere(sent, aid, carried) and not _short_match(sent, aid, carried)
                    and not _stated_elsewhere(aid, ft, index, sentences)]
    return out


def sentences_of(ordered, shown, stems=None):
    return {a.id: [(s, fact_terms(s)) for s in dict.fromkeys(split_sentences(shown[a.id]))] for a in ordered}


def quotes_of(ordered, shown, labels, provenance):
    from dataclasses import replace

    extracted = {a.id: extract_quotes(replace(a, text=shown[a.id])) for a in ordered}
    quotes = coverage._label_quotes(ordered, extracted, labels, provenance, shown)
    return lend_speakers([q for art in ordered for q in quotes[art.id]])


def use_reference(monkeypatch) -> None:
    """Make ``compare_coverage`` run on the straightforward algorithms above."""
    monkeypatch.setattr(coverage, "_sentences", sentences_of)
    monkeypatch.setattr(coverage, "_unique_sentences", unique_sentences)
    monkeypatch.setattr(coverage, "_quotes_of", quotes_of)
    monkeypatch.setattr(coverage, "shared_numbers", shared_numbers)
    monkeypatch.setattr(coverage, "differing_numbers", differing_numbers)
    monkeypatch.setattr(statements, "_group_by_speaker", group_by_speaker)
    monkeypatch.setattr(statements, "align_statements", align_statements)
