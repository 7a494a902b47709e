"""The packaged sentence-paraphrase classifier and its MSRP evaluation."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsloom.embed import Embedder
from newsloom.evaluate.paraphrase import evaluate_paraphrase, format_paraphrase
from newsloom.trace.paraphrase import FEATURES, ParaphraseModel, pair_features
from newsloom.trace.semantic import SentenceCache


@pytest.fixture(scope="module")
def encoder():
    return SentenceCache(Embedder())


def test_packaged_model_matches_feature_list():
    raw = json.loads(resources.files("newsloom.trace").joinpath("data/paraphrase_model.json").read_text())
    assert raw["features"] == list(FEATURES) and len(raw["coef"]) == len(FEATURES)
    assert 0.5 < raw["cv10_accuracy"] < 1.0  # written by the training script, not typed in


def test_features_shape_and_number_mismatch(encoder):
    pairs = [("The plant will cut 300 jobs by June.", "The plant will cut 300 jobs by June."),
             ("The plant will cut 300 jobs by June.", "The plant will cut 450 jobs by June.")]
    x = pair_features(pairs, encoder)
    assert x.shape == (2, len(FEATURES))
    col = FEATURES.index("numbers_differ")
    assert x[0, col] == 0 and x[1, col] == 1


def test_model_separates_paraphrase_from_unrelated(encoder):
    model = ParaphraseModel.load()
    pairs = [("The council approved the budget on Tuesday after a long debate.",
              "After a lengthy debate, the budget was approved by the council on Tuesday."),
             ("The council approved the budget on Tuesday after a long debate.",
              "Heavy snow closed the mountain pass for the third day running.")]
    assert model.predict(pairs, encoder).tolist() == [1, 0]


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_msrp_cross_validated_accuracy(shared_dir):
    report = evaluate_paraphrase(shared_dir)
    print(format_paraphrase(report))
    # Measured: about 0.76 accuracy in 10-fold CV (below the 0.80 goal; see docs), well above the
    # majority class (0.665) and the TF-IDF helper baseline (0.717).
    assert report.cv_accuracy >= 0.74 and report.cv_f1 >= 0.82
    assert report.cv_accuracy > report.cosine_cv_accuracy - 0.01
