"""Serving the app: gunicorn where available, Werkzeug's server otherwise."""
from __future__ import annotations

import logging

log = logging.getLogger("smsbot.cli.server")


def run_server(app, host: str, port: int, workers: int, threads: int = 4) -> None:
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:
        log.info("gunicorn not available: using the Werkzeug server")
        app.run(host=host, port=port, threaded=True)
        return

    bot = app.extensions["smsbot"]

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", None)
            # Each worker opens its own database connections, never the parent's.
            self.cfg.set("post_fork", lambda _server, _worker: bot.db.engine.dispose(close=False))

        def load(self):
            return app

    Server().run()
