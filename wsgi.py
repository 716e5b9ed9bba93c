"""For gunicorn: `gunicorn wsgi:app` (gunicorn.conf.py beside it checks the settings first).
A bad setting stops the import with its line on stderr and status 2."""
from smsbot.app import create_app

app = create_app(migrate=True)
