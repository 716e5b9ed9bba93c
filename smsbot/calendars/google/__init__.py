"""All Google Calendar code: the calendar provider (`provider.GoogleCalendars`), the API
client inside a time budget, credentials and the owner's OAuth connection, events, two-way
sync, push channels, orphan clean-up, the status report and the provider's tables."""
