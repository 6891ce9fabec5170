"""Prometheus metrics: what happened, counted in every process, and what the model is now.

Under gunicorn each worker writes its counts to files in ``PROMETHEUS_MULTIPROC_DIR``
(``server/gunicorn_conf.py`` makes one per start) and a scrape of any worker adds them up
(prometheus-client's multiprocess mode). What the model and the jobs are now is read at the
scrape by the worker answering it: the model is the same in every process.
"""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily

_pid = os.getpid()


def _forked():
    global _pid
    _pid = os.getpid()


os.register_at_fork(after_in_child=_forked)
if values.ValueClass is not values.MutexValue:  # the multiprocess mode
    # prometheus-client asks for the process id at every count, to notice a fork: a system call
    # each time, four a predict. The same id, noted once per process (its function may be any
    # that gives processes running together different values).
    values.ValueClass = values.MultiProcessValue(lambda: _pid)

REQUESTS = Counter(
    "sentiment_http_requests", "HTTP requests answered.", ["endpoint", "method", "status"]
)
LATENCY = Histogram(
    "sentiment_http_request_duration_seconds",
    "Time from the request reaching the app to its answer.",
    ["endpoint"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
)
PREDICTIONS = Counter("sentiment_predictions", "Reviews classified, by verdict.", ["label"])
LABELS = Counter(
    "sentiment_labels",
    "People's labels: accepted (learnt; corrections among them), corrected (a review's label "
    "changed), refused (by the guard).",
    ["outcome"],
)
DATABASE_ERRORS = Counter("sentiment_database_errors", "Requests failed by the database.", ["kind"])


# A client names the method: any other than these is counted as "other", so that no client can
# add series without end.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Each series of a label set, once looked up: ``labels()`` costs a request more than the counting.
_series = {}


def count_predictions(predictions):
    """Count ``predictions`` (dicts with a ``sentiment``) by verdict."""
    # one list and a count in C: a generator per verdict cost a predict request 10 µs more
    positive = [p["sentiment"] for p in predictions].count("positive")
    for label, n in (("positive", positive), ("negative", len(predictions) - positive)):
        if n:
            _series_of(PREDICTIONS, label).inc(n)


def count_request(endpoint, method, status, seconds):
    name = endpoint or "none"  # an unknown path: one series, whatever was asked
    method = method if method in _METHODS else "other"
    _series_of(REQUESTS, name, method, str(status)).inc()
    _series_of(LATENCY, name).observe(seconds)


def _series_of(metric, *labels):
    key = (metric, *labels)
    series = _series.get(key)
    if series is None:
        series = _series[key] = metric.labels(*labels)
    return series


class ModelState:
    """A collector of what is true at the scrape: the model serving, its guard, import jobs
    running (``state()`` gives them as a dict)."""

    def __init__(self, state):
        self._state = state

    def collect(self):
        state = self._state()
        info = InfoMetricFamily("sentiment_model", "The model serving.")
        info.add_metric([], {"version": state["version"], "base_version": state["base_version"]})
        yield info
        yield GaugeMetricFamily(
            "sentiment_model_position", "Label-log position of the model.", state["position"]
        )
        if state["guard_accuracy"] is not None:
            yield GaugeMetricFamily(
                "sentiment_guard_accuracy",
                "Accuracy of the serving model on the guard set.",
                state["guard_accuracy"],
            )
        if state["imports_running"] is not None:
            yield GaugeMetricFamily(
                "sentiment_import_jobs_running",
                "Import jobs not finished.",
                state["imports_running"],
            )


def exposition(state):
    """``(body, content type)`` of a scrape: the counts of every process, then ``state``'s."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)
    else:
        counted = REGISTRY
    now = CollectorRegistry()
    now.register(ModelState(state))
    return generate_latest(counted) + generate_latest(now), CONTENT_TYPE_LATEST
