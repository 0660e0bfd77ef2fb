"""The migrated registration schema is exactly what the code declares, and migrating again is harmless."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from eventcenter.services.registration.adapters.tables import metadata
from eventcenter.services.registration.bootstrap import migrate


async def test_migrated_schema_matches_the_declared_tables(registration, registration_settings):
    await migrate(registration_settings)  # a second run (another replica starting) finds nothing to do

    def differences(connection):
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            "include_name": lambda name, kind, parent: kind != "table" or name in metadata.tables,
        })
        return compare_metadata(context, metadata)

    async with registration.engine.connect() as connection:
        assert await connection.run_sync(differences) == []
