"""What the API does, in terms of the repository and the classifier (no HTTP here)."""

from dataclasses import asdict

from db.events import DuplicateLabel
from online import LabelRefused
from server import request_log
from server.metrics import LABELS, count_predictions


def prediction_dict(prediction):
    """A classifier ``Prediction`` in the API's words."""
    return {
        "sentiment": prediction.label,
        "probability": prediction.probability,
        "model_version": prediction.model_version,
    }


class ReviewNotFound(LookupError):
    """No stored review has this id."""


class ReviewService:
    """Submit, read, classify and learn from stored reviews.

    Every classification first brings the shared model up to date with the label log, so it
    includes every label acknowledged before the request, by any process.
    """

    def __init__(self, repository, shared_model):
        self.repository = repository
        self.model = shared_model
        self.classifier = shared_model.classifier

    def _classify(self, text):
        self.model.sync()
        return self._predicted(self.classifier.classify(text))

    @staticmethod
    def _predicted(prediction):
        predicted = prediction_dict(prediction)
        count_predictions([predicted])
        return predicted

    def submit(self, text):
        """Classify ``text`` and store it with its prediction; return the stored review."""
        return self.repository.create(text, self._classify(text))

    def get(self, review_id):
        """The stored review; ``ReviewNotFound`` if there is none."""
        review = self.repository.get(review_id)
        if review is None:
            raise ReviewNotFound(review_id)
        return review

    def read(self, review_id, explain_top=None, summary=False):
        """The stored review; with ``explain_top``, the current model's explanation of its text
        by that many phrases; with ``summary``, the sentences that carry the verdict."""
        review = self.get(review_id)
        if explain_top is None and not summary:
            return review
        self.model.sync()
        if explain_top is not None:
            prediction, explanation = self.classifier.explain(review["text"], explain_top)
            review["explanation"] = {
                "phrases": [asdict(phrase) for phrase in explanation.phrases],
                "bias": explanation.bias,
                "logit": explanation.logit,
                **prediction_dict(prediction),
            }
        if summary:
            review["summary"] = self.classifier.summarize(review["text"])
        return review

    def labels(self, review_id):
        """Every label event of the review, oldest first, each marked if it was a correction."""
        self.get(review_id)  # ReviewNotFound for an unknown id
        events = self.model.events.labels_of(review_id)
        return {
            "_id": review_id,
            "labels": [
                {"event": e["_id"], "label": e["label"], "at": e["at"], "correction": i > 0}
                for i, e in enumerate(events)
            ],
        }

    def delete(self, review_id):
        """Delete the stored review. Its label events stay in the log: the model learnt from
        them, and the log is what rebuilds the model (see docs/protocol.md)."""
        if not self.repository.delete(review_id):
            raise ReviewNotFound(review_id)
        return {"_id": review_id, "deleted": True}

    def classify(self, review_id):
        """Classify a stored review with the current model and store the new prediction.

        A model version always gives the same answer, so if the stored prediction is already the
        current version's, it is the answer: nothing is computed or written again.
        """
        review = self.get(review_id)
        self.model.sync()
        if review["model_version"] == self.classifier.version:
            fields = ("sentiment", "probability", "model_version")
            return {"_id": review_id, **{field: review[field] for field in fields}}
        prediction = self._predicted(self.classifier.classify(review["text"]))
        if not self.repository.record_prediction(review_id, prediction):
            raise ReviewNotFound(review_id)
        return {"_id": review_id, **prediction}

    def train(self, review_id, label):
        """Log ``label`` as the review's feedback and teach it to the shared model.

        The label is journaled in the log before the answer, and every later request, in any
        process, classifies with a model that includes it. The same label again for the same
        review adds nothing (the answer is the same); a different one is a correction, logged
        and applied as its own update (see docs/protocol.md, "Idempotent and correctable").
        """
        review = self.get(review_id)
        before = self._classify(review["text"])
        feedback = review.get("feedback") or {}
        if feedback.get("label") == label:  # nothing new to learn
            self.repository.record_prediction(review_id, before)
            after = before
        else:
            correction = "label" in feedback
            try:
                event = self.model.append_label(
                    review_id, review["text"], label, feedback.get("event", 0),
                    predicted=before["sentiment"],
                )  # fmt: skip
            except DuplicateLabel as duplicate:  # the same request, racing us: count it once
                event = duplicate.event["_id"]
                self.model.publish(event)
            except LabelRefused:
                LABELS.labels("refused").inc()
                request_log.event("label_refused", review_id=review_id, label=label)
                raise
            else:
                LABELS.labels("accepted").inc()
                if correction:
                    LABELS.labels("corrected").inc()
                request_log.event(
                    "label", review_id=review_id, label=label, position=event,
                    correction=correction, predicted=before["sentiment"],
                )  # fmt: skip
            after = self._predicted(self.classifier.classify(review["text"]))
            self.repository.record_feedback(review_id, label, event, after)
        return {
            "_id": review_id,
            "label": label,
            "before": before,
            "after": after,
            "model_version": after["model_version"],
        }

    def predict(self, texts):
        """Classify ``texts`` without storing them."""
        self.model.sync()
        predictions = self.classifier.classify_many(texts)
        version = predictions[0].model_version if predictions else self.classifier.version
        answered = [prediction_dict(p) for p in predictions]
        count_predictions(answered)
        return {"predictions": answered, "model_version": version}
