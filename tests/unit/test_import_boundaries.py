"""No service imports another service's package: they meet through their contracts (protobuf, the stream) and
the shared libraries (kernel, wiki, contracts), which themselves import no service. Only what runs the services
(cli.py, devstack) may reach into one, and then only for its bootstrap, settings or entry points."""
import ast
import pathlib

import pytest

SERVICES = pathlib.Path(__file__).resolve().parents[2] / "services"
ROOT = "eventcenter.services"
LIBRARIES = {"kernel", "wiki", "contracts"}
# What runs the services, and the parts of a service it may take to run it.
RUNNERS = {"cli", "devstack"}
RUNNABLE = {"bootstrap", "settings", "entrypoints", "server"}  # server: the gateway's, which has no bootstrap


def _modules() -> list[pathlib.Path]:
    return sorted(SERVICES.rglob("*.py"))


def _owner(path: pathlib.Path) -> str:
    """The top-level package under services/ a module belongs to (cli for services/cli.py)."""
    return path.relative_to(SERVICES).parts[0].removesuffix(".py")


def _imported(tree: ast.Module) -> list[tuple[int, str]]:
    """Every module path imported, with `from package import module` read as package.module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _forbidden(owner: str, imported: str) -> bool:
    if not imported.startswith(ROOT + "."):
        return False
    parts = imported.removeprefix(ROOT + ".").split(".")
    target = parts[0]
    if target == owner or target in LIBRARIES:
        return owner in LIBRARIES and target not in LIBRARIES
    if owner in RUNNERS:
        return target not in RUNNERS and (len(parts) < 2 or parts[1] not in RUNNABLE)
    return True


def _violations(path: pathlib.Path) -> list[str]:
    owner = _owner(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [f"{path.relative_to(SERVICES)}:{line} imports {name}"
            for line, name in _imported(tree) if _forbidden(owner, name)]


def test_no_service_imports_another_services_package():
    found = [v for path in _modules() for v in _violations(path)]
    assert found == [], "\n".join(found)


def test_every_service_module_is_read():
    """The check above sees the whole tree (a walk that found nothing would pass it too)."""
    owners = {_owner(p) for p in _modules()}
    assert {"kernel", "wiki", "contracts", "registration", "gateway", "cli", "devstack"} <= owners


@pytest.mark.parametrize(("owner", "imported", "forbidden"), [
    ("collaboration", "eventcenter.services.registration.domain.vocabulary", True),
    ("gateway", "eventcenter.services.registration.domain.vocabulary.EVENT_TYPES", True),
    ("gateway", "eventcenter.services.contracts.vocabulary.EVENT_TYPES", False),
    ("gateway", "eventcenter.services.gateway.settings.GatewaySettings", False),
    ("invitations", "eventcenter.services.wiki.worklist.Article", False),
    ("kernel", "eventcenter.services.registration.settings", True),
    ("wiki", "eventcenter.services.contributions.domain.rules", True),
    ("contracts", "eventcenter.services.kernel.timestamps", False),
    ("cli", "eventcenter.services.registration.bootstrap.RegistrationService", False),
    ("cli", "eventcenter.services.registration.domain.event", True),
    ("devstack", "eventcenter.services.notifications.settings.NotificationsSettings", False),
    ("devstack", "eventcenter.services.devstack.ports", False),
    ("devstack", "eventcenter.services.gateway.server.GatewayServer", False),
    ("devstack", "eventcenter.services.gateway.rest.events", True),
    ("registration", "eventcenter.registration.v1.resources_pb2", False),
])
def test_the_rule(owner, imported, forbidden):
    assert _forbidden(owner, imported) is forbidden
