"""The one-host compose file and the container image: no Docker engine here, so their structure is checked."""
import pathlib
import re

import yaml

from eventcenter.services import cli

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
GRPC_SERVICES = ["registration", "collaboration", "invitations", "notifications", "contributions"]


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _choices(command: str) -> list[str]:
    subparsers = next(a for a in cli.parser()._actions if a.dest == "command")
    return next(a for a in subparsers.choices[command]._actions if a.dest == "service").choices


def test_compose_names_only_services_it_defines():
    services = compose()["services"]
    for name, service in services.items():
        assert "image" in service, name
        for dependency in service.get("depends_on", {}):
            assert dependency in services, (name, dependency)
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).exists(), source
            else:
                assert source in compose()["volumes"], source


def test_compose_migrates_each_service_before_it_starts():
    services = compose()["services"]
    assert set(_choices("serve")) == {*GRPC_SERVICES, "gateway"}
    for name in GRPC_SERVICES:
        migration = services[f"migrate-{name}"]
        assert migration["entrypoint"] == ["eventcenter"] and migration["command"] == ["migrate", name]
        assert name in _choices("migrate")
        assert services[name]["command"] == [name]
        assert services[name]["depends_on"][f"migrate-{name}"] == {"condition": "service_completed_successfully"}
        assert services[name]["environment"] == migration["environment"]
        assert services[name]["environment"]["EVENTCENTER_DATABASE_SCHEMA"] == name


def test_compose_runs_postgres_nats_with_jetstream_and_publishes_the_gateway():
    services = compose()["services"]
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["nats"]["command"] == ["--config", "/etc/nats/nats.conf"]
    assert "jetstream {" in (DEPLOY / "compose" / "nats.conf").read_text()
    assert services["gateway"]["ports"] == ["8080:8080"]
    assert services["gateway"]["command"] == ["gateway"]
    build = services["registration"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"


def test_compose_keeps_secrets_out_of_the_file():
    text = (DEPLOY / "compose.yaml").read_text()
    for variable in ("IDENTITY_SECRET", "SESSION_SECRET", "PAGE_TOKEN_SECRET", "POSTGRES_PASSWORD"):
        assert re.search(rf"\${{{variable}:\?", text), variable


def test_image_is_multi_stage_non_root_and_serves_a_service():
    lines = [line.strip() for line in (DEPLOY / "Dockerfile").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    stages = [i for i, line in enumerate(lines) if line.startswith("FROM ")]
    assert len(stages) == 2 and all("python:3.11-slim" in lines[i] for i in stages)
    final = "\n".join(lines[stages[-1]:])
    assert "USER 10001:10001" in final
    assert not re.search(r"apt-get|gcc|build-essential", final)
    assert 'ENTRYPOINT ["eventcenter", "serve"]' in final
    assert not (DEPLOY / "Containerfile").exists()


def test_image_and_compose_default_to_production_without_dev_sign_in():
    final = (DEPLOY / "Dockerfile").read_text().split("\nFROM ")[-1]
    assert re.search(r"^ENV [^\n]*(?:\\\n[^\n]*)*EVENTCENTER_ENVIRONMENT=production\b", final, re.MULTILINE)
    assert "EVENTCENTER_DEV_SIGN_IN" not in final
    gateway = compose()["services"]["gateway"]["environment"]
    assert gateway["EVENTCENTER_ENVIRONMENT"] == "${ENVIRONMENT:-production}"
    assert gateway["EVENTCENTER_DEV_SIGN_IN"] == "${DEV_SIGN_IN:-false}"


def test_dockerignore_leaves_out_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".venv-tools", ".eventcenter", "tests"} <= set(ignored)


def test_compose_gives_each_service_and_the_gateway_its_own_nats_user_and_the_server_accepts_it(tmp_path):
    import subprocess

    from eventcenter.services.devstack.nats import nats_server_binary
    from eventcenter.services.kernel import nats_access

    services = compose()["services"]
    users = nats_access.USERS
    assert set(services["nats"]["environment"]) == {nats_access.password_variable(u) for u in users}
    for name in (*GRPC_SERVICES, nats_access.GATEWAY):
        env = services[name]["environment"]
        assert env["EVENTCENTER_NATS_USER"] == name
        assert env["EVENTCENTER_NATS_PASSWORD"].startswith(f"${{{nats_access.password_variable(name)}:?")
    generated = set(re.findall(r"[A-Z_]+", (DEPLOY / "compose" / "make-env.sh").read_text()))
    assert {nats_access.password_variable(u) for u in users} <= generated
    for volume in services["nats"]["volumes"]:
        source, _, target = volume.partition(":")
        if source.startswith("."):
            (tmp_path / target.split(":")[0].rsplit("/", 1)[1]).write_text((DEPLOY / source).read_text())
    env = {nats_access.password_variable(u): f"secret-{u}" for u in users}
    checked = subprocess.run([nats_server_binary(), "-t", "-c", str(tmp_path / "nats.conf")], env=env,
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
