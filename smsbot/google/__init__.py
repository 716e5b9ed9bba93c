"""Google Calendar beyond the calendar provider: two-way sync, push channels, the owner's
OAuth connection and `smsbot google status`. The provider itself is smsbot.calendars.google."""
