"""How a booking business reads times: every convention lives here.

Points
  grain "minute" when minutes are written ("3:30", "3:00pm", "half past 2",
  "two thirty", "in 2 hours"), "hour" when only the hour is ("at 3", "3pm",
  "noon").

Bare hours (no am/pm and no part of day) are business hours: 1..7 is PM,
8..11 is AM, 12 is noon, 0 and 13..23 are 24-hour times.  A leading zero
("07:30") marks a 24-hour time and is taken as written.  A part of day
supplies the meridiem instead ("10 in the morning", "tonight at 8").

Parts of day (grain "part_of_day", start and end are the window):
  morning 08:00-12:00, afternoon 12:00-17:00, evening/night/tonight 17:00-21:00.

Spans: "between 2 and 4", "2-4pm", "from 10 to 11am" give start and end on
the same day, grain of the finer end.  A missing meridiem on one end is taken
from the other when that keeps start before end ("11-1pm" is 11am-1pm).

Bounds (When.bound):
  "after 3"     start 15:00, end None, bound "after".
  "before noon" start that day 00:00, end 12:00, bound "before".
  "by", "until", "no later than" read as before; "not before", "from" as after.
The grain of a bound is the grain of its time.

Days: grain "day", start 00:00, end None.  "this weekend" is Saturday 00:00 to
Monday 00:00 with grain "day".  Weeks run Monday 00:00 to the next Monday 00:00
(grain "week"): "this week" is the current one, "next week" the following one.

Which day, when the text does not say:
  - a time, span or bound that is still ahead today is today, else tomorrow;
  - a part of day whose window has not ended is today, else tomorrow;
  - "midnight" is the coming 00:00.
Weekdays:
  - "friday" is the coming Friday; said on a Friday it means today only when
    a time (or part of day) is given that is still ahead, otherwise a week on;
  - "this friday" is the coming Friday, today included;
  - "next friday" is the Friday of next week (weeks start on Monday), so on a
    Wednesday it is nine days away but on a Saturday it is six;
  - "friday after next" is a week after "next friday"; "last friday" is past.
Dates without a year that have passed this year mean next year; "the 12th"
is the next 12th to come (today included).  "3/12" is month first unless
month_first=False; when only the other order is a valid date it is used.
A named day is never moved: "today at 9" at 10:15 stays in the past, and
"yesterday" gives the past date.  "in 2 hours" is elapsed time (DST-aware),
truncated to the minute.

Nothing is invented: a bare number ("3", "1234567") is a menu choice or a
phone number, not a time.  A bare hour needs a marker ("at", "around",
"after"...), am/pm, o'clock, or a day or part of day in the same text; a
number word standing alone ("three", "how about eleven?") is a time, since
menu choices are answered with digits.  "monday am" / "tmrw pm" are the
morning / afternoon windows.

Several candidates: the first day and the first time in the text win, except
  - a part the text rules out is dropped ("not thursday, friday",
    "can't do 2, how about 4", "friday instead of thursday");
  - after a move verb, what follows "to" replaces what came before, kind for
    kind ("move my 3pm tomorrow to friday at 4" is Friday 16:00, "change
    thursday 3pm to friday" is Friday 15:00, "move tomorrow to 4" is tomorrow
    16:00);
  - an explicit date beats a weekday ("friday the 13th" is the 13th).
"""
from __future__ import annotations

WINDOWS = {
    "morning": (8, 12),
    "afternoon": (12, 17),
    "evening": (17, 21),
    "night": (17, 21),
}

PM_CONTEXTS = frozenset({"afternoon", "evening", "night"})


def hour_24(hour: int, meridiem: str | None, pod: str | None = None, written_24h: bool = False) -> int | None:
    """The 24-hour clock hour for what was written, or None if impossible."""
    if meridiem is not None and 1 <= hour <= 12:
        if meridiem == "am":
            return 0 if hour == 12 else hour
        return 12 if hour == 12 else hour + 12
    if hour > 24 or hour < 0:
        return None
    if written_24h or hour == 0 or hour >= 12:
        return hour
    if pod is not None:
        return hour + 12 if pod in PM_CONTEXTS else hour
    return hour + 12 if hour <= 7 else hour
