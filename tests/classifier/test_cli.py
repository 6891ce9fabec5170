"""The command line, on small CSV files that the tests write."""

import contextlib
import csv
import gzip
import io
import json

import pytest

from classifier.__main__ import main
from classifier.artifact import read_manifest
from tests.classifier.conftest import make_corpus


def write_csv(path, texts, labels, label_names=("0", "1")):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "rating", "label", "text"])
        for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
            writer.writerow([f"r{i}", 0, label_names[label], text])
    return path


@pytest.fixture(scope="module")
def training_file(tmp_path_factory):
    directory = tmp_path_factory.mktemp("data")
    write_csv(directory / "short.csv", *make_corpus(200, seed=3))
    return write_csv(directory / "train.csv.gz", *make_corpus(600))


def train(data, out):
    arguments = ["train", "--data", str(data), "--short-data", str(data.parent / "short.csv")]
    arguments += ["--out", str(out), "--validation-size", "100", "--no-lexicons"]
    assert main(arguments) == 0


@pytest.fixture(scope="module")
def training_run(training_file, tmp_path_factory):
    """One training, for the tests that only read its artifact or what it printed."""
    out = tmp_path_factory.mktemp("model")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        train(training_file, out)
    return out, json.loads(printed.getvalue())


@pytest.fixture(scope="module")
def trained(training_run):
    return training_run[0]


def test_train_writes_an_artifact_and_reports_validation_metrics(training_run):
    model, report = training_run
    manifest = read_manifest(model)
    assert report["version"] == manifest["version"]
    # the guard set (all 100 validation reviews of this small file) is held out of the fit
    assert manifest["training_data"]["n"] == 500 and manifest["guard"]["n"] == 100
    assert 0.9 < manifest["guard"]["accuracy"] <= 1
    assert manifest["validation"]["n"] == 100
    assert manifest["validation"]["accuracy"] > 0.9


def test_training_twice_gives_the_same_model_and_metrics(training_file, trained, tmp_path):
    train(training_file, tmp_path / "again")
    first, second = read_manifest(trained), read_manifest(tmp_path / "again")
    assert first["sha256"] == second["sha256"] and first["version"] == second["version"]
    assert first["validation"] == second["validation"]


@pytest.mark.parametrize(
    ("suffix", "names"),
    [(".csv", ("0", "1")), (".csv.gz", ("neg", "pos")), (".csv", ("Negative", "POSITIVE"))],
)
def test_evaluate_prints_metrics_as_json(trained, tmp_path, capsys, suffix, names):
    held_out = write_csv(tmp_path / f"test{suffix}", *make_corpus(200, seed=9), label_names=names)
    capsys.readouterr()
    assert main(["evaluate", str(held_out), "--model", str(trained)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 200
    assert result["accuracy"] > 0.9
    assert 0.9 < result["roc_auc"] <= 1.0
    assert result["log_loss"] > 0


def test_evaluate_rejects_unknown_labels_in_words(tmp_path, capsys):
    bad = write_csv(tmp_path / "bad.csv", ["fine"], [0], label_names=("meh", "yay"))
    assert main(["evaluate", str(bad)]) == 2
    assert "unknown label 'meh'" in capsys.readouterr().err


def test_evaluate_rejects_a_file_without_the_columns(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("review,stars\ngood,5\n")
    assert main(["evaluate", str(bad)]) == 2
    assert "lacks the column(s) label, text" in capsys.readouterr().err
