"""In-memory participants and their answers, with the functions the registration use cases call."""
import copy
from types import SimpleNamespace

from eventcenter.services.kernel.clock import Clock
from eventcenter.services.registration.domain.capacity import REGISTERED, WAITLISTED
from tests.service_layer.fake_store import Tables


class FakeParticipants:
    def __init__(self, tables: Tables, clock: Clock) -> None:
        self.t, self.clock = tables, clock

    def _named(self, row) -> SimpleNamespace:
        return SimpleNamespace(**vars(row), user_name=self.t.users[row.user_id].name)

    def _active(self, event_id: int, state: str) -> list[SimpleNamespace]:
        return sorted((p for p in self.t.participants.values()
                       if p.event_id == event_id and p.delete_time is None and p.state == state),
                      key=lambda p: p.queue_seq)

    async def get(self, event_id, user_id, lock=False):
        return next((self._named(p) for p in self.t.participants.values()
                     if (p.event_id, p.user_id) == (event_id, user_id)), None)

    async def insert_or_reactivate(self, event_id, user_id, private, state, queue_seq):
        values = dict(private=private, state=state, queue_seq=queue_seq, register_time=self.clock.now())
        kept = next((p for p in self.t.participants.values() if (p.event_id, p.user_id) == (event_id, user_id)), None)
        if kept is not None and kept.delete_time is None:
            return None
        if kept is not None:
            vars(kept).update(values, delete_time=None, first_answer_time=None, aggregation_time=None,
                              revision=kept.revision + 1)
        else:
            kept = SimpleNamespace(id=next(self.t.ids), event_id=event_id, user_id=user_id, delete_time=None,
                                   first_answer_time=None, aggregation_time=None, revision=1, **values)
            self.t.participants[kept.id] = kept
        return copy.copy(kept)

    async def edit(self, participant_id, private):
        row = self.t.participants[participant_id]
        row.private, row.revision = private, row.revision + 1

    async def answers_of(self, participant_id):
        return sorted(self.t.answers.get(participant_id, []), key=lambda a: a.question_id)

    async def replace_answers(self, participant_id, values):
        self.t.answers.pop(participant_id, None)
        await self.add_answers(participant_id, values)

    async def add_answers(self, participant_id, values):
        if values:
            self.t.answers.setdefault(participant_id, []).extend(values)
            row = self.t.participants[participant_id]
            row.first_answer_time = row.first_answer_time or self.clock.now()

    async def event_has_answers(self, event_id):
        return any(self.t.participants[p].event_id == event_id for p, values in self.t.answers.items() if values)

    async def soft_delete(self, participant_ids):
        for participant_id in participant_ids:
            self.t.answers.pop(participant_id, None)
            row = self.t.participants[participant_id]
            row.delete_time, row.first_answer_time = self.clock.now(), None
            row.revision += 1
        return {p: self.t.participants[p].revision for p in participant_ids}

    async def waiting(self, event_id, limit=None):
        return [self._named(p) for p in self._active(event_id, WAITLISTED)][:limit]

    async def waitlist_position(self, event_id, queue_seq):
        return sum(1 for p in self._active(event_id, WAITLISTED) if p.queue_seq <= queue_seq)

    async def promote(self, participant_ids):
        for participant_id in participant_ids:
            row = self.t.participants[participant_id]
            row.state, row.revision = REGISTERED, row.revision + 1
        return {p: self.t.participants[p].revision for p in participant_ids}
