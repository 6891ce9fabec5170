"""The "needs a label" queue (active learning by uncertainty): the stored reviews without a
person's label on which the current model is least sure, most uncertain first.

Stored predictions may come from older model versions, so the queue re-scores a window of the
least sure stored ones with the current model and offers the least sure of those. It writes the
fresh predictions of the ones that moved most back to the reviews, so the stored order follows
the model as it learns and the window keeps holding the reviews that matter.
"""

from server.services import prediction_dict

WINDOW = 50  # reviews re-scored per request (one vectorized call: a few ms)
REFRESH_AT_MOST = 10  # stale predictions written back per request, the most changed first


class LabelQueue:
    """Offer each claimer the next review that most needs a label, claimed for them alone."""

    def __init__(self, store, repository, shared_model, claim_seconds):
        self.store = store
        self.repository = repository
        self.model = shared_model
        self.classifier = shared_model.classifier
        self.claim_seconds = claim_seconds

    def next(self, claimer, skip=()):
        """Claim and return the unlabelled review the current model is least sure of, leaving
        out ``skip`` and reviews others have claimed; ``review`` is ``None`` when none is left."""
        self.model.sync()
        leave_out = self.store.claimed_by_others(claimer) | set(skip)
        window = self.store.candidates(WINDOW, leave_out)
        texts = [review["text"] for review in window]
        predictions = [prediction_dict(p) for p in self.classifier.classify_many(texts)]
        ranked = sorted(zip(window, predictions, strict=True), key=_uncertainty_order)
        chosen, until = None, None
        for pair in ranked:
            until = self.store.claim(pair[0]["_id"], claimer, self.claim_seconds)
            if until is not None:
                chosen = pair
                break
        self._write_back(ranked, chosen)
        unsure, exact = self.store.count_unsure()
        return {
            "review": {**chosen[0], **chosen[1]} if chosen else None,
            "claimed_until": until if chosen else None,
            "unsure_left": unsure,
            "unsure_left_is_exact": exact,
            "model_version": self.classifier.version,
        }

    def _write_back(self, ranked, chosen):
        """Store the fresh predictions of the chosen review and of the stale ones that moved
        most (a person labelling the chosen one is shown, and logs, the current verdict)."""
        stale = [pair for pair in ranked if pair[0]["model_version"] != pair[1]["model_version"]]
        stale.sort(key=lambda pair: -abs(pair[0]["probability"] - pair[1]["probability"]))
        refresh = stale[:REFRESH_AT_MOST]
        if chosen in stale and chosen not in refresh:
            refresh.append(chosen)
        for review, prediction in refresh:
            self.repository.record_prediction(review["_id"], prediction)


def _uncertainty_order(pair):
    review, prediction = pair
    return prediction["probability"], review["_id"]
