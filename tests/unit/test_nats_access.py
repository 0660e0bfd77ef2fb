"""The NATS users' permissions, as written: each service's own subjects, consumers and inbox, nothing more."""
import importlib

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
    for service in nats_access.SERVICES:
        settings = importlib.import_module(f"eventcenter.services.{service}.settings")
        [settings_class] = [c for name, c in vars(settings).items() if name.endswith("Settings")
                            and c.__module__ == settings.__name__]
        field = settings_class.model_fields.get("consumer_name")
        if field is not None:
            assert field.default in nats_access.durable_names(service), service


def test_the_gateway_may_touch_its_bucket_only():
    allowed = nats_access.permissions(nats_access.GATEWAY)["publish"]["allow"]
    kv = "KV_eventcenter-signed-out"
    for needed in ("$KV.eventcenter-signed-out.a-session-id", f"$JS.API.STREAM.CREATE.{kv}",
                   f"$JS.API.STREAM.INFO.{kv}", f"$JS.API.STREAM.UPDATE.{kv}", f"$JS.API.CONSUMER.CREATE.{kv}",
                   f"$JS.API.CONSUMER.INFO.{kv}.AbCd1234", f"$JS.FC.{kv}.AbCd1234.x9"):
        assert any(matches(p, needed) for p in allowed), needed
    for never in ("eventcenter.registration.v1.EventCreated", "$JS.API.STREAM.INFO.EVENTCENTER",
                  f"$JS.API.STREAM.DELETE.{kv}", f"$JS.API.STREAM.PURGE.{kv}", "$JS.API.CONSUMER.CREATE.EVENTCENTER",
                  "$JS.API.CONSUMER.INFO.EVENTCENTER.invitations", "$JS.ACK.EVENTCENTER.invitations.1.2.3.4.0",
                  "$KV.another-bucket.key", "$JS.FC.EVENTCENTER.invitations.x"):
        assert not any(matches(p, never) for p in allowed), never
    assert nats_access.permissions(nats_access.GATEWAY)["subscribe"]["allow"] == ["_INBOX.gateway.>"]


def test_no_service_may_touch_the_gateways_bucket():
    for service in nats_access.SERVICES:
        allowed = nats_access.permissions(service)["publish"]["allow"]
        assert not any(matches(p, "$KV.eventcenter-signed-out.a-session-id") for p in allowed)
        assert not any(matches(p, "$JS.API.STREAM.INFO.KV_eventcenter-signed-out") for p in allowed)


def test_every_user_is_in_the_configuration():
    conf = nats_access.manifest()
    for user in nats_access.USERS:
        assert f'user: "{user}"' in conf and f"${nats_access.password_variable(user)}" in conf
