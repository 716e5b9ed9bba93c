"""Day and time understanding for scheduling texts.

`parse_when(text, now, tz)` is pure: it reads no clock and no settings.
"""
from smsbot.timeparse.types import When
from smsbot.timeparse.parser import parse_when

__all__ = ["When", "parse_when"]
