"""Alembic runner: each service migrates its own schema and keeps its version table there."""
import pathlib

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


def alembic_config(script_location: pathlib.Path, schema: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["schema"] = schema
    return config


async def upgrade(engine: AsyncEngine, script_location: pathlib.Path, schema: str, revision: str = "head") -> None:
    config = alembic_config(script_location, schema)
    async with engine.begin() as connection:
        exists = await connection.scalar(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema})
        if not exists:  # usually made by provisioning, owned by the service's role
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        # Several replicas may start at once; the first migrates, the others then find nothing to do.
        await connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:s))"), {"s": f"migrate:{schema}"})
        config.attributes["connection"] = connection
        await connection.run_sync(lambda sync: _run(config, sync, revision))


def _run(config: Config, connection: Connection, revision: str) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def run_env(target_metadata: MetaData) -> None:
    """Body of a service's migrations/env.py."""
    config = context.config
    connection = config.attributes["connection"]
    schema = config.attributes["schema"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table_schema=schema,
        include_schemas=False,
    )
    with context.begin_transaction():
        context.run_migrations()


async def migrate_service(database_url: str, schema: str, script_location: pathlib.Path) -> None:
    """Brings a service's schema to its newest revision over a short-lived connection."""
    from eventcenter.services.kernel.database import create_engine

    engine = create_engine(database_url, schema, pool_size=1)
    try:
        await upgrade(engine, script_location, schema)
    finally:
        await engine.dispose()
