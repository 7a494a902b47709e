"""Compare stage: how each source covered a story (pure functions over Articles).

Its results are the model's ``Coverage`` and the types it holds (``SourceLabel``,
``SpeakerStatements``, ``AlignedStatement``, ``SharedNumber``: :mod:`newsloom.model`)."""

from ..text import split_sentences
from .coverage import compare_coverage, outlet_name, source_label
from .numbers import extract_numbers
from .quotes import extract_quotes
from .speakers import same_speaker, speaker_key
from .statements import align_statements

__all__ = ["align_statements", "compare_coverage", "extract_numbers", "extract_quotes", "outlet_name",
           "same_speaker", "source_label", "speaker_key", "split_sentences"]
