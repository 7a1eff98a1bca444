"""Progress of a long step: a live line on a terminal, plain log lines otherwise.

Plain Python with no orchestrator in sight, so a stage can report progress wherever it runs.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

log = logging.getLogger("celebgraph.progress")


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """Call `update(done, total)`; it prints at most every `every_seconds` (plain mode) or ~10 times a second."""

    def __init__(self, label: str, unit: str = "articles", stream: TextIO | None = None,
                 every_seconds: float = 10.0, every_items: int = 500, live: bool | None = None) -> None:
        self.label, self.unit = label, unit
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.every_seconds, self.every_items = every_seconds, every_items
        self.started = time.monotonic()
        self._last_time = 0.0
        self._last_done = 0
        self._line_open = False
        self._first: tuple[float, int] | None = None  # (time, done) of the first report

    def line(self, done: int, total: int | None, note: str = "") -> str:
        now = time.monotonic()
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        text = (f"{self.label}: {done:,}" + (f"/{total:,}" if total else "") + f" {self.unit}"
                + (f" ({note})" if note else "") + (f", {rate:,.0f}/s" if rate >= 100 else f", {rate:.1f}/s"))
        if self._first is None:
            self._first = (now, done)
        # time left from the pace since the first item, so a slow start (model warm-up) does not skew it
        first_time, first_done = self._first
        if total and done < total and done > first_done and now > first_time:
            text += f", {_clock((total - done) * (now - first_time) / (done - first_done))} left"
        return text + f", {_clock(elapsed)} elapsed"

    def update(self, done: int, total: int | None = None, note: str = "") -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if self.live:
            if finished or now - self._last_time >= 0.1:
                self.stream.write("\r\033[K" + self.line(done, total, note))
                self.stream.flush()
                self._line_open = True
                self._last_time = now
        elif finished or now - self._last_time >= self.every_seconds or done - self._last_done >= self.every_items:
            log.info(self.line(done, total, note))
            self._last_time, self._last_done = now, done

    def close(self) -> None:
        if self._line_open:
            self.stream.write("\n")
            self.stream.flush()
            self._line_open = False
