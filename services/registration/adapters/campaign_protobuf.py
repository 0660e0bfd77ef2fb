"""Mapping between campaign and program rows, domain values and their protobuf messages."""
from sqlalchemy import Row

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.registration.domain import wiki_names
from eventcenter.services.registration.domain.campaigns import PlanFields


def fields_from_message(message: pb.Campaign | pb.Program) -> PlanFields:
    return PlanFields(message.name, message.description, message.start_date, message.end_date).normalized()


def usernames_from_message(message: pb.Campaign | pb.Program) -> list[str]:
    return [wiki_names.user_name(n) for n in message.coordinator_usernames if n.strip()]


def _coordinators(rows: list[Row]) -> list[pb.Coordinator]:
    return [pb.Coordinator(user_id=r.user_id, user_name=r.name) for r in rows]


def campaign_message(row: Row, coordinators: list[Row], program_count: int) -> pb.Campaign:
    return pb.Campaign(
        id=row.id, name=row.name, description=row.description, start_date=row.start_date.isoformat(),
        end_date=row.end_date.isoformat(), coordinators=_coordinators(coordinators),
        creator_user_id=row.creator_user_id, create_time=timestamp(row.create_time),
        update_time=timestamp(row.update_time), program_count=program_count, revision=row.revision,
    )


def program_message(row: Row, coordinators: list[Row], event_count: int) -> pb.Program:
    return pb.Program(
        id=row.id, campaign_id=row.campaign_id, name=row.name, description=row.description,
        start_date=row.start_date.isoformat(), end_date=row.end_date.isoformat(),
        coordinators=_coordinators(coordinators), creator_user_id=row.creator_user_id,
        create_time=timestamp(row.create_time), update_time=timestamp(row.update_time), event_count=event_count,
        revision=row.revision,
    )
