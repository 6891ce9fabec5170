"""What the API does, in terms of the repository and the classifier (no HTTP here)."""

from dataclasses import asdict


def prediction_dict(prediction):
    """A classifier ``Prediction`` in the API's words."""
    fields = asdict(prediction)
    return {
        "sentiment": fields["label"],
        "probability": fields["probability"],
        "model_version": fields["model_version"],
    }


class ReviewNotFound(LookupError):
    """No stored review has this id."""


class ReviewService:
    """Submit, read, classify and learn from stored reviews."""

    def __init__(self, repository, classifier):
        self.repository = repository
        self.classifier = classifier

    def submit(self, text):
        """Classify ``text`` and store it with its prediction; return the stored review."""
        return self.repository.create(text, prediction_dict(self.classifier.classify(text)))

    def get(self, review_id):
        """The stored review; ``ReviewNotFound`` if there is none."""
        review = self.repository.get(review_id)
        if review is None:
            raise ReviewNotFound(review_id)
        return review

    def explain(self, review_id, top):
        """The stored review with the current model's explanation of its text."""
        review = self.get(review_id)
        prediction, explanation = self.classifier.explain(review["text"], top)
        review["explanation"] = {
            "phrases": [asdict(phrase) for phrase in explanation.phrases],
            "bias": explanation.bias,
            "logit": explanation.logit,
            **prediction_dict(prediction),
        }
        return review

    def classify(self, review_id):
        """Classify a stored review with the current model and store the new prediction."""
        review = self.get(review_id)
        prediction = prediction_dict(self.classifier.classify(review["text"]))
        if self.repository.record_prediction(review_id, prediction) is None:
            raise ReviewNotFound(review_id)
        return {"_id": review_id, **prediction}

    def train(self, review_id, label):
        """Store ``label`` as the review's feedback and teach it to the model.

        The label is stored (journaled) before the model learns it, so an acknowledged label is
        never only in memory.
        """
        review = self.get(review_id)
        before = prediction_dict(self.classifier.classify(review["text"]))
        if self.repository.record_feedback(review_id, label) is None:
            raise ReviewNotFound(review_id)
        self.classifier.train(review["text"], label)
        after = prediction_dict(self.classifier.classify(review["text"]))
        self.repository.record_prediction(review_id, after)
        return {
            "_id": review_id,
            "label": label,
            "before": before,
            "after": after,
            "model_version": after["model_version"],
        }

    def predict(self, texts):
        """Classify ``texts`` without storing them."""
        predictions = self.classifier.classify_many(texts)
        version = predictions[0].model_version if predictions else self.classifier.version
        return {"predictions": [prediction_dict(p) for p in predictions], "model_version": version}
