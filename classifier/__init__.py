"""The movie-review sentiment model. Knows nothing of Flask or MongoDB."""

from classifier.artifact import ArtifactIntegrityError
from classifier.movie_classifier import MovieClassifier, Prediction

__all__ = ["ArtifactIntegrityError", "MovieClassifier", "Prediction"]
