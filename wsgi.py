"""For gunicorn: `gunicorn wsgi:app`."""
from smsbot.app import create_app

app = create_app(migrate=True)
