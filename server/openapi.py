"""The OpenAPI document and request validation, both driven by the models in ``server.schemas``."""

from spectree import SpecTree

from server.errors import ApiError


def _raise_validation_error(request, response, validation_error, instance, model_adapter):
    # Spectree would answer with its own body; answer in ours instead.
    if validation_error is None:
        return
    details = [
        {"field": ".".join(str(part) for part in error["loc"]), "message": error["msg"]}
        for error in validation_error.errors(include_url=False, include_input=False)
    ]
    summary = "; ".join(f"{d['field'] or 'body'}: {d['message']}" for d in details)
    if validation_error.title.endswith("Query"):
        raise ApiError(400, "invalid_parameter", f"Invalid query parameter. {summary}", details)
    raise ApiError(422, "validation_error", f"Invalid request body. {summary}", details)


spec = SpecTree(
    "flask",
    title="Movie review sentiment API",
    version="1.0",
    path="apidoc",
    mode="strict",
    annotations=False,
    before=_raise_validation_error,
    validation_error_status=422,
)
