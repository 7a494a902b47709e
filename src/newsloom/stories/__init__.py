"""Stories stage: online clustering of articles into stories, explained and user-correctable."""

from .cluster import StoryClusterer
from .decisions import Constraints, Decision, story_id_for
from .features import ArticleFeatures, embed_text, featurize, featurize_many
from .identity import describe
from .scoring import ClusterConfig
from .service import StoryService, load_clusterer

__all__ = ["ArticleFeatures", "ClusterConfig", "Constraints", "Decision", "StoryClusterer", "StoryService",
           "describe", "embed_text", "featurize", "featurize_many", "load_clusterer", "story_id_for"]
