"""The NATS users' permissions, as written: each service's own subjects, consumers and inbox, nothing more."""
import pytest

from eventcenter.services.kernel import nats_access


def matches(pattern: str, subject: str) -> bool:
    """NATS subject matching: `*` one token, `>` the rest."""
    wanted, given = pattern.split("."), subject.split(".")
    for i, token in enumerate(wanted):
        if token == ">":
            return len(given) > i
        if i >= len(given) or token not in ("*", given[i]):
            return False
    return len(wanted) == len(given)


@pytest.mark.parametrize("service", nats_access.SERVICES)
def test_a_service_may_publish_only_its_own_events_and_touch_only_its_own_consumers(service):
    allowed = nats_access.permissions(service)["publish"]["allow"]
    for other in nats_access.SERVICES:
        subject = f"eventcenter.{other}.v1.EventCreated"
        assert any(matches(p, subject) for p in allowed) == (other == service)
        for name in nats_access.durable_names(other):
            for guarded in (f"$JS.API.CONSUMER.MSG.NEXT.EVENTCENTER.{name}", f"$JS.ACK.EVENTCENTER.{name}.1.2.3.4.0"):
                assert any(matches(p, guarded) for p in allowed) == (name in nats_access.durable_names(service))
    for never in ("$JS.API.STREAM.DELETE.EVENTCENTER", "$JS.API.STREAM.PURGE.EVENTCENTER",
                  "$JS.API.STREAM.MSG.DELETE.EVENTCENTER", "$JS.API.CONSUMER.CREATE.EVENTCENTER.anyone", "_INBOX.x"):
        assert not any(matches(p, never) for p in allowed), never


@pytest.mark.parametrize("service", nats_access.SERVICES)
def test_a_service_listens_only_on_its_own_inbox(service):
    assert nats_access.permissions(service)["subscribe"]["allow"] == [f"_INBOX.{service}.>"]


def test_consumers_are_those_the_settings_name():
    assert nats_access.durable_names("collaboration") == ["collaboration", "collaboration-rebuild",
                                                          "collaboration-list", "collaboration-list-rebuild"]
    assert "notifications" in nats_access.durable_names("notifications")
    assert "contributions" in nats_access.durable_names("contributions")
