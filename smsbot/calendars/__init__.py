"""Calendar providers behind one small interface (`base.py`): the local calendar, Google, Calendly.

The Google and Calendly providers' tables belong to the app's schema whichever provider runs (migrations
create them everywhere), so importing the package registers them with the metadata."""
from smsbot.calendars.google import models as _google_tables  # noqa: F401
from smsbot.calendars.calendly import models as _calendly_tables  # noqa: F401
