"""Every reading rule, each row checked at every reference time in expect.NOWS."""
from __future__ import annotations

import pytest

from smsbot.timeparse import parse_when

from .expect import (
    EASTER, FRI, MON, NOWS, NY, SAT, SUN, THU, TUE, WED, Elapsed, Expect, MonthWindow, after, before, coming,
    day_of_month, day_of_week, in_days, in_months, last, next_week_day, nth_coming, nth_weekday_in_month,
    nth_weekday_in, nth_weekday_of, point, rolled, rolled_window, shifted, span, this, today, upcoming, week,
    whole_day, window, yearly, Zoned,
)

BARE_HOURS = [
    ("at 3", point(rolled(15), 15)),
    ("3 o'clock", point(rolled(15), 15)),
    ("3 oclock", point(rolled(15), 15)),
    ("2:45", point(rolled(14, 45), 14, 45)),
    ("at 1", point(rolled(13), 13)),
    ("at 7", point(rolled(19), 19)),
    ("at 8", point(rolled(8), 8)),
    ("at 11", point(rolled(11), 11)),
    ("at 12", point(rolled(12), 12)),
    ("8:30", point(rolled(8, 30), 8, 30)),
    ("7:45", point(rolled(19, 45), 19, 45)),
    ("12:30", point(rolled(12, 30), 12, 30)),
    ("07:30", point(rolled(7, 30), 7, 30)),
    ("15:00", point(rolled(15), 15, grain="minute")),
    ("at 15", point(rolled(15), 15)),
    ("9am", point(rolled(9), 9)),
    ("9 am", point(rolled(9), 9)),
    ("9 a.m.", point(rolled(9), 9)),
    ("9a", point(rolled(9), 9)),
    ("3pm", point(rolled(15), 15)),
    ("3 PM", point(rolled(15), 15)),
    ("3p", point(rolled(15), 15)),
    ("3:00pm", point(rolled(15), 15, grain="minute")),
    ("3:30 pm", point(rolled(15, 30), 15, 30)),
    ("11am", point(rolled(11), 11)),
    ("7am", point(rolled(7), 7)),
    ("8pm", point(rolled(20), 20)),
    ("12pm", point(rolled(12), 12)),
    ("12am", point(rolled(0), 0)),
    ("930am", point(rolled(9, 30), 9, 30)),
    ("at 1030", point(rolled(10, 30), 10, 30)),
    ("around 3", point(rolled(15), 15)),
    ("3ish", point(rolled(15), 15)),
    ("about 4", point(rolled(16), 16)),
    ("@ 5", point(rolled(17), 17)),
    ("noon", point(rolled(12), 12)),
    ("12 noon", point(rolled(12), 12)),
    ("midday", point(rolled(12), 12)),
    ("noonish", point(rolled(12), 12)),
    ("midnight", point(in_days(1), 0)),
    ("can we do 4:15?", point(rolled(16, 15), 16, 15)),
    ("how about 3", point(rolled(15), 15)),
    ("make it 11", point(rolled(11), 11)),
    ("could we push it to 5", point(rolled(17), 17)),
    ("reschedule to 2:30", point(rolled(14, 30), 14, 30)),
]

SPOKEN = [
    ("three", point(rolled(15), 15)),
    ("three please", point(rolled(15), 15)),
    ("how about eleven?", point(rolled(11), 11)),
    ("three pm", point(rolled(15), 15)),
    ("at three", point(rolled(15), 15)),
    ("three o'clock", point(rolled(15), 15)),
    ("half past two", point(rolled(14, 30), 14, 30)),
    ("half past 10", point(rolled(10, 30), 10, 30)),
    ("quarter past 10", point(rolled(10, 15), 10, 15)),
    ("quarter past four", point(rolled(16, 15), 16, 15)),
    ("quarter to 3", point(rolled(14, 45), 14, 45)),
    ("quarter of 3", point(rolled(14, 45), 14, 45)),
    ("quarter after 3", point(rolled(15, 15), 15, 15)),
    ("20 past 4", point(rolled(16, 20), 16, 20)),
    ("twenty past four", point(rolled(16, 20), 16, 20)),
    ("10 minutes to 3", point(rolled(14, 50), 14, 50)),
    ("two thirty", point(rolled(14, 30), 14, 30)),
    ("ten fifteen", point(rolled(10, 15), 10, 15)),
    ("three forty-five pm", point(rolled(15, 45), 15, 45)),
    ("2 in the afternoon", point(rolled(14), 14)),
    ("10 in the morning", point(rolled(10), 10)),
    ("7 in the morning", point(rolled(7), 7)),
    ("8 in the evening", point(rolled(20), 20)),
    ("9 at night", point(rolled(21), 21)),
    ("tomorrow at three", point(in_days(1), 15)),
    ("three tomorrow", point(in_days(1), 15)),
    ("tomorrow at one", point(in_days(1), 13)),
    ("six thirty tomorrow", point(in_days(1), 18, 30)),
]

RELATIVE_DAYS = [
    ("today", whole_day(today)),
    ("tomorrow", whole_day(in_days(1))),
    ("tmrw", whole_day(in_days(1))),
    ("tmr", whole_day(in_days(1))),
    ("2moro", whole_day(in_days(1))),
    ("2morrow", whole_day(in_days(1))),
    ("tomorow", whole_day(in_days(1))),
    ("tommorow", whole_day(in_days(1))),
    ("TOMORROW", whole_day(in_days(1))),
    ("yesterday", whole_day(in_days(-1))),
    ("day after tomorrow", whole_day(in_days(2))),
    ("the day after tomorrow", whole_day(in_days(2))),
    ("day after tmrw at 11", point(in_days(2), 11)),
    ("in 3 days", whole_day(in_days(3))),
    ("in three days", whole_day(in_days(3))),
    ("in a week", whole_day(in_days(7))),
    ("in 2 weeks", whole_day(in_days(14))),
    ("3 days from now", whole_day(in_days(3))),
    ("2 days from today", whole_day(in_days(2))),
    ("in 3 days at 4", point(in_days(3), 16)),
    ("3 days ago", whole_day(in_days(-3))),
    ("a week from today", whole_day(in_days(7))),
    ("a week from tomorrow", whole_day(in_days(8))),
    ("one week from today", whole_day(in_days(7))),
    ("today at 5", point(today, 17)),
    ("today 9am", point(today, 9)),
    ("later today", whole_day(today)),
    ("tomorrow at 3", point(in_days(1), 15)),
    ("tomorrow 3", point(in_days(1), 15)),
    ("3 tomorrow", point(in_days(1), 15)),
    ("tomorrow 9", point(in_days(1), 9)),
    ("9 tomorrow", point(in_days(1), 9)),
    ("tomorrow 8:30", point(in_days(1), 8, 30)),
    ("7 pm tomorrow", point(in_days(1), 19)),
    ("tmrw @ 4:30", point(in_days(1), 16, 30)),
    ("Tomorrow, 4:30 PM", point(in_days(1), 16, 30)),
    ("tomorrow at noon", point(in_days(1), 12)),
    ("noon tomorrow", point(in_days(1), 12)),
    ("tomorrow at midnight", point(in_days(2), 0)),
    ("2mrw 10am", point(in_days(1), 10)),
    ("tmr 3", point(in_days(1), 15)),
    ("10 or 11 tomorrow", point(in_days(1), 10)),
    ("tomorrow lunchtime", point(in_days(1), 12)),
]

WEEKDAYS = [
    ("thursday", whole_day(coming(THU))),
    ("thu", whole_day(coming(THU))),
    ("thurs", whole_day(coming(THU))),
    ("thur", whole_day(coming(THU))),
    ("tues", whole_day(coming(TUE))),
    ("tue", whole_day(coming(TUE))),
    ("wed", whole_day(coming(WED))),
    ("weds", whole_day(coming(WED))),
    ("mon", whole_day(coming(MON))),
    ("fri", whole_day(coming(FRI))),
    ("sat", whole_day(coming(SAT))),
    ("sun", whole_day(coming(SUN))),
    ("Friday", whole_day(coming(FRI))),
    ("FRIDAY", whole_day(coming(FRI))),
    ("firday", whole_day(coming(FRI))),
    ("wensday", whole_day(coming(WED))),
    ("wednsday", whole_day(coming(WED))),
    ("thrusday", whole_day(coming(THU))),
    ("tuseday", whole_day(coming(TUE))),
    ("satruday", whole_day(coming(SAT))),
    ("mondays", whole_day(coming(MON))),
    ("on monday", whole_day(coming(MON))),
    ("thursday at 3", point(coming(THU, (15, 0)), 15)),
    ("thursday 3", point(coming(THU, (15, 0)), 15)),
    ("thu at 3", point(coming(THU, (15, 0)), 15)),
    ("can I come in thu at 3?", point(coming(THU, (15, 0)), 15)),
    ("mon 9", point(coming(MON, (9, 0)), 9)),
    ("fri 11", point(coming(FRI, (11, 0)), 11)),
    ("tue 2", point(coming(TUE, (14, 0)), 14)),
    ("wed 10:30", point(coming(WED, (10, 30)), 10, 30)),
    ("thurs 4pm", point(coming(THU, (16, 0)), 16)),
    ("sat 10am", point(coming(SAT, (10, 0)), 10)),
    ("Wednesday 2 pm", point(coming(WED, (14, 0)), 14)),
    ("wed @ 2", point(coming(WED, (14, 0)), 14)),
    ("3 pm friday works", point(coming(FRI, (15, 0)), 15)),
    ("Friday at 10 please", point(coming(FRI, (10, 0)), 10)),
    ("friday at noon", point(coming(FRI, (12, 0)), 12)),
    ("noon on friday", point(coming(FRI, (12, 0)), 12)),
    ("frday at 9", point(coming(FRI, (9, 0)), 9)),
    ("mondy 10", point(coming(MON, (10, 0)), 10)),
    ("wendsday 3pm", point(coming(WED, (15, 0)), 15)),
    ("thrusday at 1", point(coming(THU, (13, 0)), 13)),
    ("this friday", whole_day(this(FRI))),
    ("this thurs", whole_day(this(THU))),
    ("this sunday at 2", point(this(SUN), 14)),
    ("this coming friday at 2", point(coming(FRI, (14, 0)), 14)),
    ("next friday", whole_day(next_week_day(FRI))),
    ("next monday", whole_day(next_week_day(MON))),
    ("nxt tues", whole_day(next_week_day(TUE))),
    ("next monday at 9", point(next_week_day(MON), 9)),
    ("next Tuesday at 2:30", point(next_week_day(TUE), 14, 30)),
    ("the following tuesday", whole_day(next_week_day(TUE))),
    ("friday after next", whole_day(shifted(next_week_day(FRI), 7))),
    ("last friday", whole_day(last(FRI))),
    ("a week from friday", whole_day(shifted(this(FRI), 7))),
    ("next week tuesday at 3", point(day_of_week(1, TUE), 15)),
    ("tuesday next week", whole_day(day_of_week(1, TUE))),
    ("wednesday of next week", whole_day(day_of_week(1, WED))),
]

DATES = [
    ("March 12", whole_day(upcoming(3, 12))),
    ("march 12th", whole_day(upcoming(3, 12))),
    ("Mar 12", whole_day(upcoming(3, 12))),
    ("march the 12th", whole_day(upcoming(3, 12))),
    ("12 March", whole_day(upcoming(3, 12))),
    ("12th of march", whole_day(upcoming(3, 12))),
    ("the 12th of March", whole_day(upcoming(3, 12))),
    ("3/12", whole_day(upcoming(3, 12))),
    ("12/25", whole_day(upcoming(12, 25))),
    ("25/12", whole_day(upcoming(12, 25))),
    ("Dec. 3rd", whole_day(upcoming(12, 3))),
    ("dec 3", whole_day(upcoming(12, 3))),
    ("sept 9", whole_day(upcoming(9, 9))),
    ("first of april", whole_day(upcoming(4, 1))),
    ("april first", whole_day(upcoming(4, 1))),
    ("may 5", whole_day(upcoming(5, 5))),
    ("jan 1", whole_day(upcoming(1, 1))),
    ("feb 28", whole_day(upcoming(2, 28))),
    ("febuary 14", whole_day(upcoming(2, 14))),
    ("the 12th", whole_day(day_of_month(12))),
    ("on the 20th", whole_day(day_of_month(20))),
    ("the 1st", whole_day(day_of_month(1))),
    ("the 31st", whole_day(day_of_month(31))),
    ("13th", whole_day(day_of_month(13))),
    ("the 5th at 4", point(day_of_month(5), 16)),
    ("on the 3rd at 2", point(day_of_month(3), 14)),
    ("20th at 3pm", point(day_of_month(20), 15)),
    ("is the 15th available?", whole_day(day_of_month(15))),
    ("Is 10am on the 15th available?", point(day_of_month(15), 10)),
    ("3/12 at 3", point(upcoming(3, 12), 15)),
    ("3/20 2pm", point(upcoming(3, 20), 14)),
    ("march 12 3pm", point(upcoming(3, 12), 15)),
    ("june 10 10am", point(upcoming(6, 10), 10)),
    ("March 11th @ 2", point(upcoming(3, 11), 14)),
    ("11th march 2pm", point(upcoming(3, 11), 14)),
    ("2pm on the 11th", point(day_of_month(11), 14)),
    ("friday the 13th at 2", point(day_of_month(13), 14)),
    ("how about Thursday the 12th at 10", point(day_of_month(12), 10)),
]

PARTS_OF_DAY = [
    ("morning", window(rolled_window(12), 8, 12)),
    ("afternoon", window(rolled_window(17), 12, 17)),
    ("evening", window(rolled_window(21), 17, 21)),
    ("in the afternoon", window(rolled_window(17), 12, 17)),
    ("this afternoon", window(today, 12, 17)),
    ("this morning", window(today, 8, 12)),
    ("this evening", window(today, 17, 21)),
    ("tonight", window(today, 17, 21)),
    ("tonite", window(today, 17, 21)),
    ("2nite", window(today, 17, 21)),
    ("tomorrow morning", window(in_days(1), 8, 12)),
    ("tmrw morning", window(in_days(1), 8, 12)),
    ("2morrow afternoon", window(in_days(1), 12, 17)),
    ("tomorrow afternoon", window(in_days(1), 12, 17)),
    ("tomorrow evening", window(in_days(1), 17, 21)),
    ("tomorrow night", window(in_days(1), 17, 21)),
    ("tomorrow in the morning", window(in_days(1), 8, 12)),
    ("early morning tomorrow", window(in_days(1), 8, 12)),
    ("first thing tomorrow", window(in_days(1), 8, 12)),
    ("monday morning", window(coming(MON, window_end=12), 8, 12)),
    ("friday afternoon", window(coming(FRI, window_end=17), 12, 17)),
    ("friday night", window(coming(FRI, window_end=21), 17, 21)),
    ("satruday morning", window(coming(SAT, window_end=12), 8, 12)),
    ("late afternoon friday", window(coming(FRI, window_end=17), 12, 17)),
    ("tonight at 8", point(today, 20)),
    ("tonight 7", point(today, 19)),
    ("tomorrow morning at 9", point(in_days(1), 9)),
    ("tomorrow morning at 7", point(in_days(1), 7)),
    ("tomorrow afternoon around 3", point(in_days(1), 15)),
    ("tomorrow evening 6", point(in_days(1), 18)),
    ("saturday morning 10", point(coming(SAT, (10, 0)), 10)),
    ("friday evening at 7", point(coming(FRI, (19, 0)), 19)),
    ("this afternoon at 2", point(today, 14)),
    ("monday am", window(coming(MON, window_end=12), 8, 12)),
    ("Tuesday AM please", window(coming(TUE, window_end=12), 8, 12)),
    ("tmrw pm", window(in_days(1), 12, 17)),
    ("can i come tmrw aftn", window(in_days(1), 12, 17)),
    ("wed eve", window(coming(WED, window_end=21), 17, 21)),
    ("the morning of the 12th", window(day_of_month(12), 8, 12)),
    ("the 20th in the evening", window(day_of_month(20), 17, 21)),
    ("10:30 tomorrow morning", point(in_days(1), 10, 30)),
    ("7:15 tomorrow morning", point(in_days(1), 7, 15)),
    ("7:15 tomorrow evening", point(in_days(1), 19, 15)),
    ("8 tonight", point(today, 20)),
]

SPANS_AND_BOUNDS = [
    ("between 2 and 4", span(rolled(14), (14, 0), (16, 0))),
    ("between 10 and 11am", span(rolled(10), (10, 0), (11, 0))),
    ("between 10 and 2", span(rolled(10), (10, 0), (14, 0))),
    ("between 11 and 1", span(rolled(11), (11, 0), (13, 0))),
    ("between 2:30 and 4", span(rolled(14, 30), (14, 30), (16, 0), "minute")),
    ("btwn 1 and 3", span(rolled(13), (13, 0), (15, 0))),
    ("from 9 to 11", span(rolled(9), (9, 0), (11, 0))),
    ("9-11am", span(rolled(9), (9, 0), (11, 0))),
    ("10am-12pm", span(rolled(10), (10, 0), (12, 0))),
    ("11-1pm", span(rolled(11), (11, 0), (13, 0))),
    ("2-4pm", span(rolled(14), (14, 0), (16, 0))),
    ("between 10 and noon", span(rolled(10), (10, 0), (12, 0))),
    ("tomorrow 2-4", span(in_days(1), (14, 0), (16, 0))),
    ("2-4pm tomorrow", span(in_days(1), (14, 0), (16, 0))),
    ("10 to 2 tomorrow", span(in_days(1), (10, 0), (14, 0))),
    ("between 1 and 3 on saturday", span(coming(SAT, (13, 0)), (13, 0), (15, 0))),
    ("sat between 1-3", span(coming(SAT, (13, 0)), (13, 0), (15, 0))),
    ("from 1 to 3 next tuesday", span(next_week_day(TUE), (13, 0), (15, 0))),
    ("between 2 and 4 in the afternoon", span(rolled(14), (14, 0), (16, 0))),
    ("after 3", after(rolled(15), 15)),
    ("after 3pm", after(rolled(15), 15)),
    ("after 5:30", after(rolled(17, 30), 17, 30)),
    ("anytime after 2 tomorrow", after(in_days(1), 14)),
    ("friday after 3", after(coming(FRI, (15, 0)), 15)),
    ("after 5 on friday", after(coming(FRI, (17, 0)), 17)),
    ("not before 10", after(rolled(10), 10)),
    ("no earlier than 9", after(rolled(9), 9)),
    ("after lunch", after(rolled(13), 13)),
    ("before noon", before(rolled(12), 12)),
    ("before 9am", before(rolled(9), 9)),
    ("by 5", before(rolled(17), 17)),
    ("no later than 4", before(rolled(16), 16)),
    ("before 3 friday", before(coming(FRI, (15, 0)), 15)),
    ("before 10 on monday", before(coming(MON, (10, 0)), 10)),
    ("saturday before noon", before(coming(SAT, (12, 0)), 12)),
    ("by noon tomorrow", before(in_days(1), 12)),
]

WEEKS = [
    ("next week", week(1)),
    ("nxt wk", week(1)),
    ("this week", week(0)),
    ("sometime next week", week(1)),
    ("early next week", week(1)),
    ("last week", week(-1)),
    ("the week after next", week(2)),
    ("this weekend", Expect(day_of_week(0, SAT), end_days=2)),
    ("next weekend", Expect(day_of_week(1, SAT), end_days=2)),
]

SURROUNDED = [
    ("can we do tuesday at 10", point(coming(TUE, (10, 0)), 10)),
    ("pls book me tmrw at 2 thx", point(in_days(1), 14)),
    ("reschedule to friday 11am", point(coming(FRI, (11, 0)), 11)),
    ("move my appointment to friday 11am", point(coming(FRI, (11, 0)), 11)),
    ("Good morning, can I come thursday at 3?", point(coming(THU, (15, 0)), 15)),
    ("Can I book an appointment for next Tuesday at 2:30?", point(next_week_day(TUE), 14, 30)),
    ("id like to come in tomorrow around 2ish", point(in_days(1), 14)),
    ("do you have anything at 9:30 tmrw", point(in_days(1), 9, 30)),
    ("Sorry can't make it, can we do monday instead", whole_day(coming(MON))),
    ("what about sat?", whole_day(coming(SAT))),
    ("any time tuesday", whole_day(coming(TUE))),
    ("change it to wednesday", whole_day(coming(WED))),
    ("I have three kids tomorrow", whole_day(in_days(1))),
    ("book me for 3 tomorrow please", point(in_days(1), 15)),
    ("Hi! Is there any chance I could get in on Thursday around 4?", point(coming(THU, (16, 0)), 16)),
    ("cancel my appointment tomorrow", whole_day(in_days(1))),
]

NEGATED = [
    ("I can't do thursday, how about friday at 3", point(coming(FRI, (15, 0)), 15)),
    ("not thursday, friday", whole_day(coming(FRI))),
    ("thursday doesnt work, friday?", whole_day(coming(FRI))),
    ("friday instead of thursday", whole_day(coming(FRI))),
    ("Can I come at 10 instead of 2?", point(rolled(10), 10)),
    ("no, tomorrow at 3", point(in_days(1), 15)),
    ("Can I come tomorrow? If not, friday", whole_day(in_days(1))),
    ("not sure if tomorrow works", whole_day(in_days(1))),
]

MOVES = [
    ("move my 3pm tomorrow to friday at 4", point(coming(FRI, (16, 0)), 16)),
    ("can we move it from thursday to friday", whole_day(coming(FRI))),
    ("reschedule my 2pm to 4", point(rolled(16), 16)),
    ("change thursday 3pm to friday", point(coming(FRI, (15, 0)), 15)),
    ("move tomorrow to 4", point(in_days(1), 16)),
    ("move it to 2-4 tomorrow", span(in_days(1), (14, 0), (16, 0))),
    ("reschedule to between 2 and 4 tomorrow", span(in_days(1), (14, 0), (16, 0))),
]

MORE_REAL_TEXTS = [
    ("Hey can I get a haircut on Saturday at 10?", point(coming(SAT, (10, 0)), 10)),
    ("need to move my appt to next tues pm", window(next_week_day(TUE), 12, 17)),
    ("I'm available Thursday between 2 and 5", span(coming(THU, (14, 0)), (14, 0), (17, 0))),
    ("Thursday between 2-5pm works", span(coming(THU, (14, 0)), (14, 0), (17, 0))),
    ("What about Friday 4:30?", point(coming(FRI, (16, 30)), 16, 30)),
    ("Could you fit me in at 1:45 tomorrow?", point(in_days(1), 13, 45)),
    ("I'd prefer the morning of Monday", window(coming(MON, window_end=12), 8, 12)),
    ("Wed 3/11 at 10am", point(upcoming(3, 11), 10)),
    ("Sat 3/7 11:30", point(upcoming(3, 7), 11, 30)),
    ("I'll take the 2:30 slot", point(rolled(14, 30), 14, 30)),
    ("4 on thursday", point(coming(THU, (16, 0)), 16)),
    ("Thurs 4ish", point(coming(THU, (16, 0)), 16)),
    ("any time after 10 am on saturday", after(coming(SAT, (10, 0)), 10)),
    ("anytime Saturday morning", window(coming(SAT, window_end=12), 8, 12)),
    ("I want to reschedule for Tuesday next week at 3", point(day_of_week(1, TUE), 15)),
    ("could we do a week from today at 2", point(in_days(7), 14)),
    ("a week from tuesday at 10", point(shifted(this(TUE), 7), 10)),
    ("two weeks from today", whole_day(in_days(14))),
    ("six pm thursday", point(coming(THU, (18, 0)), 18)),
    ("at six thirty on friday", point(coming(FRI, (18, 30)), 18, 30)),
    ("quarter to five on monday", point(coming(MON, (16, 45)), 16, 45)),
    ("between 9 and 10 tomorrow morning", span(in_days(1), (9, 0), (10, 0))),
    ("tomorrow from 9-10", span(in_days(1), (9, 0), (10, 0))),
    ("friday between 3 & 5", span(coming(FRI, (15, 0)), (15, 0), (17, 0))),
    ("tues before 12", before(coming(TUE, (12, 0)), 12)),
    ("next sat at 9", point(next_week_day(SAT), 9)),
    ("this sat at 9", point(this(SAT), 9)),
    ("9am on march 14", point(upcoming(3, 14), 9)),
    ("friday lunchtime", point(coming(FRI, (12, 0)), 12)),
    ("tomorrow 1", point(in_days(1), 13)),
    ("tomorrow 7:15", point(in_days(1), 19, 15)),
    ("the coming weekend", Expect(day_of_week(0, SAT), end_days=2)),
    ("the coming week", week(1)),
]

# Issue 12: what customers write beyond the common shapes.
COUNTS_BESIDE_A_TIME = [
    ("I'd like one for friday at 4 pm", point(coming(FRI, (16, 0)), 16)),
    ("I'd like one for friday", whole_day(coming(FRI))),
    ("can we do 2 for tomorrow at 3pm", point(in_days(1), 15)),
    ("table for 2 tomorrow at 6:30", point(in_days(1), 18, 30)),
    ("3 of us at 5 tomorrow", point(in_days(1), 17)),
    ("two of us thursday at 11am", point(coming(THU, (11, 0)), 11)),
    ("one for the 12th at 10am", point(day_of_month(12), 10)),
    ("id like two at 4pm on monday", point(coming(MON, (16, 0)), 16)),
]

# "one" after a day and a determiner is that day's appointment, not 1 o'clock (naming one of several).
A_DAYS_ONE = [
    ("the tuesday one", whole_day(coming(TUE))),
    ("cancel my friday one please", whole_day(coming(FRI))),
    ("the tuesday one at 3", point(coming(TUE, (15, 0)), 15)),
    ("tuesday one", point(coming(TUE, (13, 0)), 13)),
]

HOUR_WORDS_WITH_A_PART_OF_DAY = [
    ("for five in the afternoon", point(rolled(17), 17)),
    ("eleven in the morning please", point(rolled(11), 11)),
    ("seven in the morning", point(rolled(7), 7)),
    ("nine at night", point(rolled(21), 21)),
    ("friday, six in the evening", point(coming(FRI, (18, 0)), 18)),
    ("tomorrow, four in the afternoon", point(in_days(1), 16)),
]

MINUTES_APART_OR_COUNTED = [
    ("at 4 20", point(rolled(16, 20), 16, 20)),
    ("at 10 45", point(rolled(10, 45), 10, 45)),
    ("tomorrow at 2 15", point(in_days(1), 14, 15)),
    ("10 to 4", point(rolled(15, 50), 15, 50)),
    ("ten to four", point(rolled(15, 50), 15, 50)),
    ("20 to 4", point(rolled(15, 40), 15, 40)),
    ("25 to 3 on friday", point(coming(FRI, (14, 35)), 14, 35)),
    ("at 10 to 11", point(rolled(10, 50), 10, 50)),
    ("5 of 6", point(rolled(17, 55), 17, 55)),
    ("5 to 7 tomorrow", span(in_days(1), (17, 0), (19, 0))),
    ("from 10 to 4 tomorrow", span(in_days(1), (10, 0), (16, 0))),
    ("25 past 3", point(rolled(15, 25), 15, 25)),
    ("half 3", point(rolled(15, 30), 15, 30)),
    ("half ten tomorrow", point(in_days(1), 10, 30)),
]

WRITTEN_TIME_BEATS_A_MEAL = [
    ("lunch around 12:45", point(rolled(12, 45), 12, 45)),
    ("lunch tomorrow, 1:15 ok?", point(in_days(1), 13, 15)),
    ("after lunch, say 1:30", point(rolled(13, 30), 13, 30)),
    ("morning, 11:30 if possible", point(rolled(11, 30), 11, 30)),
    ("tomorrow evening around 6:15", point(in_days(1), 18, 15)),
    ("friday lunch at 12:30", point(coming(FRI, (12, 30)), 12, 30)),
]

TIME_FORMS = [
    ("18:00 hours", point(rolled(18), 18, grain="minute")),
    ("0900 hours", point(rolled(9), 9, grain="minute")),
    ("10:30 am April 10th", point(upcoming(4, 10), 10, 30)),
    ("3pm march 20th", point(upcoming(3, 20), 15)),
    ("3 in the AM", point(rolled(3), 3)),
    ("5 in the pm", point(rolled(17), 17)),
]

DATE_FORMS = [
    ("4-15", whole_day(upcoming(4, 15))),
    ("4 / 15", whole_day(upcoming(4, 15))),
    ("15-4", whole_day(upcoming(4, 15))),
    ("12-25 at 10am", point(upcoming(12, 25), 10)),
    ("on the first", whole_day(day_of_month(1))),
    ("on the third at 2", point(day_of_month(3), 14)),
    ("on the twentieth", whole_day(day_of_month(20))),
    ("15h30", point(rolled(15, 30), 15, 30)),
    ("tomorrow at 9h15", point(in_days(1), 9, 15)),
    ("mid-day", point(rolled(12), 12)),
    ("mid-day friday", point(coming(FRI, (12, 0)), 12)),
]

BOUNDS_AS_WINDOWS = [
    ("I can't come until 4:30", after(rolled(16, 30), 16, 30)),
    ("busy till 2 tomorrow", after(in_days(1), 14)),
    ("I work until 5 on friday", after(coming(FRI, (17, 0)), 17)),
    ("not until 5", after(rolled(17), 17)),
    ("won't be free before 3", after(rolled(15), 15)),
    ("by 6", before(rolled(18), 18)),
    ("tomorrow by 6pm", before(in_days(1), 18)),
]

RELATIVE_OFFSETS = [
    ("in 1/2 hour", Elapsed(30)),
    ("in 2.5 hours", Elapsed(150)),
    ("1.5 hours from now", Elapsed(90)),
    ("in a few hours", Elapsed(180)),
    ("in a quarter of an hour", Elapsed(15)),
    ("in three quarters of an hour", Elapsed(45)),
    ("3 fridays from now", whole_day(nth_coming(FRI, 3))),
    ("2 mondays from now at 10", point(nth_coming(MON, 2), 10)),
    ("in a few days", whole_day(in_days(3))),
    ("in a month", whole_day(in_months(1))),
    ("2 months from now", whole_day(in_months(2))),
    ("next month", MonthWindow(1)),
    ("sometime next month", MonthWindow(1)),
    ("this month", MonthWindow(0)),
]

WEEKDAYS_OF_A_MONTH = [
    ("first tuesday of october", whole_day(nth_weekday_of(10, TUE, 1))),
    ("the 2nd monday in november", whole_day(nth_weekday_of(11, MON, 2))),
    ("last friday of the month", whole_day(nth_weekday_in_month(FRI, -1))),
    ("third thursday of next month", whole_day(nth_weekday_in_month(THU, 3, 1))),
    ("first monday of the month at 10", point(nth_weekday_in_month(MON, 1), 10)),
    ("last sunday of march at 2", point(nth_weekday_of(3, SUN, -1), 14)),
    ("first sunday in november at 1:30am", point(nth_weekday_of(11, SUN, 1), 1, 30)),
    ("second sunday of march at 2:30am", point(nth_weekday_of(3, SUN, 2), 2, 30)),
]

HOLIDAYS = [
    ("christmas", whole_day(upcoming(12, 25))),
    ("xmas", whole_day(upcoming(12, 25))),
    ("christmas day at 10", point(upcoming(12, 25), 10)),
    ("christmas eve", whole_day(upcoming(12, 24))),
    ("xmas eve", whole_day(upcoming(12, 24))),
    ("xmas eve at 10am", point(upcoming(12, 24), 10)),
    ("new years eve", whole_day(upcoming(12, 31))),
    ("new year's day", whole_day(upcoming(1, 1))),
    ("thanksgiving", whole_day(yearly(nth_weekday_in(11, THU, 4)))),
    ("the day after thanksgiving", whole_day(yearly(nth_weekday_in(11, THU, 4), 1))),
    ("day before thanksgiving at 2", point(yearly(nth_weekday_in(11, THU, 4), -1), 14)),
    ("black friday", whole_day(yearly(nth_weekday_in(11, THU, 4), 1))),
    ("memorial day at 3", point(yearly(nth_weekday_in(5, MON, -1)), 15)),
    ("labor day", whole_day(yearly(nth_weekday_in(9, MON, 1)))),
    ("good friday", whole_day(yearly(EASTER.__getitem__, -2))),
    ("halloween", whole_day(upcoming(10, 31))),
]

LA, CHICAGO, LONDON = "America/Los_Angeles", "America/Chicago", "Europe/London"
NAMED_ZONES = [
    ("3pm PST", Zoned(LA, 15)),
    ("3pm PDT", Zoned(LA, 15)),
    ("2 central", Zoned(CHICAGO, 14)),
    ("3pm eastern", Zoned("America/New_York", 15)),
    ("10am pacific time", Zoned(LA, 10)),
    ("4:30 GMT", Zoned(LONDON, 16, 30)),
    ("15:00 UK time", Zoned(LONDON, 15, grain="minute")),
    ("tomorrow at 9am CST", Zoned(CHICAGO, 9, day=in_days(1))),
    ("3/20 at 9am PST", Zoned(LA, 9, day=upcoming(3, 20))),
]

CORRECTIONS = [
    ("did I say the 9th? make it the 8th", whole_day(day_of_month(8))),
    ("on the 11th not the 1st", whole_day(day_of_month(11))),
    ("the 20th, not the 21st", whole_day(day_of_month(20))),
    ("today, I mean tomorrow", whole_day(in_days(1))),
    ("friday at 3, actually 4", point(coming(FRI, (16, 0)), 16)),
    ("tuesday, sorry, wednesday at 10", point(coming(WED, (10, 0)), 10)),
    ("3pm tomorrow, or rather 4pm", point(in_days(1), 16)),
    ("thursday not friday", whole_day(coming(THU))),
    ("monday at 9 wait no make it 10", point(coming(MON, (10, 0)), 10)),
]

# The main reading; test_alternatives checks the others.
ALTERNATIVES = [
    ("tues or wed afternoon", [window(coming(TUE, window_end=17), 12, 17), window(coming(WED, window_end=17), 12, 17)]),
    ("3 or 4 tomorrow", [point(in_days(1), 15), point(in_days(1), 16)]),
    ("friday at 2 or monday at 10", [point(coming(FRI, (14, 0)), 14), point(coming(MON, (10, 0)), 10)]),
    ("either saturday or sunday morning",
     [window(coming(SAT, window_end=12), 8, 12), window(coming(SUN, window_end=12), 8, 12)]),
    ("tomorrow at 3 or 4:30", [point(in_days(1), 15), point(in_days(1), 16, 30)]),
]

WIDER = (COUNTS_BESIDE_A_TIME + A_DAYS_ONE + HOUR_WORDS_WITH_A_PART_OF_DAY + MINUTES_APART_OR_COUNTED
         + WRITTEN_TIME_BEATS_A_MEAL + TIME_FORMS + DATE_FORMS + BOUNDS_AS_WINDOWS + RELATIVE_OFFSETS
         + WEEKDAYS_OF_A_MONTH + HOLIDAYS + NAMED_ZONES + CORRECTIONS
         + [(text, expected[0]) for text, expected in ALTERNATIVES])

TABLE = (NEGATED + MOVES + MORE_REAL_TEXTS + BARE_HOURS + SPOKEN + RELATIVE_DAYS + WEEKDAYS + DATES
         + PARTS_OF_DAY + SPANS_AND_BOUNDS + WEEKS + SURROUNDED + WIDER)


@pytest.mark.parametrize("now_name", list(NOWS))
@pytest.mark.parametrize("text, expected", TABLE, ids=[row[0] for row in TABLE])
def test_reading(text, expected, now_name):
    now = NOWS[now_name]
    assert parse_when(text, now, NY).to_json() == expected.json_for(now)


@pytest.mark.parametrize("text, expected", TABLE[:40], ids=[row[0] for row in TABLE[:40]])
def test_case_and_filler_do_not_matter(text, expected):
    now = NOWS["fri-afternoon"]
    wanted = expected.json_for(now)
    assert parse_when(text.upper(), now, NY).to_json() == wanted
    assert parse_when(f"hey, {text} ok? thx", now, NY).to_json() == wanted


@pytest.mark.parametrize("now_name", list(NOWS))
@pytest.mark.parametrize("text, expected", ALTERNATIVES, ids=[row[0] for row in ALTERNATIVES])
def test_alternatives(text, expected, now_name):
    now = NOWS[now_name]
    found = parse_when(text, now, NY)
    readings = [found.to_json()] + [other.to_json() for other in found.alternatives]
    assert readings == [option.json_for(now) for option in expected]


@pytest.mark.parametrize("now_name", ["wed-contract", "sat-before-fall-dst", "new-years-eve"])
def test_holidays_follow_the_country_given(now_name):
    now = NOWS[now_name]
    canadian_thanksgiving = whole_day(yearly(nth_weekday_in(10, MON, 2))).json_for(now)
    assert parse_when("thanksgiving", now, NY, holidays=("CA", "ON")).to_json() == canadian_thanksgiving
    assert parse_when("boxing day", now, NY, holidays=("GB", None)).to_json() == whole_day(upcoming(12, 26)).json_for(now)
    assert parse_when("thanksgiving", now, NY, holidays=None).start is None
    assert parse_when("christmas eve", now, NY, holidays=None).to_json() == whole_day(upcoming(12, 24)).json_for(now)
    assert parse_when("memorial day", now, NY, holidays=("US", "NY")).start is not None


@pytest.mark.parametrize("text, stated", [
    ("3pm PST", LA), ("2 central", CHICAGO), ("after 3pm eastern", "America/New_York"),
    ("between 2-4pm CST on friday", CHICAGO), ("4:30 GMT", LONDON), ("at 3", None), ("3pm central park", None),
])
def test_the_named_zone_is_reported(text, stated):
    found = parse_when(text, NOWS["wed-contract"], NY)
    assert found.stated_tz == stated
    assert found.start.tzinfo == NY
