"""The time one unit of work (an inbound message, a sync) may spend on a remote calendar."""
from __future__ import annotations

import time
from typing import Callable


MIN_TRY_SECONDS = 0.2  # less time than this left: don't start another request


class Budget:
    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.clock, self.deadline = clock, clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self.deadline - self.clock())

    def next_try(self, pause: float | None, call_timeout: float,
                 sleep: Callable[[float], None]) -> float | None:
        """Wait `pause` before a retry (None: the first try) and give the timeout for the next
        request, or None when the rest of the budget is too short for another one."""
        if pause is not None:
            if pause + MIN_TRY_SECONDS > self.remaining():
                return None
            sleep(pause)
        timeout = min(call_timeout, self.remaining())
        return timeout if timeout >= MIN_TRY_SECONDS else None
