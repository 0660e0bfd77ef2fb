"""Async SQLAlchemy on asyncpg: one engine per service, confined to the service's own schema."""
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def create_engine(url: str, schema: str, pool_size: int = 10, **server_settings: str) -> AsyncEngine:
    """`server_settings` are PostgreSQL settings for every connection of the pool.

    No ping before each checkout (a round trip per transaction): after the server restarts, the first statement
    on a stale connection fails, the pool drops all its connections, and the caller's retry (or the next
    request) gets fresh ones."""
    return create_async_engine(
        url,
        pool_pre_ping=False,
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args={"server_settings": {"search_path": schema, "application_name": f"eventcenter-{schema}",
                                          **server_settings}},
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
