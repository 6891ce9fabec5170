"""Which CPU each gunicorn worker keeps to (``server.worker_cpus``)."""

import pytest

from server.worker_cpus import CpuShare


def test_as_many_workers_as_cpus_each_keep_to_their_own():
    share = CpuShare(available=lambda: {3, 1})
    assert [share.take(slot, workers=2) for slot in (0, 1)] == [1, 3]


def test_a_worker_that_replaces_another_keeps_to_the_cpu_it_left():
    share = CpuShare(available=lambda: {0, 1})
    for slot in (0, 1):
        share.take(slot, workers=2)
    share.give_back(0)
    assert share.take(2, workers=2) == 0
    # a reload starts the new workers while the old still run: one of each on every CPU
    assert [share.take(slot, workers=2) for slot in (3, 4)] == [0, 1]


@pytest.mark.parametrize("cpus", [{0, 1, 2}, {0}])
def test_other_than_one_cpu_a_worker_each_is_left_to_the_scheduler(cpus):
    share = CpuShare(available=lambda: cpus)
    assert share.take(0, workers=2) is None
    assert share.take(None, workers=len(cpus)) is None  # a worker past the table's slots
