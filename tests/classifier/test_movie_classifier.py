"""The shipped default model behind ``MovieClassifier``."""

import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from classifier import MovieClassifier, Prediction
from classifier.artifact import DEFAULT_MODEL_DIR, ArtifactIntegrityError, read_manifest
from classifier.data import DataFormatError, read_labelled_csv

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "imdb_train.csv.gz"
SHORT_DATA = DATA.with_name("short_sentences.csv.gz")

POSITIVE = "A wonderful, moving film. The cast is superb and the story kept me gripped."
NEGATIVE = "Dull and lifeless. The plot makes no sense and the acting is awful. Avoid it."


@pytest.fixture(scope="module")
def shipped():
    return MovieClassifier()


def test_the_shipped_model_loads_with_its_manifest(shipped):
    assert shipped.version == read_manifest(MovieClassifier.__init__.__defaults__[0])["version"]
    assert shipped.manifest["validation"]["accuracy"] >= 0.89


def test_classify_returns_the_label_and_its_probability(shipped):
    positive, negative = shipped.classify(POSITIVE), shipped.classify(NEGATIVE)
    assert isinstance(positive, Prediction)
    assert (positive.label, negative.label) == ("positive", "negative")
    assert 0.5 < positive.probability <= 1 and 0.5 < negative.probability <= 1
    assert positive.model_version == shipped.version


def test_the_probability_is_the_models_predict_proba(shipped):
    model, _ = shipped.current()
    texts = [POSITIVE, NEGATIVE, "The camera."]
    positive = model.predict_proba(texts)[:, 1]
    for prediction, expected in zip(shipped.classify_many(texts), positive, strict=True):
        sure = expected if expected > 0.5 else 1 - expected
        assert prediction.probability == float(sure)
    assert shipped.classify(POSITIVE).probability == float(model.predict_proba([POSITIVE])[0, 1])


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        ("This movie was great.", "This movie was not great."),
        ("I liked this movie.", "I did not like this movie."),
        ("It was funny.", "It was not funny."),
        ("This film is worth watching.", "This film is not worth watching."),
    ],
)
def test_negation_flips_the_decision(shipped, plain, negated):
    assert shipped.classify(plain).label == "positive"
    assert shipped.classify(negated).label == "negative"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("I didn't like it.", "negative"),
        ("This movie was good.", "positive"),
        ("The director is Christian.", "unsure"),
        ("I watched it on Tuesday.", "unsure"),
    ],
)
def test_one_plain_sentence_reads_as_a_person_reads_it(shipped, text, reading):
    prediction = shipped.classify(text)
    positive = (
        prediction.probability if prediction.label == "positive" else 1 - prediction.probability
    )
    if reading == "not negative":
        assert positive >= 1 / 3
    elif reading == "unsure":
        assert prediction.unsure
    else:
        assert prediction.label == reading


def test_who_a_sentence_names_changes_nothing(shipped):
    readings = {
        shipped.classify(f"It is {group} film.").probability
        for group in ("a Mexican", "a French", "an Asian", "a Black", "a Christian", "a gay")
    }
    assert len(readings) == 1


def test_batch_matches_one_at_a_time(shipped):
    texts = [POSITIVE, NEGATIVE, "It was fine, I guess."]
    assert shipped.classify_many(texts) == [shipped.classify(t) for t in texts]
    # texts that read as no words at all, last in the batch (the fuzz test's 500)
    wordless = [POSITIVE, "\U00018cd6", "", "..."]
    assert shipped.classify_many(wordless) == [shipped.classify(t) for t in wordless]
    assert shipped.classify_many([]) == []


def test_one_text_alone_gets_the_same_bits_as_in_a_batch(shipped):
    # one text takes a path without sparse matrices; it must not change a single bit
    model = shipped.current()[0]
    texts = list(read_labelled_csv(DATA).texts[:2000])
    texts += list(read_labelled_csv(SHORT_DATA).texts[:500])  # short texts read both parts
    texts += ["", ".", "!!!", "good", "Not good, not bad.", "<br /><br />", "so " * 5000]
    batch = model.decision_function(model.count(texts))
    alone = np.array([model.decision_function([text])[0] for text in texts])
    np.testing.assert_array_equal(alone, batch)


def test_train_moves_the_prediction_and_the_version():
    model = MovieClassifier()
    before = model.classify(POSITIVE)
    version = model.train(POSITIVE, "negative")
    after = model.classify(POSITIVE)
    assert version == f"{model.base_version}+1" == after.model_version
    assert after.probability < before.probability or after.label == "negative"
    assert model.train(POSITIVE, 0) == f"{model.base_version}+2"


def test_classifiers_of_one_artifact_share_its_model_and_learn_apart():
    first, second = MovieClassifier(), MovieClassifier()
    assert first.initial_model is second.initial_model  # loaded once per process
    first.train(POSITIVE, "negative")
    assert second.position == 0 and second.current()[0] is second.initial_model
    assert second.classify(POSITIVE) == MovieClassifier().classify(POSITIVE)


def test_an_artifact_changed_on_disk_is_read_again(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    MovieClassifier(copy)
    guard = copy / "guard.npz"
    blob = bytearray(guard.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    guard.write_bytes(bytes(blob))  # the same size, in the same file
    with pytest.raises(ArtifactIntegrityError, match="guard set"):
        MovieClassifier(copy)


def test_train_rejects_an_unknown_label():
    model = MovieClassifier()
    with pytest.raises(DataFormatError):
        model.train(POSITIVE, "neutral")
    assert model.position == 0


def test_classifying_while_training_never_sees_a_broken_model():
    model = MovieClassifier()
    errors, stop = [], threading.Event()

    def classify_until_stopped():
        try:
            while not stop.is_set():
                prediction = model.classify(POSITIVE)
                assert prediction.label in ("positive", "negative")
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            errors.append(error)

    readers = [threading.Thread(target=classify_until_stopped) for _ in range(3)]
    for reader in readers:
        reader.start()
    for i in range(30):
        model.train(NEGATIVE if i % 2 else POSITIVE, i % 2)
    stop.set()
    for reader in readers:
        reader.join()
    assert errors == []
    assert model.position == 30
