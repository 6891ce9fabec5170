import logging

from server.batched_lines import PIPE_BUF, BatchingStreamHandler
from tests.helpers import eventually


class Writes:
    """A stream that keeps each write apart."""

    def __init__(self):
        self.writes = []

    def write(self, text):
        self.writes.append(text)

    def flush(self):
        pass


def test_lines_wait_then_are_written_together_in_order_without_another_call():
    stream = Writes()
    handler = BatchingStreamHandler(stream, flush_s=0.5)
    handler.add_line("one\n")
    handler.add_line("two\n")
    assert stream.writes == []
    assert eventually(lambda: stream.writes, seconds=5)
    assert stream.writes == ["one\ntwo\n"]
    handler.add_line("three\n")  # a second batch is written as well
    assert eventually(lambda: len(stream.writes) == 2, seconds=5)
    assert stream.writes[1] == "three\n"


def test_a_pipes_worth_is_written_at_once_in_whole_lines_of_at_most_pipe_buf():
    stream = Writes()
    handler = BatchingStreamHandler(stream, flush_s=60)
    lines = [f"{i:03d}" + "x" * 95 + "\n" for i in range(PIPE_BUF // 100 + 5)]
    long_line = "y" * (PIPE_BUF + 10) + "\n"
    for line in [*lines, long_line]:
        handler.add_line(line)
    assert "".join(stream.writes) == "".join([*lines, long_line])
    assert all(write.endswith("\n") for write in stream.writes)
    assert all(len(write) <= PIPE_BUF for write in stream.writes if write != long_line)
    assert len(stream.writes) >= 3  # lines past the first pipe's worth, then the long one


def test_a_record_is_written_after_the_lines_waiting_and_flush_writes_them_all():
    stream = Writes()
    handler = BatchingStreamHandler(stream, flush_s=60)
    logger = logging.getLogger("test_batched_lines")
    logger.propagate, logger.level = False, logging.INFO
    logger.addHandler(handler)
    try:
        handler.add_line("request\n")
        logger.info("event")
        assert stream.writes == ["request\n", "event\n"]
        handler.add_line("last\n")
        handler.flush()
        assert stream.writes[-1] == "last\n"
    finally:
        logger.removeHandler(handler)
