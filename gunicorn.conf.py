"""Read by `gunicorn wsgi:app` run from this folder (`smsbot serve` needs none of it)."""


def on_starting(_server) -> None:
    # Check the settings once, in the arbiter, before any worker starts: a bad one stops
    # gunicorn with its line and status 2, where a failing worker would be restarted forever.
    from smsbot.config import load_settings_or_exit

    load_settings_or_exit()
