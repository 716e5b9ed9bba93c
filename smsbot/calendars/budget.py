"""The time one unit of work (an inbound message, a sync) may spend on a remote calendar."""
from __future__ import annotations

import time
from typing import Callable


class Budget:
    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.clock, self.deadline = clock, clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self.deadline - self.clock())
