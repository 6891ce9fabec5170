"""CPU time of a process, read from ``/proc`` (Linux)."""

import os
from pathlib import Path


def cpu_seconds(pid):
    """User plus system CPU seconds used so far by process ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
