"""Serves the single-page front end from ``web/``, and the API docs page with ReDoc, which the
build installs from npm into ``web/node_modules`` (``make`` runs ``npm ci``)."""

from pathlib import Path

from flask import Blueprint, send_from_directory

REDOC_BUNDLE = Path("node_modules", "redoc", "bundles")


def build_web_blueprint(web_dir):
    """A blueprint serving ``web_dir/index.html`` at ``/``, its ``js/`` and ``css/`` at
    ``/static``, and the API docs page at ``/apidoc/redoc/``. Nothing else of ``web_dir`` (its
    npm packages, say) is served."""
    web_dir = Path(web_dir)
    bp = Blueprint("web", __name__)

    @bp.get("/")
    def index():
        return send_from_directory(web_dir, "index.html")

    @bp.get("/static/<any(js, css):folder>/<path:filename>")
    def static(folder, filename):
        return send_from_directory(web_dir / folder, filename)

    @bp.get("/apidoc/redoc/")
    def api_docs():
        return send_from_directory(web_dir, "apidoc.html")

    @bp.get("/apidoc/redoc.standalone.js")
    def redoc_script():
        return send_from_directory(web_dir / REDOC_BUNDLE, "redoc.standalone.js")

    return bp
