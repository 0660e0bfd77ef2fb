"""`eventcenter admin` and `eventcenter registration retention` work against a running service."""
import asyncio
import json
import os
import sys
from dataclasses import dataclass

from tests.conftest import SECRET
from tests.people import person


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


async def _cli(registration, *args) -> Done:
    """Runs the command without blocking the loop that serves it in this process."""
    env = {**os.environ, "EVENTCENTER_IDENTITY_SECRET": SECRET,
           "EVENTCENTER_REGISTRATION_ADDRESS": f"127.0.0.1:{registration.port}"}
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "eventcenter.services.cli", *args, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return Done(process.returncode, out.decode(), err.decode())


async def test_operator_grants_blocks_and_inspects_a_user(registration):
    someone = person()
    granted = await _cli(registration, "admin", "grant", str(someone.user_id), "--name", someone.name)
    assert granted.returncode == 0, granted.stderr
    assert json.loads(granted.stdout)["rights"] == ["event-organizer"]
    blocked = await _cli(registration, "admin", "block", str(someone.user_id), "--reason", "spam")
    assert json.loads(blocked.stdout)["blocked"] is True
    shown = json.loads((await _cli(registration, "admin", "show", str(someone.user_id))).stdout)
    assert shown["name"] == someone.name and shown["blocked"] is True


async def test_unknown_user_without_name_is_a_clear_error(registration):
    failed = await _cli(registration, "admin", "grant", str(person().user_id))
    assert failed.returncode != 0 and "INVALID_ARGUMENT" in failed.stderr


async def test_retention_command_runs_the_job(registration):
    done = await _cli(registration, "registration", "retention")
    assert done.returncode == 0, done.stderr
    assert "participants_aggregated" in done.stdout or done.stdout.strip() == "{}"
