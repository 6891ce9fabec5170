"""FreshRead: threads asking at once share a read, but never one that began before they asked."""

import threading

from online.fresh_read import FreshRead


class GatedRead:
    """A read that records when it began and blocks until released."""

    def __init__(self):
        self.began = []  # the value of ``self.state`` when each read began
        self.state = 0
        self.gates = []
        self.lock = threading.Lock()

    def __call__(self):
        gate = threading.Event()
        with self.lock:
            self.began.append(self.state)
            self.gates.append(gate)
        assert gate.wait(10)
        return self.began[-1]

    def release(self, index):
        self.wait_for(index + 1)
        self.gates[index].set()

    def wait_for(self, reads):
        for _ in range(1000):
            with self.lock:
                if len(self.gates) >= reads:
                    return
            threading.Event().wait(0.005)
        raise AssertionError(f"never {reads} reads")


def ask(fresh, results, key):
    thread = threading.Thread(target=lambda: results.__setitem__(key, fresh()))
    thread.start()
    return thread


def test_a_read_in_flight_is_not_shared_with_a_later_caller_but_the_next_one_is():
    read = GatedRead()
    fresh, results = FreshRead(read), {}
    first = ask(fresh, results, "first")
    read.wait_for(1)
    read.state = 1  # something changes after the first read began...
    late = [ask(fresh, results, f"late-{i}") for i in range(5)]  # ...and then they ask
    threading.Event().wait(0.05)
    read.release(0)
    first.join(5)
    assert results["first"] == 0
    read.release(1)
    for thread in late:
        thread.join(5)
    # The five late callers shared one read, which began after they all asked.
    assert len(read.began) == 2
    assert [results[f"late-{i}"] for i in range(5)] == [1] * 5


def test_callers_one_after_another_each_read():
    calls = []
    fresh = FreshRead(lambda: calls.append(1) or len(calls))
    assert [fresh() for _ in range(3)] == [1, 2, 3]


def test_an_error_is_not_shared_each_waiting_caller_reads_for_itself():
    attempts, release = [], threading.Event()

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            assert release.wait(5)
            raise ConnectionError("database down")
        return "ok"

    fresh, results, errors = FreshRead(flaky), {}, []

    def first_caller():
        try:
            fresh()
        except ConnectionError as error:
            errors.append(error)

    failing = threading.Thread(target=first_caller)
    failing.start()
    while not attempts:
        threading.Event().wait(0.005)
    waiting = [ask(fresh, results, i) for i in range(3)]
    threading.Event().wait(0.05)
    release.set()
    failing.join(5)
    for thread in waiting:
        thread.join(5)
    assert len(errors) == 1
    assert [results[i] for i in range(3)] == ["ok"] * 3
