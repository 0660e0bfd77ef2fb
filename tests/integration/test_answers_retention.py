"""Answers: statistics with privacy thresholds after the event, and the retention job that aggregates them."""
import datetime

import grpc
import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.registration.entrypoints.retention import run_retention_once
from tests import builders
from tests.integration.test_events_api import reason
from tests.people import admin, md, organizer, person


async def _answered_event(stub, ada, choices: list[int]):
    event = await builders.create(stub, md(ada), question_ids=[4, 5])
    for option in choices:
        await builders.register(stub, md(person()), event.id, answers=[pb.Answer(question_id=4, option=option)])
    return event


async def test_statistics_wait_for_the_end_and_hide_small_numbers(stub, clock):
    ada = organizer()
    event = await _answered_event(stub, ada, [1] * 6 + [2] * 4 + [3])
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.GetResponseStatistics(api.GetResponseStatisticsRequest(event_id=event.id), metadata=md(ada))
    assert reason(caught.value) == "EVENT_NOT_ENDED"
    clock.advance(days=4)
    stats = await stub.GetResponseStatistics(api.GetResponseStatisticsRequest(event_id=event.id), metadata=md(ada))
    confidence, affiliate = stats.questions
    assert confidence.shown and confidence.answer_count == 11
    counts = {o.option: (o.count, o.fewer_than_five) for o in confidence.options}
    assert counts == {1: (6, False), 2: (0, True), 3: (0, True), 4: (0, True)}
    assert not affiliate.shown and affiliate.answer_count == 0 and list(affiliate.options) == []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.GetResponseStatistics(api.GetResponseStatisticsRequest(event_id=event.id), metadata=md(person()))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_retention_aggregates_at_event_end_deletes_answers_and_keeps_statistics(stub, clock, registration):
    ada = organizer()
    event = await _answered_event(stub, ada, [4] * 10)
    late = person()
    await builders.register(stub, md(late), event.id, answers=[pb.Answer(question_id=5, option=1, text="WMDE")])
    clock.advance(days=4)
    assert await run_retention_once(registration.uow) >= 11
    own = await stub.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event.id), metadata=md(late))
    assert own.answers_aggregated and list(own.answers) == []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.register(stub, md(late), event.id, answers=[pb.Answer(question_id=5, option=2)])
    assert reason(caught.value) == "ANSWERS_AGGREGATED"
    stats = await stub.GetResponseStatistics(api.GetResponseStatisticsRequest(event_id=event.id), metadata=md(ada))
    assert {o.option: o.count for o in stats.questions[0].options}[4] == 10
    assert await run_retention_once(registration.uow) == 0


async def test_retention_waits_ninety_days_for_long_events(stub, clock, registration):
    ada = organizer()
    event = await builders.create(stub, md(ada), question_ids=[4],
                                  end_local_time=builders.local(datetime.timedelta(days=200)))
    someone = person()
    await builders.register(stub, md(someone), event.id, answers=[pb.Answer(question_id=4, option=2)])
    clock.advance(days=89)
    await run_retention_once(registration.uow)
    own = await stub.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event.id), metadata=md(someone))
    assert not own.answers_aggregated
    clock.advance(days=2)
    await run_retention_once(registration.uow)
    own = await stub.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event.id), metadata=md(someone))
    assert own.answers_aggregated


async def test_an_ended_event_with_answers_cannot_move_into_the_future(stub, clock):
    ada = organizer()
    event = await _answered_event(stub, ada, [1])
    clock.advance(days=4)
    event.end_local_time = builders.local(datetime.timedelta(days=30), clock.now())
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_questions_cannot_change_after_the_end(stub, clock):
    ada = organizer()
    event = await builders.create(stub, md(ada), question_ids=[4])
    clock.advance(days=4)
    event.question_ids.append(5)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_question_list_is_translated(stub):
    english = await stub.ListQuestions(api.ListQuestionsRequest(), metadata=md(person()))
    french = await stub.ListQuestions(api.ListQuestionsRequest(),
                                      metadata=(*md(person()), ("accept-language", "fr-CA,fr;q=0.9")))
    assert [q.id for q in english.questions] == [1, 2, 3, 4, 5]
    assert english.questions[0].label == "Gender" and french.questions[0].label != "Gender"
    assert [o.value for o in english.questions[0].options] == [0, 1, 2, 3, 4, 5]
    assert english.questions[4].options[0].takes_text


async def test_aggregate_answers_rpc_is_for_admins(stub):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.AggregateAnswers(api.AggregateAnswersRequest(), metadata=md(organizer()))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    await stub.AggregateAnswers(api.AggregateAnswersRequest(), metadata=md(admin()))
