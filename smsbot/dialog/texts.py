"""Kept for importers not yet moved: the SMS wording lives in `smsbot.dialog.say.sms`."""
from smsbot.dialog.say.sms import *  # noqa: F401,F403
