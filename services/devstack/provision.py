"""Creates the database and, per service, a login role that owns that service's schema."""
import asyncpg


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def ensure_database(admin_url: str, database: str) -> None:
    connection = await asyncpg.connect(_dsn(admin_url))
    try:
        if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
            await connection.execute(f'CREATE DATABASE "{database}"')
    finally:
        await connection.close()


async def ensure_service_role(admin_url: str, role: str, password: str, extensions: tuple[str, ...] = ()) -> None:
    """The role may use only its own schema: other services' data is out of its reach. Extensions it
    needs (such as pg_trgm) are created by the administrator inside that schema."""
    connection = await asyncpg.connect(_dsn(admin_url))
    try:
        if not await connection.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
            quoted = password.replace("'", "''")
            await connection.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{quoted}'")
        await connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{role}" AUTHORIZATION "{role}"')
        await connection.execute(f'REVOKE ALL ON SCHEMA public FROM "{role}"')
        for extension in extensions:
            await connection.execute(f'CREATE EXTENSION IF NOT EXISTS "{extension}" SCHEMA "{role}"')
    finally:
        await connection.close()
