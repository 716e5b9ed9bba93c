"""How a booking business reads times: every convention lives here.

Points
  grain "minute" when minutes are written ("3:30", "3:00pm", "half past 2",
  "two thirty", "in 2 hours"), "hour" when only the hour is ("at 3", "3pm",
  "noon").

Bare hours (no am/pm and no part of day) are business hours: 1..7 is PM,
8..11 is AM, 12 is noon, 0 and 13..23 are 24-hour times.  A leading zero
("07:30") marks a 24-hour time and is taken as written.  A part of day
supplies the meridiem instead ("10 in the morning", "tonight at 8").

Time forms: "at 4 20" and "2 30 pm" are 4:20 and 2:30 (minutes written apart
need a marker or am/pm); "half 3" is 3:30 (British); "15h30" and "18:00 hours" /
"0900 hours" are 24-hour times; "3 in the am" is 3 AM; "mid-day" is noon.
"10 to 4", "20 to 4", "5 of 6", "at 10 to 11" count minutes down (3:50, 3:40,
5:55, 10:50): "N to H" with N 5, 10, 20 or 25 is a count unless it reads as a
window of at most 4 hours ("10 to 2 tomorrow", "5 to 7" stay spans) or opens
with "from"/"between".  "quarter to 13" has no such hour: nothing is read.

Which time, when several are written: the clearest wins, the first of equals.
A time with am/pm, minutes, a 24-hour form or a zone beats a plain hour
("I'd like two at 4pm" is 4 PM), a plain hour beats a meal ("lunch around
12:45" is 12:45), and a bare number counts only beside a day or part of day.
A number followed by "for" and a day is a count, not a time ("I'd like one
for friday" is Friday; "3 of us", "for 2 people" likewise), and "one" after a
determiner and a day is that day's appointment ("the tuesday one" is Tuesday).
An hour word with a part of day is a time ("for five in the afternoon" is 5 PM).

Parts of day (grain "part_of_day", start and end are the window):
  morning 08:00-12:00, afternoon 12:00-17:00, evening/night/tonight 17:00-21:00.

Spans: "between 2 and 4", "2-4pm", "from 10 to 11am" give start and end on
the same day, grain of the finer end.  A missing meridiem on one end is taken
from the other when that keeps start before end ("11-1pm" is 11am-1pm).

Bounds (When.bound):
  "after 3"     start 15:00, end None, bound "after".
  "before noon" start that day 00:00, end 12:00, bound "before".
  "by", "until", "no later than" read as before; "not before", "from" as after.
  "I can't come until 4:30", "busy till 2", "won't be free before 3", "not
  until 5" are the customer's own limit: from then on, as "after".  "by 6"
  stays a deadline.
The grain of a bound is the grain of its time.

Months: "next month" is its 1st 00:00 to the next 1st (grain "month");
"this month" is what is left of it, from today 00:00.

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
"4-15" and "4 / 15" are dates when one side can only be a day (13..31); "2-4"
and "9-11" stay spans of hours.  "on the first" is the next 1st ("the first
one" is a list choice).
Weekdays of a month: "first tuesday of october", "2nd monday in november",
"last friday of the month", "third thursday of next month"; never a past date:
once this year's (this month's) has gone, the next year's (month's) is meant.
Holidays: "christmas", "xmas eve", "new years eve", "thanksgiving", "the day
after thanksgiving", "black friday", "memorial day", "good friday" are the next
such day (today included), from the `holidays` package for the country and
subdivision passed in (default US); a few fixed-date names (christmas, new
year, halloween, valentines) are read for any country.  "X eve" is the day
before X ("xmas eve" is never this evening).
A named day is never moved: "today at 9" at 10:15 stays in the past, and
"yesterday" gives the past date.  "in 2 hours" is elapsed time (DST-aware),
truncated to the minute; so are "in 1/2 hour", "in 2.5 hours", "in a quarter of
an hour", and "in a few hours" (three).  "3 fridays from now" is the third
Friday after today; "in a month" is the same day next month (or its last day).

Time zones: "3pm PST", "2 central", "10am pacific time" are wall times in the
named zone (daylight saving follows the zone, whatever the letters), converted
to the business zone; When.stated_tz names the zone.  Days are counted in the
business zone.

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
  - an explicit date beats a weekday ("friday the 13th" is the 13th);
  - a correction replaces what came before it, kind for kind, so the last
    stated one wins: "did I say the 9th? make it the 8th" is the 8th, "today,
    I mean tomorrow" is tomorrow, "friday at 3, actually 4" is Friday 16:00
    (cues: I mean, make it, actually, or rather, wait, sorry, scratch that);
  - "not X" is never the answer: "on the 11th not the 1st" is the 11th, and a
    text whose only date is ruled out reads as nothing ("not march 3rd").
Options joined by "or" are all kept: the first is the reading, the others
are When.alternatives, each borrowing the day or time it lacks from the
others ("tues or wed afternoon", "3 or 4 tomorrow").

In context (context.py; only when the conversation passes a `reference`: the day
under discussion, maybe a time on it, maybe the first and last times on offer):
  - a time without a day is on the reference day ("how about 2:30?" to Tuesday's
    offers is Tuesday 2:30; "make it 2 instead" keeps the proposal's day);
  - a day without a time keeps the reference time ("oops, I meant tuesday");
  - "same time" is the reference time, on the day named, else on the reference day
    or the day a week/day after it ("same time next week", "monday, same time");
  - "the day after" / "next day" is the reference day + 1, "the week after" / "a
    week later" / "same day next week" + 7, with the time given or the reference time;
  - "an hour later", "30 min earlier", "push it back an hour", "bring it forward
    half an hour" shift the reference time ("in an hour" stays from now);
  - "earlier" is before the reference time (before the first offer when only
    offers are under discussion) that day, a "before" bound; "later", "a bit
    later", "push it back" after it (after the last offer), an "after" bound;
  - "sooner" / "anything earlier" is any time from now until the reference;
  - with two days and "can't make it" / "won't make it" / "already have", the
    first day is set aside ("won't make it tomorrow, does monday work" is Monday;
    "I already have monday, can I also get wednesday at 10" is Wednesday 10).
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
