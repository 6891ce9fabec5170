"""Stored reviews: submit, browse, read, classify and train, keyed by MongoDB ``_id``."""

from datetime import UTC, datetime
from itertools import chain

from flask import Blueprint, current_app, request, stream_with_context, url_for
from spectree import Response

from db import InvalidCursor, InvalidReviewId
from db.search import ReviewFilter
from online import LabelRefused
from server.api import json_response, require_database, require_json_body, review_service
from server.auth import trainers_only
from server.errors import error_response
from server.exports import MEDIA_TYPES, WRITERS
from server.openapi import validate
from server.schemas import (
    ClassifiedOut,
    DeletedOut,
    ErrorOut,
    LabelHistoryOut,
    ReviewExportQuery,
    ReviewGetQuery,
    ReviewIdQuery,
    ReviewIn,
    ReviewListQuery,
    ReviewOut,
    ReviewPage,
    ReviewSearchQuery,
    TrainIn,
    TrainOut,
)
from server.services import ReviewNotFound

bp = Blueprint("reviews", __name__)
bp.before_request(require_database)
bp.before_request(require_json_body)

ERRORS = {"HTTP_400": ErrorOut, "HTTP_404": ErrorOut, "HTTP_503": ErrorOut}


@bp.errorhandler(InvalidReviewId)
def _invalid_id(error):
    return error_response(400, "invalid_id", "A review id is 24 hexadecimal digits.")


@bp.errorhandler(ReviewNotFound)
def _not_found(error):
    return error_response(404, "review_not_found", f"No review has the id {error.args[0]}.")


@bp.errorhandler(InvalidCursor)
def _invalid_cursor(error):
    return error_response(400, "invalid_cursor", "The cursor is not one this API returned.")


@bp.errorhandler(LabelRefused)
def _label_refused(error):
    guard = error.guard
    return error_response(
        409,
        "label_refused_by_guard",
        f"This label was not learned: it would take the model's accuracy on its guard set to "
        f"{error.accuracy_after:.1%}, below the floor of {guard['floor']:.1%} (the "
        f"{guard['baseline']:.1%} last confirmed, less a margin of {guard['margin']:.1%}). "
        "An operator can confirm the model as it is or roll it back.",
        details={"accuracy_after": error.accuracy_after, **guard},
    )


@bp.post("/api/reviews")
@validate(json=ReviewIn, resp=Response(HTTP_201=ReviewOut, HTTP_422=ErrorOut, **ERRORS))
def create_review():
    """Classify a review and store it."""
    review = review_service().submit(request.context.json.text)
    location = url_for("reviews.get_review", review_id=review["_id"])
    return json_response(ReviewOut, review, 201, {"Location": location})


@bp.get("/api/reviews")
@validate(query=ReviewListQuery, resp=Response(HTTP_200=ReviewPage, **ERRORS))
def list_reviews():
    """Stored reviews, newest first, with the count of matches; search by words and filter by
    sentiment, label, disagreement, unsure predictions and time; page by `cursor` (any depth)
    or `page`."""
    query = request.context.query
    search = _search_of(query)
    page = review_service().repository.list(
        limit=query.limit, page=query.page, cursor=query.cursor, search=search
    )
    page.update(limit=query.limit, page=None if query.cursor else query.page)
    return json_response(ReviewPage, page)


def _search_of(query: ReviewSearchQuery):
    return ReviewFilter.of(
        query.q,
        sentiment=query.sentiment,
        labelled=query.labelled,
        disagrees=query.disagrees,
        unsure=query.unsure,
        since=query.since,
        until=query.until,
    )


@bp.get("/api/reviews/export")
@validate(query=ReviewExportQuery, resp=Response("HTTP_200", **ERRORS))
def export_reviews():
    """Every review the search and filters match (as `GET /api/reviews` takes them), newest
    first, as CSV or JSON Lines, streamed: text, prediction, model version, the person's label
    and their times. CSV cells that a spreadsheet would run as a formula start with `'`."""
    query = request.context.query
    reviews = review_service().repository.matching(_search_of(query))
    first = next(reviews, None)  # a database error answers 503 here, before the 200 is sent
    reviews = chain([first], reviews) if first is not None else ()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = f"reviews-{stamp}.{query.format}"
    return current_app.response_class(
        stream_with_context(WRITERS[query.format](reviews)),
        mimetype=MEDIA_TYPES[query.format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/api/reviews/<review_id>")
@validate(query=ReviewGetQuery, resp=Response(HTTP_200=ReviewOut, **ERRORS))
def get_review(review_id):
    """One stored review, its latest prediction and its feedback if any.

    With `explain=true`, also the phrases that pushed the current model's decision most, each
    with its exact signed contribution to the log-odds and where it occurs in the text.
    """
    query = request.context.query
    review = review_service().read(
        review_id, explain_top=query.top if query.explain else None, summary=query.summary
    )
    return json_response(ReviewOut, review)


@bp.get("/api/reviews/<review_id>/labels")
@validate(resp=Response(HTTP_200=LabelHistoryOut, **ERRORS))
def review_labels(review_id):
    """Every label the review got, oldest first, with its time and whether it was a correction."""
    return json_response(LabelHistoryOut, review_service().labels(review_id))


@bp.delete("/api/reviews/<review_id>")
@trainers_only
@validate(resp=Response(HTTP_200=DeletedOut, HTTP_401=ErrorOut, **ERRORS))
def delete_review(review_id):
    """Delete a stored review (operator token or a page session, as for training). Its labels
    stay in the label log, which rebuilds the model: what the model learnt from it stays."""
    return json_response(DeletedOut, review_service().delete(review_id))


@bp.get("/classify_review")
@validate(query=ReviewIdQuery, resp=Response(HTTP_200=ClassifiedOut, **ERRORS))
def classify_review():
    """Classify a stored review with the current model and store the prediction."""
    return json_response(ClassifiedOut, review_service().classify(request.context.query.review_id))


@bp.post("/train_review")
@trainers_only
@validate(
    query=ReviewIdQuery,
    json=TrainIn,
    resp=Response(
        HTTP_200=TrainOut, HTTP_401=ErrorOut, HTTP_409=ErrorOut, HTTP_422=ErrorOut, **ERRORS
    ),
)
def train_review():
    """Store the correct label for a review and train the model on it at once.

    Refused with 409 if learning it would take the model's accuracy on its guard set more than
    the configured margin below the accuracy an operator last confirmed. Needs the operator
    token or a session of the app's page.
    """
    query, body = request.context.query, request.context.json
    return json_response(TrainOut, review_service().train(query.review_id, body.label))
