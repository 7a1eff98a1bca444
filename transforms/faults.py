"""Fault injection for the crash-safety tests: die (SIGKILL) or pause at a named point of a run.

`CELEBGRAPH_FAULT_AT=<point>` kills the process the first time the run reaches `<point>`;
`<point>:<n>` kills it the n-th time (points inside loops: records, files, partitions, models).
`CELEBGRAPH_PAUSE_AT=<point>:<seconds>` sleeps there instead (to hold a run open in tests).
Unset (always, outside tests) both cost one dictionary lookup per call.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

_hits: Counter[str] = Counter()


def _parse(spec: str) -> tuple[str, float]:
    point, _, number = spec.partition(":")
    return point, float(number) if number else 1.0


def maybe_die(point: str) -> None:
    """Called by the stages at each boundary and inside their loops; a no-op unless a test armed it."""
    kill_spec, pause_spec = os.environ.get("CELEBGRAPH_FAULT_AT"), os.environ.get("CELEBGRAPH_PAUSE_AT")
    if not kill_spec and not pause_spec:
        return
    _hits[point] += 1
    if kill_spec:
        target, nth = _parse(kill_spec)
        if target == point and _hits[point] == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)
    if pause_spec:
        target, seconds = _parse(pause_spec)
        if target == point and _hits[point] == 1:
            time.sleep(seconds)
