"""In-process speed and size of a model artifact, for the model card and the benchmarks."""

import statistics
import time
from pathlib import Path

from classifier.artifact import read_manifest
from classifier.movie_classifier import MovieClassifier


def _timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def measure_speed(model_dir, texts, labels, batch_size=10_000, repeats=3):
    """Median timings (seconds unless named ``_ms``) of loading, classifying and training.

    ``texts`` should be real reviews; the first ``batch_size`` make the batch.
    """
    artifact = Path(model_dir) / read_manifest(model_dir)["artifact"]
    load = statistics.median(_timed(MovieClassifier, model_dir) for _ in range(repeats))
    classifier = MovieClassifier(model_dir)
    singles = texts[:300]
    classifier.classify_many(singles)  # warm caches, as a serving process would be
    single = statistics.median(_timed(classifier.classify, t) for t in singles)
    batch = texts[:batch_size]
    batch_time = statistics.median(_timed(classifier.classify_many, batch) for _ in range(repeats))
    label_names = ["negative", "positive"]
    train = statistics.median(
        _timed(classifier.train, t, label_names[y])
        for t, y in zip(texts[:200], labels[:200], strict=True)
    )

    # What the server's guard adds to a label: the updated model, measured on the guard set.
    def guard_check(text, label):
        classifier.guard_accuracy(classifier.learned(classifier.current()[0], [(text, label)]))

    guard = statistics.median(
        _timed(guard_check, t, label_names[y])
        for t, y in zip(texts[200:400], labels[200:400], strict=True)
    )
    return {
        "load_s": load,
        "classify_one_ms": single * 1000,
        f"classify_batch_{len(batch)}_s": batch_time,
        "train_one_ms": train * 1000,
        "guard_check_ms": guard * 1000,
        "artifact_mb": artifact.stat().st_size / 1e6,
    }
