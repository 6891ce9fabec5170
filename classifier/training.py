"""Building the default model from labelled data: tune on a validation split, ship a full fit."""

import hashlib
import json
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from tqdm import tqdm

from classifier.artifact import save_artifact, sha256_of
from classifier.data import movie_groups, read_labelled_csv, validation_split
from classifier.evaluation.metrics import evaluate_probabilities
from classifier.guard import GuardSet
from classifier.model import SentimentModel

CHUNK = 1000


def count_with_progress(model, texts, description="hashing n-grams"):
    """Hashed counts of ``texts``, in chunks, with a progress bar."""
    chunks = []
    with tqdm(total=len(texts), desc=description, unit="review") as bar:
        for start in range(0, len(texts), CHUNK):
            chunks.append(model.count(texts[start : start + CHUNK]))
            bar.update(len(chunks[-1].indptr) - 1)
    return sp.vstack(chunks).tocsr()


def _fit(model, counts, y, description):
    with tqdm(total=model.epochs, desc=description, unit="epoch") as bar:
        return model.fit_counts(counts, y, progress=lambda: bar.update(1))


def model_version(parameters, data_sha256, guard_size):
    """A version name that changes exactly when the parameters or the data change."""
    identity = json.dumps(
        {"parameters": parameters, "data": data_sha256, "guard": guard_size}, sort_keys=True
    )
    return "nbsgd-" + hashlib.sha256(identity.encode()).hexdigest()[:10]


def build_default_model(
    data_path, out_dir, validation_size=5000, seed=42, guard_size=1000, **parameters
):
    """Train, validate, calibrate and save a model; return its manifest.

    A model fitted on the training part of a fixed split (whole movies on either side, see
    ``movie_groups``) is measured on the validation part, and its temperature is fitted there.
    The shipped model is then refitted with that temperature on all the data but ``guard_size``
    validation reviews, which are shipped beside it as its guard set (``classifier.guard``):
    held out from it, so that the guard measures it on reviews it has not seen. The manifest
    records the validation figures of the split model.
    """
    texts, y, ids = read_labelled_csv(data_path)
    template = SentimentModel(random_state=seed, **parameters)
    counts = count_with_progress(template, texts)
    groups = movie_groups(ids)
    train, validation = validation_split(groups, validation_size, seed)

    split_model = _fit(
        SentimentModel(**template.get_params()), counts[train], y[train], "fit on train split"
    )
    split_model.calibrate(counts[validation], y[validation])
    metrics = evaluate_probabilities(
        y[validation], split_model.predict_proba(counts[validation])[:, 1]
    )
    metrics["temperature"] = split_model.temperature_

    # whole movies, so that the shipped model has seen no review of a guard movie
    guard_rows = validation[validation_split(groups[validation], guard_size, seed)[1]]
    shipped = np.setdiff1d(np.arange(len(y)), guard_rows)
    final = _fit(
        SentimentModel(**template.get_params()), counts[shipped], y[shipped], "fit on all data"
    )
    final.temperature_ = split_model.temperature_
    guard = GuardSet(counts[guard_rows], y[guard_rows], final)

    data_sha256 = sha256_of(data_path)
    params = json.loads(json.dumps(final.get_params()))
    return save_artifact(
        final,
        out_dir,
        version=model_version(params, data_sha256, len(guard)),
        training_data={
            "file": Path(data_path).name,
            "sha256": data_sha256,
            "n": int(len(shipped)),
            "guard": int(len(guard)),
            "validation": {"n": int(len(validation)), "seed": seed, "split": "by movie"},
        },
        metrics=metrics,
        guard=guard,
    )
