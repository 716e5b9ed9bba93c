"""Requests beyond one open day: a day the business is closed for a holiday is answered
with why and the next open day's times ("We're closed on Thanksgiving Day, Thursday,
Nov 26"); "tues or wed afternoon" is offered times on each day asked for."""
from __future__ import annotations

from datetime import datetime, timedelta

from smsbot.clock import next_midnight, start_of_day
from smsbot.dialog import replies as r
from smsbot.dialog.requests import OFFERS, POINT_GRAINS, spread
from smsbot.timeparse import When

MOST_OFFERS = 4  # two days of two times; still one SMS and four keys on a call


class AskedDaysHandler:
    """Mixed into Dialog: needs RequestHandler's availability(), window(), offer() and
    offer_or_give_up(), and self.scheduler, self.now, self.tz."""

    def holiday_reply(self, asked: datetime, point: bool) -> list[r.Reply] | None:
        """None unless the business is closed on the day of `asked` for a holiday. `point`:
        a time was asked for, so the next open day's times nearest that time come first."""
        day = asked.astimezone(self.tz)
        name = self.scheduler.rules.holiday_on(day.date())
        if name is None:
            return None
        slots = self.next_open_day(day)
        if point:
            wanted = day.time()
            slots = sorted(slots, key=lambda s: abs((s.hour - wanted.hour) * 60 + s.minute - wanted.minute))
            chosen = sorted(slots[:3])
        else:
            chosen = spread(slots)
        return self.offer_or_give_up(chosen, "holiday", day, holiday=name)

    def next_open_day(self, after: datetime) -> list[datetime]:
        """Every free time of the first day after `after` that has one, within the horizon."""
        availability = self.availability()
        last = self.now + self.scheduler.rules.horizon
        day = start_of_day(after.date() + timedelta(days=1), self.tz)
        while day <= last:
            slots = availability.free_between(day, next_midnight(day, self.tz), limit=200)
            if slots:
                return slots
            day = start_of_day(day.date() + timedelta(days=1), self.tz)
        return []

    def alternatives_reply(self, when: When, pick: str | None) -> list[r.Reply] | None:
        """Free times on each option of 'tues or wed afternoon' (or '3 or 4 tomorrow'), shared
        out among the options that have any; None when none has."""
        availability = self.availability()
        found = []
        for option in (when, *when.alternatives):
            if option.grain in POINT_GRAINS and not option.bound:
                start = option.start.astimezone(self.tz)
                found.append([start] if availability.problem_with(start) is None else [])
            else:
                found.append(availability.free_between(*self.window(option), limit=200))
        found = [slots for slots in found if slots]
        if not found:
            return None
        each = -(-OFFERS // len(found))  # 3 on one day, 2 on each of two, 1 on each of three
        chosen = set()
        for slots in found:
            chosen.update(slots[:each] if pick == "first" else slots[-each:] if pick == "last" else spread(slots, each))
        return self.offer(sorted(chosen)[:MOST_OFFERS], "day")
