"""`eventcenter dev` end to end: it comes up, a reflection-only client creates an event and registers,
and ParticipantRegistered is on the stream; Ctrl-C stops everything cleanly."""
import asyncio
import os
import signal
import subprocess
import sys
import uuid
from urllib.parse import quote

import grpc
import httpx
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from eventcenter.services.devstack.ports import free_port
from tests import stream
from tests.web import signed_in_client

SERVICE = "eventcenter.registration.v1.RegistrationService"


class ReflectionClient:
    """Like grpcurl: learns the API from the server's reflection, sends JSON, reads JSON."""

    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.channel = channel
        self.pool = descriptor_pool.DescriptorPool()

    async def load(self, symbol: str) -> None:
        stub = reflection_pb2_grpc.ServerReflectionStub(self.channel)
        request = reflection_pb2.ServerReflectionRequest(file_containing_symbol=symbol)
        async for response in stub.ServerReflectionInfo(iter([request])):
            files = [descriptor_pb2.FileDescriptorProto.FromString(raw)
                     for raw in response.file_descriptor_response.file_descriptor_proto]
            pending = {f.name: f for f in files}
            while pending:  # add each file after its dependencies
                for name, proto in list(pending.items()):
                    if all(d not in pending for d in proto.dependency):
                        try:
                            self.pool.Add(proto)
                        except TypeError:
                            pass
                        del pending[name]
            break

    async def call(self, method: str, body: dict, token: str) -> dict:
        descriptor = self.pool.FindServiceByName(SERVICE).FindMethodByName(method)
        request_class = message_factory.GetMessageClass(descriptor.input_type)
        response_class = message_factory.GetMessageClass(descriptor.output_type)
        invoke = self.channel.unary_unary(f"/{SERVICE}/{method}", request_serializer=lambda m: m.SerializeToString(),
                                          response_deserializer=response_class.FromString)
        request = json_format.ParseDict(body, request_class())
        response = await invoke(request, metadata=(("authorization", f"Bearer {token}"),), timeout=30)
        return json_format.MessageToDict(response, preserving_proto_field_name=True)


def _token(env, user_id: int, name: str, rights: str = "") -> str:
    args = [sys.executable, "-m", "eventcenter.services.cli", "token", "--user-id", str(user_id), "--name", name]
    return subprocess.run(args + (["--rights", rights] if rights else []), env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


async def _record_email(notifications_port: int, token: str, address: str) -> None:
    from eventcenter.notifications.v1 import notifications_service_pb2 as api
    from eventcenter.notifications.v1 import notifications_service_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{notifications_port}") as channel:
        stub = notifications_service_pb2_grpc.NotificationsServiceStub(channel)
        await stub.UpdateContact(api.UpdateContactRequest(email=address, email_confirmed=True),
                                 metadata=(("authorization", f"Bearer {token}"),), timeout=30)


async def _invitation_list_is_ready(http: httpx.AsyncClient) -> None:
    token = (await http.post("/dev/token", json={"username": "Ada", "groups": ["event-organizer"]})).json()
    headers = {"authorization": f"Bearer {token['access_token']}"}
    created = await http.post("/campaignevents/v0/invitation_lists", headers=headers, json={
        "name": "Sample", "articles": ["Solar System", "Lighthouse", "Photosynthesis"]})
    assert created.status_code == 201, created.text
    for _ in range(300):
        shown = (await http.get(created.headers["location"], headers=headers)).json()
        if shown["status"] != "pending":
            break
        await asyncio.sleep(0.1)
    assert shown["status"] == "ready" and shown["editors"], shown


async def _mail_in(folder, address: str, timeout: float = 30.0) -> str:
    """The first mail file in `folder` addressed to `address`, once there is one."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        for path in sorted(folder.glob("*.eml")):
            text = path.read_text(errors="replace")
            if f"To: {address}" in text:
                return text
        await asyncio.sleep(0.2)
    return ""


@pytest.mark.slow
async def test_dev_stack_comes_up_and_a_reflection_client_registers(tmp_path):
    registration_port, nats_port, gateway_port = free_port(), free_port(), free_port()
    notifications_port = free_port()
    env = {**os.environ, "EVENTCENTER_HOME": str(tmp_path / "home"), "EVENTCENTER_DEV_PG_PORT": str(free_port()),
           "EVENTCENTER_DEV_NATS_PORT": str(nats_port), "EVENTCENTER_LOG_LEVEL": "warning",
           "EVENTCENTER_DEV_REGISTRATION_ADDRESS": f"127.0.0.1:{registration_port}",
           "EVENTCENTER_DEV_COLLABORATION_ADDRESS": f"127.0.0.1:{free_port()}",
           "EVENTCENTER_DEV_NOTIFICATIONS_ADDRESS": f"127.0.0.1:{notifications_port}",
           "EVENTCENTER_DEV_INVITATIONS_ADDRESS": f"127.0.0.1:{free_port()}",
           "EVENTCENTER_DEV_CONTRIBUTIONS_ADDRESS": f"127.0.0.1:{free_port()}",
           "EVENTCENTER_DEV_WIKI_PORT": str(free_port()),
           "EVENTCENTER_DEV_SMTP_PORT": str(free_port()), "EVENTCENTER_DEV_GATEWAY_PORT": str(gateway_port)}
    env.pop("EVENTCENTER_IDENTITY_SECRET", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "eventcenter.services.cli",
        "dev",
        "--wiki",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        printed = ""
        while "Press Ctrl-C" not in printed:
            line = await asyncio.wait_for(process.stdout.readline(), timeout=180)
            assert line, (await process.stderr.read()).decode()[-3000:]
            printed += line.decode()
        assert f"127.0.0.1:{registration_port}" in printed and "NATS" in printed

        async with grpc.aio.insecure_channel(f"127.0.0.1:{registration_port}") as channel:
            client = ReflectionClient(channel)
            await client.load(SERVICE)
            ada = _token(env, 1001, "Ada", "event-organizer")
            demo = await client.call("ListEventsByOrganizer", {"user_id": 1001}, ada)
            assert len(demo["events"]) >= 5  # demo data was seeded
            title = f"Event:Reflection {uuid.uuid4().hex[:8]}"
            event = await client.call("CreateEvent", {"event": {
                "page": {"wiki": "local", "title": title}, "timezone": "Europe/Paris",
                "start_local_time": "2031-03-08T10:00:00", "end_local_time": "2031-03-08T18:00:00",
                "types": ["editing-event"], "participation_options": "PARTICIPATION_OPTIONS_ONLINE"}}, ada)
            someone = _token(env, 4242, "Zanele")
            await _record_email(notifications_port, someone, "zanele@example.org")
            registered = await client.call("RegisterParticipant", {"event_id": event["id"]}, someone)
            assert registered["modified"] is True
        # As the operator, whose password the dev stack keeps in its folder; a service's user could not read it.
        operator = (tmp_path / "home" / "nats-passwords" / "operator").read_text().strip()
        messages = await stream.wait_for(
            f"nats://operator:{quote(operator, safe='')}@127.0.0.1:{nats_port}",
            "eventcenter.registration.v1.ParticipantRegistered",
            lambda m: b"Zanele" in m.data and title.encode() in m.data, expected=1)
        assert len(messages) == 1
        # The confirmation reaches the dev stack's mail sink, kept as a file a newcomer can open.
        assert "To: zanele@example.org" in await _mail_in(tmp_path / "home" / "mail", "zanele@example.org")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{gateway_port}") as http:
            token = (await http.post("/dev/token", json={"username": "Yusuf"})).json()["access_token"]
            headers = {"authorization": f"Bearer {token}"}
            path = f"/campaignevents/v0/event_registration/{event['id']}/participants/self"
            assert (await http.put(path, json={"is_private": True}, headers=headers)).json()["modified"] is True
            own = await http.get(path, headers=headers)
            assert own.status_code == 200 and own.json()["private"] is True
            assert (await http.get("/readyz")).status_code == 200
            # /dev/mail shows each person the mail addressed to them, and nobody else's.
            assert "zanele@example.org" not in (await http.get("/dev/mail", headers=headers)).text
            zanele = (await http.post("/dev/token", json={"username": "Zanele", "email": "zanele@example.org"})).json()
            captured = await http.get("/dev/mail", headers={"authorization": f"Bearer {zanele['access_token']}"})
            assert captured.status_code == 200 and "zanele@example.org" in captured.text
            # --wiki: an organizer turns the sample wiki's articles into a list of editors to invite.
            await _invitation_list_is_ready(http)
        # A newcomer's browser: sign in on the dev page, then see the event page.
        browser = await signed_in_client(f"http://127.0.0.1:{gateway_port}", "Newcomer")
        try:
            page = await browser.get(f"/event/{event['id']}")
            assert page.status_code == 200 and "Newcomer" in page.text and "1 registered privately" in page.text
            assert "Yusuf" not in page.text
        finally:
            await browser.aclose()
        process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(process.wait(), timeout=60) == 0
    finally:
        if process.returncode is None:  # a failed check: stop it gently, so it stops its servers too
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(process.wait(), timeout=30)
            except TimeoutError:
                process.kill()
                await process.wait()
