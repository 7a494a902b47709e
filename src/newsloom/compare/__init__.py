"""Compare stage: how each source covered a story (pure functions over Articles)."""

from .coverage import (
    AlignedStatement,
    SharedNumber,
    SourceLabel,
    SpeakerStatements,
    StoryCoverage,
    align_statements,
    compare_coverage,
    extract_numbers,
    outlet_name,
    source_label,
    split_sentences,
)
from .quotes import extract_quotes, same_speaker, speaker_key

__all__ = ["AlignedStatement", "SharedNumber", "SourceLabel", "SpeakerStatements", "StoryCoverage",
           "align_statements", "compare_coverage", "extract_numbers", "extract_quotes", "outlet_name",
           "same_speaker", "source_label", "speaker_key", "split_sentences"]
