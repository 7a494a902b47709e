"""A content spinner, for building labelled rewrite cases: synonym substitution plus sentence
reordering and dropping, the way commercial article spinners rewrite stolen text.

Only used by the evaluation and the tests (never on real articles).
"""

from __future__ import annotations

import random
import re
from importlib import resources

from .text import sentences

__all__ = ["SynonymTable", "spin_text"]

_TOKEN = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


class SynonymTable(dict):
    """word -> tuple of replacements (from the packaged ``data/spinner_synonyms.tsv``)."""

    @classmethod
    def default(cls) -> SynonymTable:
        text = resources.files("newsloom.trace").joinpath("data/spinner_synonyms.tsv").read_text("utf-8")
        table = cls()
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                word, _, repl = line.partition("\t")
                table[word.strip()] = tuple(r.strip() for r in repl.split("|") if r.strip())
        return table


def spin_sentence(sentence: str, table: SynonymTable, rng: random.Random, rate: float) -> str:
    out = []
    for tok in _TOKEN.findall(sentence):
        options = table.get(tok.lower())
        if options and rng.random() < rate:
            repl = rng.choice(options)
            out.append(repl.capitalize() if tok[0].isupper() else repl)
        else:
            out.append(tok)
    return "".join(out)


def spin_text(text: str, rng: random.Random, *, table: SynonymTable, rate: float = 0.8,
              swap: float = 0.15, drop: float = 0.1) -> str:
    """Spin ``text``: replace known words with synonyms (probability ``rate`` each), swap
    neighbouring sentences (probability ``swap``), drop sentences (probability ``drop``).
    Paragraph structure is kept (sentences move within a paragraph)."""
    paragraphs = []
    for para in text.split("\n\n"):
        sents = [s for s in sentences(para, min_words=1) if rng.random() >= drop] or sentences(para, min_words=1)
        for i in range(len(sents) - 1):
            if rng.random() < swap:
                sents[i], sents[i + 1] = sents[i + 1], sents[i]
        if sents:
            paragraphs.append(" ".join(spin_sentence(s, table, rng, rate) for s in sents))
    return "\n\n".join(paragraphs)
