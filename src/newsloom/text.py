"""Text helpers the stages share: the stop-word list and the sentence splitter.

One stop-word list (:data:`STOP_WORDS`) and one sentence splitter (:func:`split_sentences`). The
stages need somewhat different versions of each, and every difference is a parameter here, not
another copy:

* stop words (:func:`stop_words`): trace compares texts without :data:`STOP_WORDS`; compare also
  drops the filler of reported speech (:data:`FILLER_WORDS`: "according", "ago", "mr") but keeps
  negations (:data:`NEGATIONS`: "not withdraw" is not "withdraw"); story clustering drops
  scikit-learn's longer English list and the words of news pages that name no event
  (:data:`NEWS_WORDS`: "reuters", "monday", "photo").
* sentences: compare never ends a sentence inside a quotation nor after an abbreviation of
  :data:`ABBREVIATIONS` ("No. 2", "Gen.", "Feb. 16"), and keeps closing quotes with their sentence;
  trace ends one at every line break, after "Feb." but not after a title or an initial
  (:func:`is_name_abbreviation`), and leaves the closing quote out; story clustering ends one at
  every line break and after every stop, also without its closing quote.

Everything here is a pure function of its input.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

__all__ = [
    "ABBREVIATIONS",
    "ABBREVIATION_WINDOW",
    "FILLER_WORDS",
    "NEGATIONS",
    "NEWS_WORDS",
    "PLACE_ABBREVIATIONS",
    "STOP_WORDS",
    "TITLE_ABBREVIATIONS",
    "is_abbreviation",
    "is_name_abbreviation",
    "possessive",
    "quote_spans",
    "sentence_spans",
    "split_sentences",
    "stop_words",
]

# --------------------------------------------------------------------------- stop words

#: Function words and the verbs of reporting ("said"): what no stage counts as content.
STOP_WORDS = frozenset([
    "a", "about", "after", "again", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "he", "her",
    "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "might", "more",
    "most", "no", "not", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own",
    "said", "same", "say", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "until", "up", "us",
    "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "would", "you", "your",
])
#: Negations: stop words to trace and stories, content to compare (they tell a statement from its opposite).
NEGATIONS = frozenset(["not", "no", "never", "nobody", "nothing", "none"])
#: More words that say little about what a sentence states: adverbs, pronouns, light verbs, "according", "mr".
FILLER_WORDS = frozenset([
    "above", "according", "across", "ago", "ahead", "almost", "along", "already", "although", "always",
    "am", "among", "another", "anyone", "anything", "around", "away", "back", "became", "become", "below",
    "besides", "came", "cannot", "come", "doing", "done", "either", "else", "even", "ever", "every", "get",
    "gets", "getting", "given", "go", "goes", "going", "got", "having", "hers", "herself", "himself",
    "however", "including", "inside", "instead", "itself", "last", "least", "less", "like", "made", "make",
    "makes", "many", "me", "meanwhile", "mine", "mr", "mrs", "ms", "much", "must", "my", "myself", "near",
    "nearly", "neither", "next", "nor", "now", "often", "one", "onto", "others", "otherwise", "ours",
    "ourselves", "per", "perhaps", "put", "quite", "rather", "really", "saying", "see", "seem", "seemed",
    "seems", "several", "shall", "since", "somehow", "something", "sometimes", "still", "theirs",
    "themselves", "therefore", "though", "throughout", "thus", "together", "told", "toward", "towards",
    "under", "unless", "upon", "via", "well", "whatever", "whenever", "whether", "whoever", "whose",
    "within", "without", "yet", "yours", "yourself",
])
#: Words of news pages that name no event: agencies, picture credits, days, "year", "people", "percent".
NEWS_WORDS = frozenset([
    "according", "advertisement", "ap", "caption", "day", "days", "dr", "friday", "getty", "image",
    "images", "like", "monday", "mr", "mrs", "ms", "new", "people", "percent", "photo", "reuters",
    "saturday", "sunday", "thursday", "time", "today", "told", "tomorrow", "tuesday", "wednesday", "week",
    "year", "years", "yesterday",
])


@functools.cache
def stop_words(*, filler: bool = False, negations: bool = True, english: bool = False,
               news: bool = False) -> frozenset[str]:
    """:data:`STOP_WORDS`, with :data:`FILLER_WORDS` (``filler``), without :data:`NEGATIONS`
    (``negations=False``), with scikit-learn's English stop words (``english``; imports
    scikit-learn) and with :data:`NEWS_WORDS` (``news``)."""
    words = set(STOP_WORDS)
    if filler:
        words |= FILLER_WORDS
    if english:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        words |= ENGLISH_STOP_WORDS
    if news:
        words |= NEWS_WORDS
    if not negations:
        words -= NEGATIONS
    return frozenset(words)


# --------------------------------------------------------------------------- sentences

#: Abbreviated titles that stand before a name ('Sen. Ann Lee'), and the abbreviations that open a place's name
#: ('St. Louis', 'Mt. Vernon', 'Ft. Myers'): lower case, without the stop; both are in ``ABBREVIATIONS``.
TITLE_ABBREVIATIONS = frozenset(["mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj",
                                 "gov", "sen", "rep", "rev", "prof", "pres"])
PLACE_ABBREVIATIONS = frozenset(["st", "mt", "ft"])
#: Words that end with a full stop without ending a sentence (compared case-insensitively).
ABBREVIATIONS = TITLE_ABBREVIATIONS | PLACE_ABBREVIATIONS | frozenset([
    "no", "nos", "jr", "sr", "vs", "approx", "fig", "vol", "art", "sec", "ch", "pp", "ave", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "e.g", "i.e",
    "a.m", "p.m",
])
_CLOSING = "”\"’')]"  # closing quotes and brackets that may follow a sentence's final stop
# a sentence's final stop: one or more of . ! ? and its closing quotes, before a space and a capital or a
# digit (maybe after an opening quote or bracket)
_END = re.compile(r"[.!?]+[" + re.escape(_CLOSING) + r"]*(?=\s+[“\"‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_NAME_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|No|Jr|Sr|U\.S|U\.N|Inc|Co|Corp|vs|[A-Z])\.$")
#: Characters before a full stop that can hold an abbreviation: what to pass to :func:`is_abbreviation`
#: (not the whole text before it, which makes a paragraph's splitting quadratic).
ABBREVIATION_WINDOW = 24
_PAIRS = (re.compile(r"“[^“”]*”"), re.compile(r"\"[^\"\n]*\""))
_LINES = re.compile(r"\n\s*\n|\n")


def possessive(name: str) -> str:
    """``name``'s, in the label of a copy or a quote ("AP's copy", "WINK News' copy")."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def is_abbreviation(text_before: str) -> bool:
    """Whether ``text_before`` (ending in a full stop) ends with an abbreviation of
    :data:`ABBREVIATIONS` or an initial."""
    m = _WORD_BEFORE.search(text_before)
    if not m:
        return False
    word = m.group(1).lstrip(".")
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def is_name_abbreviation(text_before: str) -> bool:
    """Whether ``text_before`` (ending in a full stop, maybe with closing quotes after it) ends with a
    title, an initial, "No.", "U.S.", "U.N." or a company's "Inc.", "Co.", "Corp.": the shorter,
    case-sensitive list trace splits by (a sentence does end after "no." or "Feb.")."""
    return bool(_NAME_ABBREVIATION.search(text_before.rstrip(_CLOSING)))


def quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of every balanced quotation (curly or straight double quotes) in ``paragraph``.

    An opening quote that is never closed (a quotation running on into the next paragraph) opens
    no span."""
    spans = [(m.start(), m.end()) for pattern in _PAIRS for m in pattern.finditer(paragraph)]
    return sorted(spans)


def sentence_spans(paragraph: str, *, quotes: bool = True,
                   abbreviation: Callable[[str], bool] | None = is_abbreviation,
                   closing: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph.

    A sentence ends at . ! ? (and the closing quotes or brackets after it) before a space and a
    capital letter or a digit (maybe after an opening quote or bracket), but not inside a quotation
    (``quotes``) nor where ``abbreviation``, given the text up to the stop and its closing quotes,
    says it ends with an abbreviation (None: after every stop). With ``closing=False`` the closing
    quotes and brackets are left out of the sentence they follow."""
    quoted = quote_spans(paragraph) if quotes else []
    spans, start = [], 0
    for m in _END.finditer(paragraph):
        end = m.end()
        if any(s < end < e for s, e in quoted):
            continue
        if abbreviation is not None and abbreviation(paragraph[max(0, end - ABBREVIATION_WINDOW - 1):end]):
            continue
        spans.append((start, end if closing else m.start() + len(m.group().rstrip(_CLOSING))))
        start = end
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if start < len(paragraph.rstrip()):
        spans.append((start, len(paragraph.rstrip())))
    return spans


def split_sentences(text: str, *, min_words: int = 4, cap: int | None = None, line_breaks: bool = False,
                    quotes: bool = True, abbreviation: Callable[[str], bool] | None = is_abbreviation,
                    closing: bool = True) -> list[str]:
    """The sentences of ``text`` with at least ``min_words`` words, the first ``cap`` of them.

    Paragraphs are separated by blank lines, or with ``line_breaks`` by every line break; a
    sentence never runs over into the next paragraph. ``quotes``, ``abbreviation`` and ``closing``
    are those of :func:`sentence_spans`."""
    out: list[str] = []
    for para in _LINES.split(text) if line_breaks else text.split("\n\n"):
        if line_breaks:
            para = para.strip()
        for s, e in sentence_spans(para, quotes=quotes, abbreviation=abbreviation, closing=closing):
            sent = para[s:e].strip()
            if sent and len(sent.split()) >= min_words:
                out.append(sent)
                if cap is not None and len(out) >= cap:
                    return out
    return out
