"""Is this article a copy of that one, and what kind? Lexical tests first, semantics only if needed.

Decision order for ``compare_articles(copy, original)``:

1. identical: same normalised text, or 3-shingle Jaccard >= ``identical_jaccard``;
2. reprint: the copy carries (almost) all of the original's shingles (retitled, boilerplate
   wrapped, re-paragraphed);
3. excerpt: most of the copy is found in the original (by shingles or whole paragraphs) and it
   carries a real share of it;
4. rewrite: (only with an encoder, and only when the two share enough content words to be worth
   embedding) most of the copy's sentences align one-to-one with the
   original's sentences by embedding cosine, with agreeing numbers, and the copy shares names,
   numbers or quotes with the original;
5. otherwise independent.

``Relation.score`` is the strength of copying behind the kind (1.0 for identical; the
containment for reprints and excerpts; aligned share x mean cosine for rewrites; for
independent pairs the largest of those signals, so callers can see near misses).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import AlignedPair, Article, Evidence, Relation, RelationKind, normalise_text
from ..urls import normalise_url
from .semantic import Alignment, Encoder, align_sentences
from .text import content_words, names, numbers, paragraph_keys, quotes, sentences, shingles, words

__all__ = ["LexicalOverlap", "Thresholds", "compare_articles", "lexical_overlap"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    identical_jaccard: float = 0.995
    reprint_share: float = 0.8  # share of the original's shingles found in the copy
    excerpt_share: float = 0.85  # share of the copy's shingles found in the original (verbatim text)
    excerpt_paragraphs: float = 0.6  # ... or share of the copy's paragraphs found verbatim
    excerpt_min_original: float = 0.1  # share of the original an excerpt must carry
    excerpt_min_shingles: int = 20
    sentence_cosine: float = 0.8
    rewrite_share: float = 0.5  # share of the copy's sentences aligned to the original
    rewrite_min_pairs: int = 3
    # the semantic check (the costly step) runs only for pairs sharing this much of their content
    # words: spun copies keep names, numbers and rare words (>= 0.31 on the labelled set), while
    # most independent reports of one event share less (median 0.15)
    semantic_min_word_jaccard: float = 0.25
    copy_sentences: int = 60  # sentences embedded per article (cost cap)
    original_sentences: int = 80


DEFAULT_THRESHOLDS = Thresholds()
MIN_WORDS = 8


@dataclass(frozen=True, slots=True)
class LexicalOverlap:
    jaccard: float
    copy_share: float  # |C & O| / |C|: how much of the copy is in the original
    original_share: float  # |C & O| / |O|: how much of the original is in the copy
    paragraph_share: float  # copy paragraphs found verbatim (normalised) in the original
    shared: int
    word_jaccard: float  # content-word sets


def lexical_overlap(copy_text: str, original_text: str) -> LexicalOverlap:
    ct, ot = words(copy_text), words(original_text)
    cs, os_ = shingles(ct), shingles(ot)
    shared = len(cs & os_)
    union = len(cs | os_)
    cp, op = paragraph_keys(copy_text, cap=200), set(paragraph_keys(original_text, cap=200))
    cw, ow = content_words(ct), content_words(ot)
    return LexicalOverlap(
        jaccard=shared / union if union else 0.0,
        copy_share=shared / len(cs) if cs else 0.0,
        original_share=shared / len(os_) if os_ else 0.0,
        paragraph_share=sum(p in op for p in cp) / len(cp) if cp else 0.0,
        shared=shared,
        word_jaccard=len(cw & ow) / len(cw | ow) if cw | ow else 0.0,
    )


def _lexical_kind(copy: Article, original: Article, lex: LexicalOverlap,
                  t: Thresholds) -> tuple[RelationKind, float] | None:
    if normalise_text(copy.text) == normalise_text(original.text) or lex.jaccard >= t.identical_jaccard:
        return RelationKind.IDENTICAL, 1.0
    if lex.original_share >= t.reprint_share:
        return RelationKind.REPRINT, lex.original_share
    inside = max(lex.copy_share, lex.paragraph_share)
    verbatim = lex.copy_share >= t.excerpt_share or lex.paragraph_share >= t.excerpt_paragraphs
    if (verbatim and lex.original_share >= t.excerpt_min_original
            and lex.shared >= t.excerpt_min_shingles):
        return RelationKind.EXCERPT, inside
    return None


def compare_articles(copy: Article, original: Article, *, embedder: Encoder | None = None,
                     thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Relation:
    """How ``copy`` relates to ``original`` (see the module docstring), with its evidence.
    Texts shorter than ``MIN_WORDS`` words are never called copies (nothing to compare)."""
    lex = lexical_overlap(copy.text, original.text)
    if min(len(copy.text.split()), len(original.text.split())) < MIN_WORDS:
        return Relation(copy.id, original.id, RelationKind.INDEPENDENT, 0.0,
                        Evidence(notes=("text too short to compare",), copy_first_seen=copy.first_seen,
                                 original_first_seen=original.first_seen))
    found = _lexical_kind(copy, original, lex, thresholds)
    alignment = None
    if found is None and embedder is not None and lex.word_jaccard >= thresholds.semantic_min_word_jaccard:
        alignment = align_sentences(sentences(copy.text, cap=thresholds.copy_sentences),
                                    sentences(original.text, cap=thresholds.original_sentences),
                                    embedder, threshold=thresholds.sentence_cosine)
        if (alignment.copy_share >= thresholds.rewrite_share
                and len(alignment.pairs) >= thresholds.rewrite_min_pairs and _supported(copy, original)):
            found = RelationKind.REWRITE, _semantic_score(alignment)
    if found is None:
        semantic = _semantic_score(alignment) if alignment else 0.0
        found = RelationKind.INDEPENDENT, max(lex.original_share, lex.copy_share * lex.original_share, semantic)
    kind, score = found
    evidence = _evidence(copy, original, lex, alignment, thresholds)
    if alignment is None and kind is RelationKind.INDEPENDENT and embedder is not None:
        evidence = replace(evidence, notes=(*evidence.notes, (f"semantic check skipped: content-word overlap "
                                            f"{lex.word_jaccard:.2f} < {thresholds.semantic_min_word_jaccard}")))
    return Relation(copy.id, original.id, kind, round(float(score), 4), evidence)


def _supported(copy: Article, original: Article) -> bool:
    """A rewrite keeps the facts: it shares a name, number or quote with its original (unless the
    copy has none of them at all)."""
    mine = names(copy.text) | numbers(copy.text) | quotes(copy.text)
    return not mine or bool(mine & (names(original.text) | numbers(original.text) | quotes(original.text)))


def _semantic_score(alignment: Alignment) -> float:
    if not alignment.pairs:
        return 0.0
    mean = sum(p[2] for p in alignment.pairs) / len(alignment.pairs)
    return alignment.copy_share * mean


def _evidence(copy: Article, original: Article, lex: LexicalOverlap, alignment: Alignment | None,
              t: Thresholds) -> Evidence:
    aligned: tuple[AlignedPair, ...] = ()
    semantic = None
    if alignment is not None:
        cs = sentences(copy.text, cap=t.copy_sentences)
        os_ = sentences(original.text, cap=t.original_sentences)
        aligned = tuple(AlignedPair(cs[i], os_[j], round(sim, 4)) for i, j, sim in alignment.pairs)
        semantic = round(alignment.copy_share, 4)
    shared_numbers = sorted(numbers(copy.text) & numbers(original.text))
    shared_names = sorted(names(copy.text) & names(original.text))
    notes = (f"original share {lex.original_share:.3f}", f"paragraph share {lex.paragraph_share:.3f}",
             f"content-word jaccard {lex.word_jaccard:.3f}",
             f"shared numbers: {', '.join(shared_numbers[:12])}" if shared_numbers else "shared numbers: none",
             f"shared names: {', '.join(shared_names[:12])}" if shared_names else "shared names: none")
    if alignment is not None:
        notes += ((f"aligned {len(alignment.pairs)}/{alignment.n_copy} copy sentences, "
                   f"{len(alignment.pairs)}/{alignment.n_original} original sentences"),)
    return Evidence(
        aligned=aligned,
        shared_quotes=tuple(sorted(quotes(copy.text) & quotes(original.text))[:20]),
        credits=_credit_lines(copy),
        canonical_link=_link_to(copy, original),
        jaccard=round(lex.jaccard, 4),
        containment=round(lex.copy_share, 4),
        semantic=semantic,
        copy_first_seen=copy.first_seen,
        original_first_seen=original.first_seen,
        notes=notes,
    )


def _credit_lines(article: Article) -> tuple[str, ...]:
    lines = [w.evidence for w in article.wire] + [c.text for c in article.credits
                                                  if c.kind in ("copyright", "reporting", "contributed",
                                                                "credit", "byline", "dateline")]
    return tuple(dict.fromkeys(line for line in lines if line))


def _link_to(copy: Article, original: Article) -> str | None:
    """The URL by which the copy points at the original (canonical URL or a link), if any."""
    targets = {normalise_url(u) for u in (original.url, original.canonical_url) if u}
    for url in (copy.canonical_url, *copy.links):
        if url and normalise_url(url) in targets:
            return url
    return None
