"""Serves the single-page front end from ``web/``."""

from flask import Blueprint, send_from_directory


def build_web_blueprint(web_dir):
    """A blueprint serving ``web_dir/index.html`` at ``/`` and the rest of it at ``/static``."""
    bp = Blueprint("web", __name__, static_folder=web_dir, static_url_path="/static")

    @bp.get("/")
    def index():
        return send_from_directory(web_dir, "index.html")

    return bp
