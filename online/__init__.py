"""The online-learning core: one model, kept in step with the label log, for every process.

No Flask here: the app (``server``) and the operator's command line (``server.admin``) use it
alike.
"""

from online.guard import LabelRefused
from online.shared_model import SharedModel

__all__ = ["LabelRefused", "SharedModel"]
