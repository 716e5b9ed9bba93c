"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL,
and upgrading an up-to-date database changes nothing."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import DateTime, create_engine, inspect, text

from smsbot.store.migrate import alembic_config, upgrade
from smsbot.store.models import Base, UTCDateTime

TABLES = {"appointments", "appointment_cells", "busy_blocks", "conversations",
          "inbound_messages", "opt_outs"}


@pytest.fixture(params=["sqlite_file", "postgres"])
def empty_url(request):
    return request.getfixturevalue(f"{request.param}_url")


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _is_datetime_decorator_noise(diff) -> bool:
    """("modify_type", schema, table, column, info, DateTime(), UTCDateTime()): the
    database can only ever report the implementation type of a TypeDecorator."""
    if not isinstance(diff, tuple) or diff[0] != "modify_type":
        return False
    reflected, declared = diff[-2], diff[-1]
    return isinstance(reflected, DateTime) and isinstance(declared, UTCDateTime)


def schema_differences(url: str) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True})
            diffs = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    flat = [d for group in diffs for d in (group if isinstance(group, list) else [group])]
    return [d for d in flat if not _is_datetime_decorator_noise(d)]


def snapshot(url: str) -> dict:
    """Tables, columns, indexes, keys and the stamped revision: what a re-run must not change."""
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        shape = {
            table: (
                [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
                sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)),
                inspector.get_pk_constraint(table)["constrained_columns"],
                sorted(tuple(fk["constrained_columns"]) for fk in inspector.get_foreign_keys(table)),
            )
            for table in sorted(inspector.get_table_names())
        }
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    finally:
        engine.dispose()
    return {"tables": shape, "versions": versions}


def test_upgrade_builds_every_table_and_stamps_head(empty_url):
    upgrade(empty_url)

    shot = snapshot(empty_url)
    assert TABLES <= set(shot["tables"])  # the core tables, whatever later revisions add
    assert set(shot["tables"]) == set(Base.metadata.tables) | {"alembic_version"}
    assert shot["versions"] == [head_revision()]


def test_migrated_schema_matches_the_models(empty_url):
    upgrade(empty_url)

    assert schema_differences(empty_url) == []


def test_upgrade_twice_is_idempotent(empty_url):
    upgrade(empty_url)
    first = snapshot(empty_url)

    upgrade(empty_url)

    assert snapshot(empty_url) == first
    assert first["versions"] == [head_revision()]
    assert schema_differences(empty_url) == []


def test_comparison_would_notice_a_missing_table(empty_url):
    """The comparison is not vacuous: a schema short of one table is reported."""
    upgrade(empty_url)
    engine = create_engine(empty_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE opt_outs"))
    finally:
        engine.dispose()

    diffs = schema_differences(empty_url)
    assert [(d[0], d[1].name) for d in diffs] == [("add_table", "opt_outs")]


def test_migrated_primary_keys_match_the_models(empty_url):
    """compare_metadata does not look at primary keys; the idempotency key lives in one."""
    upgrade(empty_url)
    engine = create_engine(empty_url)
    try:
        inspector = inspect(engine)
        reflected = {name: inspector.get_pk_constraint(name)["constrained_columns"]
                     for name in Base.metadata.tables}
    finally:
        engine.dispose()

    assert reflected == {name: [c.name for c in table.primary_key.columns]
                         for name, table in Base.metadata.tables.items()}
    assert reflected["inbound_messages"] == ["sid", "phone"]


def test_keying_inbound_messages_on_the_phone_keeps_the_messages_already_processed(empty_url):
    upgrade(empty_url, "0004")
    row = "(sid, phone, reply, received_at) VALUES (:sid, :phone, '[]', '2026-03-04 10:00:00')"
    engine = create_engine(empty_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"INSERT INTO inbound_messages {row}"),
                               {"sid": "SM1", "phone": "+15551230001"})
        upgrade(empty_url)
        with engine.begin() as connection:
            connection.execute(text(f"INSERT INTO inbound_messages {row}"),
                               {"sid": "SM1", "phone": "+15551230002"})
            kept = connection.execute(text("SELECT sid, phone FROM inbound_messages ORDER BY phone")).all()
    finally:
        engine.dispose()

    assert [tuple(r) for r in kept] == [("SM1", "+15551230001"), ("SM1", "+15551230002")]
