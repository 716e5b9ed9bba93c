"""For gunicorn: `gunicorn wsgi:app` (gunicorn.conf.py beside it checks the settings first).
A bad setting stops the import with its line on stderr and status 2."""
from smsbot.logs import install_logging

install_logging()  # before anything logs: no full phone number in any line

from smsbot.app import create_app  # noqa: E402

app = create_app(migrate=True)
