"""Coverage of one story, source by source: order, quotes by speaker, numbers, what each adds.

Each source is labelled with its outlet and, when the provenance says the text is a copy, with its
primary source ("AP (via USTimeToday, machine-rewritten)"); quotes from machine-rewritten copies
are flagged as possibly altered. Each quote carries the label of whose words it is: its source's,
unless the copy adds it to the primary's text. That is said only when an article the copy's text
came through is in the story and lacks the quote ("MaxSnip News (adds to Orig Daily's text)").
A speaker's statements are lined up across sources: the quotes of one statement form one row with
a column per source. Everything is computed from what may be shown of each article (the caller
passes the publisher-allowed text).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from difflib import SequenceMatcher

from ..model import (
    AlignedStatement,
    Article,
    Coverage,
    Provenance,
    Quote,
    SharedNumber,
    SourceCoverage,
    SourceLabel,
    SpeakerStatements,
    Story,
)
from ..text import is_abbreviation, possessive, split_sentences
from ..urls import host_of
from .quotes import extract_quotes, same_speaker
from .text import FactTerms, fact_terms, same_fact, statement_similarity, statement_terms

__all__ = ["SAME_WORDING", "STATEMENT_MATCH", "align_statements", "compare_coverage", "extract_numbers",
           "outlet_name", "source_label"]

#: Least ``statement_similarity`` at which two quotes of one speaker count as the same statement.
STATEMENT_MATCH = 0.6
#: Least share of their words, in order (``difflib`` ratio), at which a copy's quote is an original's
#: quote in other words: a machine rewriter's word-for-word substitutions leave more (95% of the
#: quotes of spun BASIL articles keep 0.57 or more with their original), a quote of another article
#: less with every quote of an article (99% below 0.3).
SAME_WORDING = 0.5
UNKNOWN_PUBLISHER = "unknown publisher"

_NUMBER = re.compile(r"(?<![\w.,:])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\w|,\d|:\d)"
                     r"(\s*(?:%|(?:percent|per cent|million|billion|trillion|thousand)\b))?")
_CURRENCY = re.compile(r"([$€£¥₹])\s?$")  # '$750,000': the amount's currency, before it
_CLOCK = re.compile(r"\s*([ap])\.?m\.?(?![A-Za-z])", re.IGNORECASE)  # '9 p.m.': a time of day, not a count
_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"])
# Words that follow a number without saying what it counts: '12 and 13, respectively', '$10 monthly',
# '700 billion out of', 'Redemption 2 isn't'.
_NOT_NOUNS = frozenset(["respectively", "apiece", "ago", "later", "earlier", "out", "up", "down", "off", "back",
                        "away", "again", "too", "alone", "altogether", "combined", "overall", "instead", "less",
                        "plus", "minus", "p", "pm", "am"])
_LY_NOUNS = frozenset(["family", "assembly", "supply", "rally", "ally", "anomaly", "monopoly", "butterfly",
                       "belly", "jelly", "bully", "lily", "fly", "reply", "italy", "july"])
_UNIT_WORD = re.compile(r"-([a-z][a-z]+)\b")  # '200-meter'
_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'’-]*)")
_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February|March|April|May|June|July|August"
                          r"|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?")
_FUNCTION = frozenset(["a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for",
                       "from", "with", "without", "into", "onto", "over", "under", "near", "since", "until",
                       "than", "as", "per", "via", "about", "around", "across", "after", "before", "during",
                       "against", "among", "between", "through", "toward", "towards", "within", "is", "are",
                       "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did",
                       "will", "would", "shall", "should", "can", "could", "may", "might", "must", "that",
                       "which", "who", "whom", "whose", "what", "when", "where", "while", "if", "this",
                       "these", "those", "there", "here", "it", "its", "they", "them", "their", "he", "she",
                       "his", "her", "we", "our", "you", "your", "i", "me", "my", "us", "so", "not", "no",
                       "also", "only", "just", "already", "still", "yet", "even", "each"])
_ADJECTIVES = frozenset(["new", "more", "other", "additional", "extra", "further", "young", "old", "small",
                         "large", "big", "few", "many", "several", "total", "active", "armed", "own", "fresh",
                         "key", "main", "major", "minor", "senior", "junior", "top", "former", "current",
                         "local", "foreign", "full", "half", "last", "next", "first"])
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ian", "ese", "ish", "ary",
                      "ed", "ing")
# Nouns ending in -ed: neither verbs nor adjectives ('3 hundred', 'a 4 speed gearbox', '2 bed flat').
_ED_NOUNS = frozenset(["hundred", "bed", "red", "shed", "sled", "seed", "speed", "need", "feed", "weed",
                       "deed", "breed", "creed", "greed", "reed"])
# Participles that say what befell the people counted: casualty reports count people by them ('3 killed,
# 12 injured'), so one is kept when no noun follows.
_COUNTED_PARTICIPLES = frozenset(["killed", "injured", "wounded", "arrested", "detained", "displaced",
                                  "evacuated", "rescued", "hospitalized", "hospitalised", "infected",
                                  "trapped", "stranded", "kidnapped", "abducted", "jailed", "charged",
                                  "convicted", "accused", "deceased", "affected", "confirmed"])
# Verb forms without -ed that follow a number as its verb: reporting verbs and the commonest irregular
# past tenses ('5 said', '$7,000 paid to', '10 held by'). Forms that are also nouns ('won', 'rose', 'saw',
# 'cut') are left out.
_VERBS = frozenset(["say", "says", "said", "told", "think", "thinks", "thought", "believe", "believes",
                    "knew", "went", "came", "made", "held", "paid", "left", "lost", "fell", "got", "took",
                    "gave", "sent", "spent", "met", "ran", "stood", "fought", "sold", "built", "grew", "flew",
                    "began", "became"])
_MIN_DATE = datetime.min.replace(tzinfo=UTC)
_WORD = re.compile(r"\w+(?:['’]\w+)*")


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


# --------------------------------------------------------------------------- numbers


def _adjective(word: str) -> bool:
    return word in _ADJECTIVES or (len(word) > 4 and word.endswith(_ADJECTIVE_ENDINGS)
                                   and word not in _ED_NOUNS)


def _verb(word: str) -> bool:
    """Whether ``word`` (lower case) after a number is a verb form: what the things counted did or
    had done to them ('30 died', '12 fled', '5 said', 'the 30 chugged', '10,000 gathered for'), never
    what they are. A past tense or participle in -ed, save nouns ('4 speed'), adjectives ('armed',
    'undocumented') and the participles casualty reports count people by ('3 killed'); or one of
    the common verb forms without -ed (``_VERBS``)."""
    if word in _VERBS:
        return True
    return (word.endswith("ed") and word not in _ED_NOUNS and word not in _COUNTED_PARTICIPLES
            and word not in _ADJECTIVES and not word.startswith("un"))


def _adverb(word: str) -> bool:
    """'respectively', 'roughly', 'annually' (not 'family', 'rally' or 'daily', which may be counted)."""
    return len(word) > 4 and word.endswith("ly") and word not in _LY_NOUNS


def _may_count(word: str) -> bool:
    """Whether ``word`` (lower case) may say what a number counts: not a month ('12 March'), a
    contraction ("2 isn't") or a word that never does ('respectively', 'out', 'ago')."""
    return (len(word) > 1 and word not in _NOT_NOUNS and word not in _MONTHS
            and not word.endswith(("n't", "n’t")))


def _head_noun(rest: str) -> str | None:
    """The noun a number counts, from the text right after it: '4,000 new troops in' -> 'troops',
    'more than 150,000 Russian troops were' -> 'troops', '200-meter' -> 'meter'. Adjectives are
    passed over; one is kept only when no noun follows ('3 killed'). Verb forms are passed over and
    never kept: '30 died in' says nothing about what is counted, '6 blocked shots' counts shots."""
    unit = _UNIT_WORD.match(rest)
    if unit:
        return unit.group(1)
    fallback, pos = None, 0
    for _ in range(4):
        w = _NEXT_WORD.match(rest, pos)
        if not w:
            break
        word, low = w.group(1), w.group(1).lower().rstrip("'’")
        if low in _FUNCTION or not _may_count(low):
            break
        if _adverb(low) or (word[0].islower() and _verb(low)):  # passed over, never what is counted
            pos = w.end()
            if rest[pos:pos + 1] in (",", ".", ";", ":", ")", "!", "?"):
                break
            continue
        if word[0].isupper():  # a capitalised adjective ('Russian') counts only before a lower-case word
            nxt = _NEXT_WORD.match(rest, w.end())
            if not nxt or not nxt.group(1)[0].islower() or nxt.group(1).lower() in _FUNCTION:
                break
        elif not _adjective(low):
            nxt = _NEXT_WORD.match(rest, w.end())
            if (nxt and not low.endswith("s") and nxt.group(1).islower() and nxt.group(1).endswith("s")
                    and nxt.group(1) not in _FUNCTION and rest[w.end():nxt.start() + 1].isspace()):
                return nxt.group(1)  # a compound: '2,300 dock workers' -> 'workers'
            return low
        else:
            fallback = low
        pos = w.end()
        if rest[pos:pos + 1] in (",", ".", ";", ":", ")", "!", "?"):
            break
    return fallback


def _numbers(text: str) -> list[tuple[str, str]]:
    """(value with unit, value with unit and noun) for each quantity of ``text``."""
    found = []
    for m in _NUMBER.finditer(text):
        value, unit = m.group(1), (m.group(2) or "").strip()
        if re.fullmatch(r"(19|20)\d\d", value) and not unit:  # a year, not a quantity
            continue
        before = text[max(0, m.start() - 12):m.start()]
        if _MONTH.search(before) or before.rstrip().endswith("#"):  # a day of the month, a rank
            continue
        if not m.group(2) and _MONTH_AFTER.match(text, m.end()):  # '12 March': a day of the month
            continue
        if before.rstrip().endswith(".") and is_abbreviation(before.rstrip()):  # 'No. 2 official'
            continue
        key = value + unit if unit == "%" else " ".join(p for p in (value, unit) if p)
        currency = _CURRENCY.search(before)
        label = (currency.group(1) if currency else "") + key
        clock = None if unit else _CLOCK.match(text, m.end())
        if clock:  # '9 p.m.' is a time of day: said with it, not with a noun
            found.append((key, f"{label} {clock.group(1).lower()}.m."))
            continue
        noun = _head_noun(text[m.end():m.end() + 80])
        found.append((key, f"{label} {noun}" if noun else label))
    return found


def _said_with_context(key: str, labels: Iterable[str]) -> bool:
    """Whether a number is stated with what it measures or counts by at least one source: a unit
    ('48 percent', '1.5 million'), a currency ('$750,000') or a noun ('48 ships'). A bare figure
    that two sources happen to share ('12 and 13, respectively'; the items of a numbered list) is
    no shared claim."""
    return not key.replace(",", "").replace(".", "").isdigit() or any(label != key for label in labels)


def _merge_numbers(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Once each, a bare value left out when the same value is also given with its noun."""
    pairs = list(dict.fromkeys(pairs))
    labelled = {key for key, label in pairs if label != key}
    return [(key, label) for key, label in pairs if label != key or key not in labelled]


def extract_numbers(text: str) -> list[str]:
    """Numbers with their unit or the noun they count: '150,000 troops', '4,000 troops', '3.5 percent'."""
    return [label for _, label in _merge_numbers(_numbers(text))]


def _shared_numbers(per_article: Mapping[str, list[tuple[str, str]]]) -> tuple[SharedNumber, ...]:
    sources: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, Counter] = defaultdict(Counter)
    for aid, pairs in per_article.items():
        for key, label in pairs:
            if aid not in sources[key]:
                sources[key].append(aid)
            labels[key][label] += 1
    out = []
    for key, aids in sources.items():
        if len(aids) >= 2 and _said_with_context(key, labels[key]):
            label = max(labels[key].items(), key=lambda kv: (kv[0] != key, kv[1]))[0]
            out.append(SharedNumber(key, label, tuple(aids), tuple(labels[key])))
    return tuple(out)


# --------------------------------------------------------------------------- what each adds


def _unique_sentences(sentences: Mapping[str, list[tuple[str, FactTerms]]]) -> dict[str, list[str]]:
    """For each article, the sentences that state no fact another article states.

    Candidates come from an index of content words; a sentence another article carries word for
    word (a reprint) is shared without comparing further."""
    index: dict[str, set[tuple[str, int]]] = defaultdict(set)
    carriers: dict[frozenset[str], set[str]] = defaultdict(set)
    for aid, sents in sentences.items():
        for i, (_, ft) in enumerate(sents):
            carriers[ft.sentence.words].add(aid)
            for w in ft.sentence.words:
                index[w].add((aid, i))
    out: dict[str, list[str]] = {}
    for aid, sents in sentences.items():
        unique = []
        for sent, ft in sents:
            if not ft.sentence.words or len(carriers[ft.sentence.words]) > 1:
                continue
            if not _stated_elsewhere(aid, ft, index, sentences):
                unique.append(sent)
        out[aid] = unique
    return out


def _stated_elsewhere(aid: str, ft: FactTerms, index: Mapping[str, set[tuple[str, int]]],
                      sentences: Mapping[str, list[tuple[str, FactTerms]]]) -> bool:
    """Whether a sentence of another article states the fact ``ft`` states. Each candidate (a
    sentence sharing two words, rarest words first) is compared once; the first match ends it."""
    seen: dict[tuple[str, int], int] = {}
    for w in sorted(ft.sentence.words, key=lambda w: len(index[w])):
        for ref in index[w]:
            if ref[0] == aid:
                continue
            n = seen[ref] = seen.get(ref, 0) + 1
            if n == 2 and same_fact(ft, sentences[ref[0]][ref[1]][1]):
                return True
    return False


# --------------------------------------------------------------------------- quotes


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


def _articles_of(quotes: Sequence[Quote], members: list[int]) -> set[str]:
    return {quotes[k].article_id for k in members}


def align_statements(speaker: str, quotes: Sequence[Quote], order: Sequence[str], *,
                     threshold: float = STATEMENT_MATCH) -> SpeakerStatements:
    """Line up one speaker's ``quotes`` across sources: quotes of one statement in different
    articles share a row (at most one quote per article in a row), the best matches first.

    ``order`` lists article ids in order of publication (the columns); rows follow the order in
    which their first quote appears."""
    rank = {aid: i for i, aid in enumerate(order)}
    quotes = sorted(quotes, key=lambda q: rank.get(q.article_id, len(rank)))  # stable: keeps text order
    columns = tuple(dict.fromkeys(q.article_id for q in quotes))
    row_of = list(range(len(quotes)))
    members = {i: [i] for i in range(len(quotes))}
    weakest = {i: 1.0 for i in range(len(quotes))}
    words = [statement_terms(q.text) for q in quotes]
    pairs = sorted((-statement_similarity(words[i], words[j]), i, j)  # best first; ties: earliest quotes
                   for i, a in enumerate(quotes) for j, b in enumerate(quotes)
                   if i < j and a.article_id != b.article_id)
    for neg, i, j in pairs:
        sim = -neg
        if sim < threshold:
            break
        ri, rj = row_of[i], row_of[j]
        if ri == rj or _articles_of(quotes, members[ri]) & _articles_of(quotes, members[rj]):
            continue  # a row holds one quote per source
        keep, gone = min(ri, rj), max(ri, rj)
        for k in members.pop(gone):
            row_of[k] = keep
            members[keep].append(k)
        weakest[keep] = min(weakest[keep], weakest.pop(gone), sim)
    rows = []
    for r in sorted(members):
        by_article = {quotes[k].article_id: quotes[k] for k in members[r]}
        rows.append(AlignedStatement(tuple(by_article.get(aid) for aid in columns), round(weakest[r], 3)))
    return SpeakerStatements(speaker, columns, tuple(rows))


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


def _words(text: str) -> tuple[str, ...]:
    """The words of ``text``, lower case, one apostrophe style: punctuation and quote marks left out."""
    return tuple(w.replace("’", "'") for w in _WORD.findall(text.casefold()))


def _carried(article: Article, shown: str, quotes: Sequence[Quote]) -> _Carried:
    """What ``article`` carries, from what may be shown of it (``shown``) and the quotes found there."""
    whole = bool(article.text) and shown == article.text and not article.paywalled  # a paywall hides the rest
    return _Carried(article.id, f" {' '.join(_words(shown))} ",
                    tuple((_words(q.text), statement_terms(q.text)) for q in quotes), whole)


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


def _adder(quote: Quote, copy_id: str, upstream: Sequence[_Carried]) -> str | None:
    """Who adds ``quote`` to the primary source's text, of the copy ``copy_id``'s ``upstream``
    (primary first): the first article that carries it after one read whole lacks it, or the copy
    itself when none carries it and one read whole lacks it. None when the primary's text carries
    it as far as can be told: no article read whole lacks it before one carries it."""
    words, terms = _words(quote.text), statement_terms(quote.text)
    lacking = False
    for ref in upstream:
        if _carries(ref, words, terms):
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
                 by_id: Mapping[str, Article]) -> str:
    """Whose words ``quote`` of ``article`` is: the article's ``label``, unless an article of the
    story adds it to the primary source's text (``_adder``)."""
    adder = _adder(quote, article.id, upstream) if upstream else None
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
    carried = {aid: _carried(by_id[aid], shown[aid], quotes[aid]) for ids in upstream.values() for aid in ids}
    out = {}
    for art in ordered:
        refs = [carried[aid] for aid in upstream.get(art.id, ())]
        out[art.id] = tuple(replace(q, label=_quote_label(q, art, labels[art.id], refs, by_id))
                            for q in quotes[art.id])
    return out


# --------------------------------------------------------------------------- the comparison


def compare_coverage(story: Story, articles: Sequence[Article],
                     provenance: Mapping[str, Provenance] | None = None, *,
                     texts: Mapping[str, str] | None = None) -> Coverage:
    """Pure: the story's articles in order of publication, each with what it carries and adds.

    ``texts`` is what may be shown of each article (its publisher's robots directives applied);
    quotes, numbers and the sentences each source adds come from it only, never from more."""
    provenance = provenance or {}
    texts = texts if texts is not None else {}
    ordered = sorted(articles, key=lambda a: (a.published or a.fetched_at or _MIN_DATE, a.id))
    shown = {a.id: texts.get(a.id, a.text) for a in ordered}
    sentences = {a.id: [(s, fact_terms(s)) for s in dict.fromkeys(split_sentences(shown[a.id]))]
                 for a in ordered}
    unique = _unique_sentences(sentences)
    numbers = {a.id: _merge_numbers(_numbers(shown[a.id])) for a in ordered}
    labels = {a.id: source_label(a, provenance.get(a.id)) for a in ordered}
    extracted = {a.id: extract_quotes(replace(a, text=shown[a.id])) for a in ordered}
    quotes = _label_quotes(ordered, extracted, labels, provenance, shown)
    per_source = []
    for art in ordered:
        prov = provenance.get(art.id)
        per_source.append(SourceCoverage(
            article_id=art.id, source=labels[art.id].outlet, published=art.published,
            primary=prov.primary.name if prov else None, quotes=quotes[art.id],
            numbers=tuple(label for _, label in numbers[art.id]),
            unique_sentences=tuple(unique[art.id]), n_words=len(art.text.split())))
    by_speaker = _group_by_speaker([q for art in ordered for q in quotes[art.id]])
    order = [a.id for a in ordered]
    aligned = tuple(align_statements(speaker, qs, order) for speaker, qs in by_speaker.items())
    return Coverage(story_id=story.id, sources=tuple(per_source), quotes_by_speaker=by_speaker,
                    source_labels=labels, aligned_quotes=aligned, numbers_shared=_shared_numbers(numbers))
