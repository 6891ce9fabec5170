"""One database read shared by the threads that ask at once, never one that began before they asked.

Without a lease (``online.lease``), every classification first asks the label log whether
anything is newer than the model it holds (read-your-writes across processes, see
``online.shared_model``). Under load the threads of a worker ask many times a millisecond, and
each ask is a round trip that costs the database too.
A read that *began after* a thread asked is as good for that thread as a read of its own: any
label acknowledged before the thread asked is visible to it. So a thread that finds a read in
flight waits for it to end and then shares the next one with every thread that arrived
meanwhile; at most one read per process is in flight, and no thread gets a staler answer than
its own read would have given.
"""

import threading


class FreshRead:
    """Call ``read()`` on behalf of many threads, sharing calls that began after each one asked.

    A read that raises is not shared: each waiting thread then reads for itself, so every caller
    sees its own error.
    """

    def __init__(self, read):
        self._read = read
        self._condition = threading.Condition()
        self._asked = 0  # callers numbered 1, 2, ... in the order they asked
        self._answered = 0  # callers up to this number are answered by ``_result``
        self._result = None
        self._reading = False

    def __call__(self):
        with self._condition:
            self._asked += 1
            number = self._asked
            while self._reading:
                self._condition.wait()
                if self._answered >= number:
                    return self._result
            self._reading = True
            covers = self._asked  # every caller that asked before this read begins
        try:
            result = self._read()
        except BaseException:
            with self._condition:
                self._reading = False
                self._condition.notify_all()
            raise
        with self._condition:
            self._reading = False
            self._answered, self._result = covers, result
            self._condition.notify_all()
        return result
