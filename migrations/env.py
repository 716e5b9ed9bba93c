"""Alembic environment: the URL comes from the caller (smsbot.store.migrate) or DATABASE_URL."""
from alembic import context

from smsbot.config import load_settings
from smsbot.store.db import make_engine
from smsbot.store.models import Base
import smsbot.calendars  # noqa: F401,E402  (the Google tables join the metadata)

config = context.config
url = config.get_main_option("sqlalchemy.url") or load_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True,
                      render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=engine.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
