"""Compare stage: how each source covered a story (pure functions over Articles)."""

from .coverage import compare_coverage, extract_numbers, outlet_name, split_sentences
from .quotes import extract_quotes, same_speaker, speaker_key

__all__ = ["compare_coverage", "extract_numbers", "extract_quotes", "outlet_name", "same_speaker", "speaker_key",
           "split_sentences"]
