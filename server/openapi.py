"""The OpenAPI document and request validation, both driven by the models in ``server.schemas``."""

import functools
from typing import NamedTuple

from flask import request
from pydantic import ValidationError
from spectree import SpecTree
from spectree.utils import get_multidict_items

from server.errors import ApiError

spec = SpecTree(
    "flask",
    title="Movie review sentiment API",
    version="1.0",
    path="apidoc",
    mode="strict",
    annotations=False,
    validation_error_status=422,
    page_templates={},  # the docs page is our own (server/web.py): ReDoc from npm, no CDN
)


class Validated(NamedTuple):
    """A request's query string and JSON body as their models, at ``request.context``."""

    query: object
    json: object


def validate(*, query=None, json=None, resp=None):
    """Document a view in the OpenAPI spec with ``spec.validate`` and validate its request.

    Spectree's wrapper is never called: with validation on it reads every header and parses
    the cookies of each request, and after the view validates the answer once more (views
    answer through ``server.api.json_response``, which has validated it already); with it off
    it still copies each answer into a new response. So spectree only documents (it finds its
    wrapper through ``__wrapped__``), and this validates the parts the view declares, the same
    way: a query string with a repeated key gives a list.
    """

    def decorate(view):
        documented = spec.validate(query=query, json=json, resp=resp, skip_validation=True)(view)

        @functools.wraps(view)
        def validated_view(*args, **kwargs):
            try:
                request.context = Validated(
                    query and query.model_validate(get_multidict_items(request.args, query)),
                    json and json.model_validate(request.get_json(silent=True) or {}),
                )
            except ValidationError as error:
                raise invalid_request(error) from None
            return view(*args, **kwargs)

        validated_view.__wrapped__ = documented
        return validated_view

    return decorate


def invalid_request(validation_error):
    """The ``ApiError`` for a request that fails its model: 400 for the query, else 422."""
    details = [
        {"field": ".".join(str(part) for part in error["loc"]), "message": error["msg"]}
        for error in validation_error.errors(include_url=False, include_input=False)
    ]
    summary = "; ".join(f"{d['field'] or 'body'}: {d['message']}" for d in details)
    if validation_error.title.endswith("Query"):
        return ApiError(400, "invalid_parameter", f"Invalid query parameter. {summary}", details)
    return ApiError(422, "validation_error", f"Invalid request body. {summary}", details)
