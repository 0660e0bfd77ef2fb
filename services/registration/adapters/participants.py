"""SQL for participants, answers and their aggregates."""
import datetime

from sqlalchemy import Row, and_, delete, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.registration.adapters.tables import answer_aggregates, answers, events, participants, users
from eventcenter.services.registration.domain.capacity import REGISTERED, WAITLISTED
from eventcenter.services.registration.domain.questions import AnswerValue
from eventcenter.services.registration.domain.retention import RETENTION

ACTIVE = participants.c.delete_time.is_(None)


def _with_names():
    return select(participants, users.c.name.label("user_name")).join(users, users.c.user_id == participants.c.user_id)


async def get(session: AsyncSession, event_id: int, user_id: int, lock: bool = False) -> Row | None:
    query = _with_names().where(participants.c.event_id == event_id, participants.c.user_id == user_id)
    if lock:
        query = query.with_for_update(of=participants)
    return (await session.execute(query)).first()


async def insert_or_reactivate(session: AsyncSession, event_id: int, user_id: int, private: bool, state: str,
                               queue_seq: int) -> Row | None:
    """Creates the registration, or brings back a cancelled one as new (fresh time and place).

    None when an active registration of this person exists already. The time is taken after the
    counter lock (clock_timestamp), so time order is arrival order."""
    values = {"private": private, "state": state, "queue_seq": queue_seq, "register_time": func.clock_timestamp()}
    statement = pg_insert(participants).values(event_id=event_id, user_id=user_id, **values)
    statement = statement.on_conflict_do_update(
        constraint="participants_event_user_key",
        set_={**values, "delete_time": None, "first_answer_time": None, "aggregation_time": None,
              "revision": participants.c.revision + 1},
        where=participants.c.delete_time.is_not(None),
    )
    return (await session.execute(statement.returning(participants))).first()


async def edit(session: AsyncSession, participant_id: int, private: bool) -> None:
    """A repeat registration that changed something (visibility, answers): the visibility, and a new revision."""
    await session.execute(update(participants).where(participants.c.id == participant_id)
                          .values(private=private, revision=participants.c.revision + 1))


async def answers_of(session: AsyncSession, participant_id: int) -> list[AnswerValue]:
    rows = await session.execute(
        select(answers).where(answers.c.participant_id == participant_id).order_by(answers.c.question_id)
    )
    return [AnswerValue(r.question_id, r.option, r.text) for r in rows]


async def answers_of_many(session: AsyncSession, participant_ids: list[int],
                          question_ids: tuple[int, ...]) -> dict[int, list[AnswerValue]]:
    """Answers to these questions, by participant (one statement for a page of participants)."""
    if not participant_ids or not question_ids:
        return {}
    rows = await session.execute(
        select(answers).where(answers.c.participant_id.in_(participant_ids), answers.c.question_id.in_(question_ids))
        .order_by(answers.c.participant_id, answers.c.question_id))
    found: dict[int, list[AnswerValue]] = {}
    for r in rows:
        found.setdefault(r.participant_id, []).append(AnswerValue(r.question_id, r.option, r.text))
    return found


async def replace_answers(session: AsyncSession, participant_id: int, values: list[AnswerValue]) -> None:
    await session.execute(delete(answers).where(answers.c.participant_id == participant_id))
    await add_answers(session, participant_id, values)


async def add_answers(session: AsyncSession, participant_id: int, values: list[AnswerValue]) -> None:
    if values:
        await session.execute(insert(answers), [
            {"participant_id": participant_id, "question_id": a.question_id, "option": a.option, "text": a.text}
            for a in values
        ])
        await session.execute(
            update(participants).where(participants.c.id == participant_id, participants.c.first_answer_time.is_(None))
            .values(first_answer_time=func.now())
        )


async def soft_delete(session: AsyncSession, participant_ids: list[int]) -> dict[int, int]:
    """Cancel or removal: the registration is kept, deleted, and its answers are gone. Returns each one's new
    revision, by participant id."""
    if not participant_ids:
        return {}
    await session.execute(delete(answers).where(answers.c.participant_id.in_(participant_ids)))
    return await _changed(session, update(participants).where(participants.c.id.in_(participant_ids))
                          .values(delete_time=func.now(), first_answer_time=None))


async def _changed(session: AsyncSession, statement) -> dict[int, int]:
    """Runs an update of participants with a new revision for each; their new revisions, by participant id."""
    rows = await session.execute(statement.values(revision=participants.c.revision + 1)
                                 .returning(participants.c.id, participants.c.revision))
    return dict(rows.all())


async def registered_page(session: AsyncSession, event_id: int, include_private: bool, name_filter: str,
                          exclude: list[int], after_id: int, limit: int) -> list[Row]:
    query = _with_names().where(participants.c.event_id == event_id, ACTIVE, participants.c.state == REGISTERED,
                                participants.c.id > after_id)
    if not include_private:
        query = query.where(participants.c.private.is_(False))
    if name_filter:
        escaped = name_filter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(users.c.name.ilike(f"%{escaped}%", escape="\\"))
    if exclude:
        query = query.where(participants.c.user_id.not_in(exclude))
    return list((await session.execute(query.order_by(participants.c.id).limit(limit))).all())


async def waiting(session: AsyncSession, event_id: int, limit: int | None = None) -> list[Row]:
    query = (_with_names().where(participants.c.event_id == event_id, ACTIVE, participants.c.state == WAITLISTED)
             .order_by(participants.c.queue_seq))
    if limit is not None:
        query = query.limit(limit).with_for_update(of=participants)
    return list((await session.execute(query)).all())


async def waitlist_position(session: AsyncSession, event_id: int, queue_seq: int) -> int:
    query = select(func.count()).where(participants.c.event_id == event_id, ACTIVE,
                                       participants.c.state == WAITLISTED, participants.c.queue_seq <= queue_seq)
    return (await session.execute(query)).scalar_one()


async def promote(session: AsyncSession, participant_ids: list[int]) -> dict[int, int]:
    """Their new revisions, by participant id."""
    if not participant_ids:
        return {}
    return await _changed(session, update(participants).where(participants.c.id.in_(participant_ids))
                          .values(state=REGISTERED))


async def active_for_removal(session: AsyncSession, event_id: int, user_ids: list[int] | None,
                             invert: bool) -> list[Row]:
    query = _with_names().where(participants.c.event_id == event_id, ACTIVE)
    if user_ids is not None:
        chosen = participants.c.user_id.in_(user_ids) if user_ids else literal(False)
        query = query.where(~chosen if invert else chosen)
    return list((await session.execute(query.order_by(participants.c.id).with_for_update(of=participants))).all())


async def registered_user_ids(session: AsyncSession, event_id: int, user_ids: list[int] | None,
                              invert: bool) -> list[int]:
    """Registered (not waiting) participants: everyone (None), those named, or all but those named."""
    query = select(participants.c.user_id).where(participants.c.event_id == event_id, ACTIVE,
                                                 participants.c.state == REGISTERED)
    if user_ids is not None:
        chosen = participants.c.user_id.in_(user_ids) if user_ids else literal(False)
        query = query.where(~chosen if invert else chosen)
    return list((await session.execute(query.order_by(participants.c.id))).scalars())


async def events_of_participant(session: AsyncSession, user_id: int, include_private: bool, limit: int,
                                include_deleted: bool = False) -> list[Row]:
    query = (select(events).join(participants, participants.c.event_id == events.c.id)
             .where(participants.c.user_id == user_id, ACTIVE))
    if not include_deleted:
        query = query.where(events.c.delete_time.is_(None))
    if not include_private:
        query = query.where(participants.c.private.is_(False))
    return list(
        (await session.execute(query.order_by(events.c.start_utc.desc(), events.c.id.desc()).limit(limit))).all()
    )


async def event_has_answers(session: AsyncSession, event_id: int) -> bool:
    live = select(literal(1)).select_from(answers.join(participants, participants.c.id == answers.c.participant_id)) \
        .where(participants.c.event_id == event_id).limit(1)
    kept = select(literal(1)).where(answer_aggregates.c.event_id == event_id).limit(1)
    return bool((await session.execute(live)).first() or (await session.execute(kept)).first())


async def answer_counts(session: AsyncSession, event_id: int) -> dict[int, dict[int, int]]:
    """Per question and option: live answers plus aggregated ones."""
    counts: dict[int, dict[int, int]] = {}
    live = (select(answers.c.question_id, answers.c.option, func.count())
            .join(participants, participants.c.id == answers.c.participant_id)
            .where(participants.c.event_id == event_id, ACTIVE)
            .group_by(answers.c.question_id, answers.c.option))
    kept = select(answer_aggregates.c.question_id, answer_aggregates.c.option, answer_aggregates.c.count) \
        .where(answer_aggregates.c.event_id == event_id)
    for query in (live, kept):
        for question, option, count in await session.execute(query):
            counts.setdefault(question, {})[option] = counts.get(question, {}).get(option, 0) + count
    return counts


async def due_for_aggregation(session: AsyncSession, now: datetime.datetime, limit: int) -> list[Row]:
    """Participants whose answers reached first answer + 90 days or the event's end, locked for this run."""
    query = (
        select(participants.c.id, participants.c.event_id)
        .join(events, events.c.id == participants.c.event_id)
        .where(participants.c.first_answer_time.is_not(None), participants.c.aggregation_time.is_(None),
               and_(func.least(participants.c.first_answer_time + RETENTION, events.c.end_utc) <= now))
        .order_by(participants.c.id).limit(limit).with_for_update(of=participants, skip_locked=True)
    )
    return list((await session.execute(query)).all())


async def aggregate(session: AsyncSession, participant_id: int, event_id: int) -> None:
    """Adds one participant's answers to the per-option counts, then deletes them (free text is dropped)."""
    for answer in await answers_of(session, participant_id):
        statement = pg_insert(answer_aggregates).values(
            event_id=event_id, question_id=answer.question_id, option=answer.option, count=1)
        await session.execute(statement.on_conflict_do_update(
            index_elements=["event_id", "question_id", "option"],
            set_={"count": answer_aggregates.c.count + 1}))
    await session.execute(delete(answers).where(answers.c.participant_id == participant_id))
    await session.execute(update(participants).where(participants.c.id == participant_id)
                          .values(aggregation_time=func.now()))
