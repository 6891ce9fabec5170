"""The table by which gunicorn's workers share connections (``server.connection_balance``)."""

import os

from server.connection_balance import STALE_S, ConnectionTable


def test_a_worker_accepts_while_no_other_holds_fewer():
    table = ConnectionTable(slots=4)
    first, second = table.take(), table.take()
    assert (first, second) == (0, 1)
    assert table.may_accept(first, 0)
    assert table.may_accept(first, 1)  # the second has no entry yet: it is not ready
    assert table.may_accept(second, 0)
    assert not table.may_accept(first, 1)
    assert table.may_accept(second, 1)  # as many: both accept
    assert table.may_accept(first, 1)


def test_a_stopping_or_exited_worker_counts_as_none():
    table = ConnectionTable(slots=4)
    first, second = table.take(), table.take()
    table.may_accept(second, 0)
    assert not table.may_accept(first, 3)
    table.leave(second)
    assert table.may_accept(first, 3)
    table.may_accept(second, 0)
    table.give_back(second)
    assert table.may_accept(first, 3)
    assert table.take() == second  # its slot is free again


def test_a_worker_that_has_not_written_for_a_while_counts_as_none():
    now = [1000.0]
    table = ConnectionTable(slots=4, clock=lambda: now[0])
    first, second = table.take(), table.take()
    table.may_accept(second, 0)
    now[0] += STALE_S / 2
    assert not table.may_accept(first, 2)
    now[0] += STALE_S
    assert table.may_accept(first, 2)  # the second is stuck: it cannot take connections


def test_no_free_slot_gives_none_and_the_table_is_shared_with_forked_workers():
    table = ConnectionTable(slots=2)
    first, second = table.take(), table.take()
    assert table.take() is None
    child = os.fork()
    if child == 0:  # the worker writes its entry
        table.may_accept(second, 0)
        os._exit(0)
    os.waitpid(child, 0)
    assert not table.may_accept(first, 1)
