"""Import reviews from a CSV or JSON Lines file: create a job, upload its file, watch it."""

from flask import Blueprint, request
from spectree import Response
from werkzeug.exceptions import RequestEntityTooLarge

from db import InvalidReviewId
from server.api import json_response, require_database, require_json_body, runtime, settings
from server.auth import trainers_only
from server.errors import ApiError
from server.openapi import validate
from server.schemas import ErrorOut
from server.workspace_schemas import ImportIn, ImportJobOut

bp = Blueprint("imports", __name__)
bp.before_request(require_database)
bp.before_request(require_json_body)

ERRORS = {"HTTP_400": ErrorOut, "HTTP_401": ErrorOut, "HTTP_404": ErrorOut, "HTTP_503": ErrorOut}


def _job(job_id):
    try:
        job = runtime().imports.jobs.get(job_id)
    except InvalidReviewId:  # not an ObjectId: no job has it
        job = None
    if job is None:
        raise ApiError(404, "import_not_found", f"No import has the id {job_id}.")
    return job


@bp.post("/api/imports")
@trainers_only
@validate(json=ImportIn, resp=Response(HTTP_201=ImportJobOut, HTTP_422=ErrorOut, **ERRORS))
def create_import():
    """Start an import: a job waiting for its file at `PUT /api/imports/<id>/file` (operator
    token or a page session, as for training)."""
    body = request.context.json
    job = runtime().imports.jobs.create(body.name, body.format, body.size)
    return json_response(ImportJobOut, job, 201)


@bp.put("/api/imports/<job_id>/file")
@trainers_only
@validate(resp=Response(HTTP_200=ImportJobOut, HTTP_409=ErrorOut, HTTP_413=ErrorOut, **ERRORS))
def upload_import_file(job_id):
    """The job's file as the raw body, read as it arrives; answers when the import is done,
    with what was stored and refused. `GET /api/imports/<id>` shows progress meanwhile."""
    limit = settings().max_import_bytes
    request.max_content_length = limit
    job = _job(job_id)
    importer = runtime().imports
    if importer.jobs.start(job_id) is None:
        raise ApiError(409, "import_started", "This import has its file already: start another.")
    try:
        finished = importer.run(job_id, request.stream, job["format"])
    except RequestEntityTooLarge:
        message = f"The file is over MAX_IMPORT_BYTES ({limit:,} bytes)."
        importer.jobs.finish(job_id, message + " Rows read before that point were imported.")
        raise ApiError(413, "payload_too_large", message) from None
    return json_response(ImportJobOut, finished)


@bp.get("/api/imports/<job_id>")
@validate(resp=Response(HTTP_200=ImportJobOut, **ERRORS))
def get_import(job_id):
    """An import's progress: rows read, stored, refused (with line and reason), time left."""
    return json_response(ImportJobOut, runtime().imports.describe(_job(job_id)))
