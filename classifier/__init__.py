"""The movie-review sentiment model. Knows nothing of Flask or MongoDB."""

from classifier.artifact import ArtifactIntegrityError
from classifier.movie_classifier import SURE_FROM, MovieClassifier, Prediction

__all__ = ["SURE_FROM", "ArtifactIntegrityError", "MovieClassifier", "Prediction"]
