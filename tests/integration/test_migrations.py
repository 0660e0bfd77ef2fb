"""Each migrated schema is exactly what the code declares, and migrating again is harmless."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from eventcenter.services.collaboration import bootstrap as collaboration_bootstrap
from eventcenter.services.collaboration.adapters import tables as collaboration_tables
from eventcenter.services.registration import bootstrap as registration_bootstrap
from eventcenter.services.registration.adapters import tables as registration_tables


def _differences(metadata):
    def differences(connection):
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            "include_name": lambda name, kind, parent: kind != "table" or name in metadata.tables,
        })
        return compare_metadata(context, metadata)
    return differences


async def _check(service, bootstrap, metadata):
    await bootstrap.migrate(service.settings)  # a second run (another replica starting) finds nothing to do
    async with service.engine.connect() as connection:
        assert await connection.run_sync(_differences(metadata)) == []


async def test_migrated_registration_schema_matches_its_tables(registration):
    await _check(registration, registration_bootstrap, registration_tables.metadata)


async def test_migrated_collaboration_schema_matches_its_tables(collaboration):
    await _check(collaboration, collaboration_bootstrap, collaboration_tables.metadata)


async def test_migrated_notifications_schema_matches_its_tables(notifications):
    from eventcenter.services.notifications import bootstrap as notifications_bootstrap
    from eventcenter.services.notifications.adapters import tables as notifications_tables

    await _check(notifications, notifications_bootstrap, notifications_tables.metadata)


async def test_migrated_invitations_schema_matches_its_tables(invitations):
    from eventcenter.services.invitations import bootstrap as invitations_bootstrap
    from eventcenter.services.invitations.adapters import tables as invitations_tables

    await _check(invitations, invitations_bootstrap, invitations_tables.metadata)


async def test_migrated_contributions_schema_matches_its_tables(contributions):
    from eventcenter.services.contributions import bootstrap as contributions_bootstrap
    from eventcenter.services.contributions.adapters import tables as contributions_tables

    await _check(contributions, contributions_bootstrap, contributions_tables.metadata)
