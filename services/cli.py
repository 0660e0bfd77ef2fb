"""The `eventcenter` command: dev stack, serving a service, migrations, admin and maintenance."""
import argparse
import asyncio
import gc
import json
import os
import pathlib
import subprocess
import sys

import uvloop
from google.protobuf import json_format

from eventcenter.services.kernel.logs import configure_logging


def _settings_from_environment(settings_class):
    """Settings from the environment only: a deployed service never invents its own secret."""
    from pydantic import ValidationError

    try:
        return settings_class()
    except ValidationError as error:
        raise SystemExit(f"invalid settings (EVENTCENTER_* environment variables):\n{error}") from None


def _registration_settings():
    from eventcenter.services.registration.settings import RegistrationSettings

    return _settings_from_environment(RegistrationSettings)


def _service_parts(service: str):
    """A gRPC service's settings (from the environment), its runtime class and its migration."""
    if service == "collaboration":
        from eventcenter.services.collaboration.bootstrap import CollaborationService, migrate
        from eventcenter.services.collaboration.settings import CollaborationSettings

        return _settings_from_environment(CollaborationSettings), CollaborationService, migrate
    if service == "contributions":
        from eventcenter.services.contributions.bootstrap import ContributionsService, migrate
        from eventcenter.services.contributions.settings import ContributionsSettings

        return _settings_from_environment(ContributionsSettings), ContributionsService, migrate
    if service == "invitations":
        from eventcenter.services.invitations.bootstrap import InvitationsService, migrate
        from eventcenter.services.invitations.settings import InvitationsSettings

        return _settings_from_environment(InvitationsSettings), InvitationsService, migrate
    if service == "notifications":
        from eventcenter.services.notifications.bootstrap import NotificationsService, migrate
        from eventcenter.services.notifications.settings import NotificationsSettings

        return _settings_from_environment(NotificationsSettings), NotificationsService, migrate
    from eventcenter.services.registration.bootstrap import RegistrationService, migrate

    return _registration_settings(), RegistrationService, migrate


def _freeze_start_up_objects() -> None:
    """Modules, descriptors and tables live as long as the process: full garbage collections need not walk
    them again and again (each walk is a pause every request in flight waits out)."""
    gc.collect()
    gc.freeze()


async def _serve(service: str) -> None:
    from eventcenter.services.kernel.grpc_server import stop_on_signals

    if service == "gateway":
        return await _serve_gateway()
    settings, runtime_class, migrate = _service_parts(service)
    await migrate(settings)
    runtime = runtime_class(settings)
    await runtime.start()
    _freeze_start_up_objects()
    stop = asyncio.Event()
    stop_on_signals(stop)
    await stop.wait()
    await runtime.stop()


async def _serve_gateway() -> None:
    from eventcenter.services.gateway.server import GatewayServer
    from eventcenter.services.gateway.settings import GatewaySettings
    from eventcenter.services.kernel.grpc_server import stop_on_signals

    server = GatewayServer(_settings_from_environment(GatewaySettings))
    await server.start()
    _freeze_start_up_objects()
    stop = asyncio.Event()
    stop_on_signals(stop)
    await stop.wait()
    await server.stop()


async def _migrate(service: str) -> None:
    settings, _, migrate = _service_parts(service)
    await migrate(settings)


async def _rebuild_collaboration() -> None:
    """Replays the whole stream into an emptied read model; the service may keep running."""
    from eventcenter.services.collaboration.entrypoints.stream import StreamIncomplete

    settings, runtime_class, _ = _service_parts("collaboration")
    runtime = runtime_class(settings)
    await runtime.open_storage()
    try:
        print(json.dumps({"messages_applied": await runtime.rebuild()}))
    except StreamIncomplete as refusal:
        raise SystemExit(f"Not rebuilt, nothing changed: {refusal}") from None
    finally:
        await runtime.close()


async def _call(method: str, request, address: str, stub_class=None):
    """Calls a service (registration unless told) as the operator: an admin identity signed with the shared
    secret."""
    import grpc

    from eventcenter.registration.v1 import registration_service_pb2_grpc
    from eventcenter.services.devstack.secrets import identity_secret
    from eventcenter.services.kernel.identity import RIGHT_ADMIN, Identity, bearer_metadata, issue_token

    operator = Identity(-1, "operator", frozenset({RIGHT_ADMIN}))
    token = issue_token(operator, identity_secret(), ttl_seconds=60)
    async with grpc.aio.insecure_channel(address) as channel:
        stub = (stub_class or registration_service_pb2_grpc.RegistrationServiceStub)(channel)
        try:
            return await getattr(stub, method)(request, metadata=bearer_metadata(token), timeout=30)
        except grpc.aio.AioRpcError as error:
            raise SystemExit(f"{error.code().name}: {error.details()}") from None


def _print(message) -> None:
    print(json.dumps(json_format.MessageToDict(message, preserving_proto_field_name=True), indent=2))


def _admin(args) -> None:
    from eventcenter.registration.v1 import registration_service_pb2 as api

    if args.action in ("grant", "revoke"):
        request = api.ChangeRightRequest(user_id=args.user_id, name=args.name or "", right=args.right)
        method = "GrantRight" if args.action == "grant" else "RevokeRight"
    elif args.action in ("block", "unblock"):
        request = api.ChangeBlockRequest(user_id=args.user_id, name=args.name or "", reason=args.reason or "")
        method = "BlockUser" if args.action == "block" else "UnblockUser"
    elif args.action == "free-page":  # the id is the deleted event's
        request, method = api.FreeEventPageRequest(event_id=args.user_id), "FreeEventPage"
    else:
        request, method = api.GetUserRequest(user_id=args.user_id), "GetUser"
    _print(asyncio.run(_call(method, request, args.address)))


def _token(args) -> None:
    from eventcenter.services.devstack.secrets import identity_secret
    from eventcenter.services.kernel.identity import Identity, issue_token

    rights = frozenset(r for r in (args.rights or "").split(",") if r)
    try:
        print(issue_token(Identity(args.user_id, args.name, rights, args.blocked), identity_secret(), args.ttl))
    except ValueError as error:  # longer than services accept
        raise SystemExit(str(error)) from None


def _retention(args) -> None:
    from eventcenter.registration.v1 import registration_service_pb2 as api

    _print(asyncio.run(_call("AggregateAnswers", api.AggregateAnswersRequest(), args.address)))


def _deliveries(args) -> None:
    """One page of the delivery log, newest first, as JSON (with the count of deliveries in each state)."""
    from eventcenter.notifications.v1 import notifications_service_pb2 as api
    from eventcenter.notifications.v1 import notifications_service_pb2_grpc

    state = api.DeliveryState.Value("DELIVERY_STATE_" + args.state.upper()) if args.state else 0
    request = api.ListDeliveriesRequest(state=state, user_id=args.user_id, event_id=args.event_id,
                                        page_size=args.limit, page_token=args.page_token)
    _print(asyncio.run(_call("ListDeliveries", request, args.address,
                             notifications_service_pb2_grpc.NotificationsServiceStub)))


def parser() -> argparse.ArgumentParser:
    default_address = os.environ.get("EVENTCENTER_REGISTRATION_ADDRESS", "127.0.0.1:50051")
    root = argparse.ArgumentParser(prog="eventcenter", description="Event Center: campaign events for Wikimedia.")
    commands = root.add_subparsers(dest="command", required=True)
    dev = commands.add_parser("dev", help="start the whole system on embedded PostgreSQL and NATS")
    dev.add_argument("--wiki", action="store_true",
                     help="also start a local MediaWiki with sample data, for invitation lists")
    serve = commands.add_parser("serve", help="run one service with settings from the environment")
    services = ["registration", "collaboration", "invitations", "notifications", "contributions"]
    serve.add_argument("service", choices=[*services, "gateway"])
    migrate = commands.add_parser("migrate", help="migrate one service's schema")
    migrate.add_argument("service", choices=services)

    admin = commands.add_parser("admin", help="rights and blocks, and freeing a deleted event's page, as the operator")
    admin.add_argument("action", choices=["show", "grant", "revoke", "block", "unblock", "free-page"])
    admin.add_argument("user_id", type=int, metavar="id", help="the user's id (free-page: the deleted event's id)")
    admin.add_argument("--name", help="the user's name, needed when the service does not know them yet")
    admin.add_argument("--right", default="event-organizer", choices=["event-organizer", "admin"])
    admin.add_argument("--reason")
    admin.add_argument("--address", default=default_address)

    token = commands.add_parser("token", help="print a signed identity token (development and tools)")
    token.add_argument("--user-id", type=int, required=True)
    token.add_argument("--name", required=True)
    token.add_argument("--rights", help="comma-separated, e.g. event-organizer,admin")
    token.add_argument("--blocked", action="store_true")
    token.add_argument("--ttl", type=int, default=300, help="seconds, at most 300 (services refuse longer ones)")

    registration = commands.add_parser("registration", help="registration maintenance")
    registration.add_argument("task", choices=["retention"])
    registration.add_argument("--address", default=default_address)

    collaboration = commands.add_parser("collaboration", help="Collaboration list maintenance")
    collaboration.add_argument("task", choices=["rebuild"], help="rebuild the read model from the stream's start")

    notifications = commands.add_parser("notifications", help="notifications maintenance")
    notifications.add_argument("task", choices=["deliveries"], help="read the delivery log (newest first)")
    notifications.add_argument("--state", choices=["pending", "sending", "sent", "dead"])
    notifications.add_argument("--user-id", type=int, default=0)
    notifications.add_argument("--event-id", type=int, default=0)
    notifications.add_argument("--limit", type=int, default=100, help="deliveries on the page (at most 1000)")
    notifications.add_argument("--page-token", default="", help="the next_page_token of the previous page")
    notifications.add_argument("--address", default=os.environ.get("EVENTCENTER_NOTIFICATIONS_ADDRESS",
                                                                   "127.0.0.1:50054"))

    bench = commands.add_parser("bench", help="run a benchmark from the source tree (bench/)")
    bench.add_argument("name", choices=["registration", "listing", "propagation", "fanout", "invitations", "all"])
    bench.add_argument("options", nargs=argparse.REMAINDER, help="passed on to the benchmark")
    return root


def _bench(args) -> None:
    """Benchmarks live beside the services in a source checkout, not in the installed package."""
    runner = pathlib.Path(__file__).resolve().parent.parent / "bench" / "run.py"
    if not runner.exists():
        sys.exit("eventcenter bench runs from a source checkout (bench/ is not installed with the package)")
    sys.exit(subprocess.run([sys.executable, str(runner), args.name, *args.options]).returncode)


def _run_service(coroutine) -> None:
    """Services run on uvloop: its event loop spends less CPU per call than asyncio's own, for gRPC, asyncpg,
    NATS and HTTP alike. EVENTCENTER_EVENT_LOOP=asyncio runs them on the standard loop instead."""
    factory = None if os.environ.get("EVENTCENTER_EVENT_LOOP", "uvloop") == "asyncio" else uvloop.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(coroutine)


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    configure_logging(os.environ.get("EVENTCENTER_LOG_LEVEL", "info"))
    if args.command == "dev":
        from eventcenter.services.devstack.runner import run_dev

        _run_service(run_dev(with_wiki=args.wiki))
    elif args.command == "serve":
        _run_service(_serve(args.service))
    elif args.command == "migrate":
        asyncio.run(_migrate(args.service))
    elif args.command == "admin":
        _admin(args)
    elif args.command == "bench":
        _bench(args)
    elif args.command == "token":
        _token(args)
    elif args.command == "registration":
        _retention(args)
    elif args.command == "collaboration":
        asyncio.run(_rebuild_collaboration())
    elif args.command == "notifications":
        _deliveries(args)


if __name__ == "__main__":
    sys.exit(main())
