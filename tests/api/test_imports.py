"""Import of reviews from CSV and JSON Lines files: jobs, progress, refusals, and bad files."""

import gzip
import io
import json
import threading
import time
import zipfile

import pytest

from db.search import ReviewFilter
from tests.helpers import assert_error


def start(client, data=b"", file_format="csv", name="reviews.csv"):
    response = client.post(
        "/api/imports", json={"name": name, "format": file_format, "size": len(data)}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    job = response.get_json()
    assert job["state"] == "waiting"
    return job["_id"]


def upload(client, data, file_format="csv", status=200):
    job_id = start(client, data, file_format)
    response = client.put(
        f"/api/imports/{job_id}/file", data=data, content_type="application/octet-stream"
    )
    assert response.status_code == status, response.get_data(as_text=True)
    return client.get(f"/api/imports/{job_id}").get_json()


def stored_texts(database):
    return sorted(r["text"] for r in database.reviews.find({}, {"text": 1}))


GOOD_CSV = (
    b"id,text,label\n"
    b"r1,A wonderful film with a moving story.,positive\n"
    b'r2,"Dull, long and, in the end, pointless.",0\n'
    b"r3,   ,positive\n"
    b"r4,An average film.,maybe\n"
    b'r5,"A film with ""quotes"" and a\nline break inside.",\n'
    b'r6,=HYPERLINK("http://example.com"),\n'
)


def test_a_csv_is_imported_with_labels_and_its_refusals_by_line(operator, database):
    job = upload(operator, GOOD_CSV)
    assert job["state"] == "done" and "error" not in job
    assert (job["rows"], job["stored"], job["refused"], job["labelled"]) == (6, 4, 2, 2)
    assert job["refusals"] == [
        {"line": 4, "reason": "the text is empty"},
        {"line": 5, "reason": "the label 'maybe' is not positive, negative, 1 or 0"},
    ]
    assert job["bytes_read"] == len(GOOD_CSV)
    texts = stored_texts(database)
    assert 'A film with "quotes" and a\nline break inside.' in texts
    assert '=HYPERLINK("http://example.com")' in texts  # stored as given; exports neutralise it
    labelled = database.reviews.find_one({"client_id": "r2"})
    assert labelled["feedback"]["label"] == "negative"
    events = list(database.label_events.find({"kind": "label"}))
    assert len(events) == 2  # through the label log, as train_review
    totals = operator.get("/api/reviews").get_json()
    assert totals["total"] == 4


def test_importing_the_same_file_again_stores_nothing_twice(operator, database):
    upload(operator, GOOD_CSV)
    again = upload(operator, GOOD_CSV)
    assert (again["stored"], again["duplicates"], again["labelled"]) == (0, 4, 0)
    assert database.reviews.count_documents({}) == 4
    assert database.label_events.count_documents({"kind": "label"}) == 2


def test_json_lines_are_imported_and_bad_lines_refused(operator, database):
    lines = [
        json.dumps({"text": "Superb acting throughout.", "label": 1, "id": 7}),
        "not json at all",
        json.dumps(["a", "list"]),
        json.dumps({"review": "no text field"}),
        "",
        json.dumps({"text": "Awful.", "label": "negative"}),
    ]
    job = upload(operator, "\n".join(lines).encode(), "jsonl")
    assert (job["stored"], job["labelled"], job["refused"]) == (2, 2, 3)
    assert [r["line"] for r in job["refusals"]] == [2, 3, 4]
    assert database.reviews.find_one({"client_id": "7"})["feedback"]["label"] == "positive"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"review,label\nGreat film,positive\n", "no 'text' column"),
        (b"", "The file is empty"),
        (gzip.compress(GOOD_CSV), "gzip file"),
    ],
)
def test_a_file_that_cannot_be_read_stores_nothing_and_says_why(operator, database, data, message):
    job = upload(operator, data)
    assert job["state"] == "failed" and message in job["error"]
    assert database.reviews.count_documents({}) == 0


def test_a_zip_bomb_is_refused_before_anything_is_inflated(operator, database):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("reviews.csv", b"text\n" + b"0" * 50_000_000)
    assert len(buffer.getvalue()) < 100_000
    job = upload(operator, buffer.getvalue())
    assert job["state"] == "failed" and "zip file" in job["error"]
    assert database.reviews.count_documents({}) == 0


def test_text_that_is_not_utf8_stops_the_import_where_it_starts(operator, database):
    data = "text\nA fine film.\nUn très beau film.\nAnother.\n".encode("latin-1")
    job = upload(operator, data)
    assert job["state"] == "failed"
    assert "Line 3 is not UTF-8" in job["error"] and "before line 3 were imported" in job["error"]
    assert stored_texts(database) == ["A fine film."]


def test_a_line_over_a_megabyte_is_refused_and_the_rest_imported(operator, database):
    data = b"text\n" + b"word " * 250_000 + b"\nA short one.\n"
    job = upload(operator, data)
    assert job["state"] == "done"
    assert job["refusals"] == [{"line": 2, "reason": "the line is longer than 1,048,576 bytes"}]
    assert stored_texts(database) == ["A short one."]


def test_a_text_over_the_review_limit_is_refused(make_app, database):
    from tests.conftest import operator_client

    client = operator_client(make_app(MAX_REVIEW_CHARS=50))
    job = upload(client, b"text\n" + b"x" * 51 + b"\nshort enough\n")
    assert job["refusals"] == [{"line": 2, "reason": "the text is longer than 50 characters"}]
    assert stored_texts(database) == ["short enough"]


def test_rows_past_the_limit_are_not_imported(make_app, database):
    from tests.conftest import operator_client

    client = operator_client(make_app(MAX_IMPORT_ROWS=3))
    job = upload(client, b"text\none\ntwo\nthree\nfour\nfive\n")
    assert job["state"] == "failed" and "more than 3 rows" in job["error"]
    assert "after line 4" in job["error"]
    assert stored_texts(database) == ["one", "three", "two"]


def test_a_body_over_the_import_limit_is_413_and_the_job_failed(make_app, database):
    from tests.conftest import operator_client

    client = operator_client(make_app(MAX_IMPORT_BYTES=2048))
    assert_error(
        client.post("/api/imports", json={"name": "a", "format": "csv", "size": 4096}), 422
    )
    job_id = start(client, b"")
    data = b"text\n" + b"A good film.\n" * 400
    response = client.put(f"/api/imports/{job_id}/file", data=data)
    assert_error(response, 413)
    assert client.get(f"/api/imports/{job_id}").get_json()["state"] == "failed"
    assert database.reviews.count_documents({}) == 0


class SlowFile(io.BytesIO):
    """A file that stops after ``pause_at`` bytes until ``go`` is set."""

    def __init__(self, data, pause_at):
        super().__init__(data)
        self.pause_at = pause_at
        self.paused, self.go = threading.Event(), threading.Event()

    def read(self, size=-1):
        at = self.tell()
        if at >= self.pause_at and not self.go.is_set():
            self.paused.set()
            self.go.wait(30)
        elif not self.go.is_set() and (size is None or size < 0 or at + size > self.pause_at):
            size = self.pause_at - at  # up to the pause, not past it
        return super().read(size)

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def test_progress_and_time_left_show_while_the_file_arrives(operator, database):
    data = b"text\n" + b"".join(
        f"Review number {i} of a fine film.\n".encode() for i in range(2000)
    )
    job_id = start(operator, data)
    slow = SlowFile(data, pause_at=len(data) // 2)
    answer = {}

    def put():
        answer["response"] = operator.put(
            f"/api/imports/{job_id}/file", input_stream=slow, content_length=len(data)
        )

    thread = threading.Thread(target=put)
    thread.start()
    assert slow.paused.wait(30)
    running = operator.get(f"/api/imports/{job_id}").get_json()
    slow.go.set()
    thread.join(60)
    assert running["state"] == "running"
    assert 500 <= running["rows"] < 2000 and 0 < running["bytes_read"] < len(data)
    assert running["seconds_left"] is not None and running["seconds_left"] >= 0
    assert answer["response"].status_code == 200
    assert answer["response"].get_json()["stored"] == 2000


def test_import_requests_are_checked(client, operator):
    assert_error(client.post("/api/imports", json={"name": "a", "format": "csv", "size": 1}), 401)
    assert_error(operator.post("/api/imports", json={"name": "a", "format": "xls", "size": 1}), 422)
    assert_error(operator.get("/api/imports/0123456789abcdef01234567"), 404)
    assert_error(operator.get("/api/imports/not-an-id"), 404)
    job_id = start(operator, b"text\nGood.\n")
    assert operator.put(f"/api/imports/{job_id}/file", data=b"text\nGood.\n").status_code == 200
    assert_error(operator.put(f"/api/imports/{job_id}/file", data=b"text\nGood.\n"), 409)
    assert_error(client.put(f"/api/imports/{job_id}/file", data=b"text\nGood.\n"), 401)


def searchable_when_indexed(client, job_id, timeout=30):
    """The job once every stored review's words are indexed (a thread does it after the file)."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/imports/{job_id}").get_json()
        if job["words_indexed"] == job["stored"] or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def test_imported_reviews_are_listed_at_once_and_searchable_once_their_words_are_indexed(
    operator, database
):
    rows = [f"r{i},A {'marmoset' if i % 2 else 'tapir'} documentary number {i}." for i in range(30)]
    job = upload(operator, ("id,text\n" + "\n".join(rows) + "\n").encode())
    assert job["state"] == "done" and job["stored"] == 30
    assert operator.get("/api/reviews?limit=5").get_json()["total"] == 30  # listed and counted
    job = searchable_when_indexed(operator, job["_id"])
    assert job["words_indexed"] == 30
    assert database.word_backlog.count_documents({}) == 0
    found = operator.get("/api/reviews?q=marmoset&limit=100").get_json()
    assert (found["total"], len(found["items"])) == (15, 15)


def test_a_review_deleted_before_its_words_are_indexed_is_never_found_by_them(app, database):
    repository = app.extensions["runtime"].reviews.repository
    prediction = {"sentiment": "positive", "probability": 0.9, "model_version": "m"}
    ids = repository.create_many(
        [(f"An okapi film, take {i}.", prediction, None) for i in range(4)], words_later_for="job"
    )
    assert repository.delete(ids[0])
    assert repository.index_words() == 3  # the deleted one's entry was kept out
    page = repository.list(search=ReviewFilter.of("okapi"))
    assert (page["total"], sorted(r["_id"] for r in page["items"])) == (3, sorted(ids[1:]))


def test_words_left_in_the_backlog_by_a_stopped_process_are_indexed_at_the_next_start(
    make_app, database
):
    first = make_app(TESTING=True)
    repository = first.extensions["runtime"].reviews.repository
    prediction = {"sentiment": "negative", "probability": 0.8, "model_version": "m"}
    repository.create_many([("A quokka film.", prediction, None)], words_later_for="gone")
    assert database.word_backlog.count_documents({}) == 1
    make_app(TESTING=True)  # a new process starts
    deadline = time.monotonic() + 30
    while database.word_backlog.count_documents({}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert database.review_terms.count_documents({"terms": "quokka"}) == 1
