"""Who may do what on NATS: each service has a user of its own that may publish only its own events
(`eventcenter.<service>.v1.>`), make the EVENTCENTER stream, run its own durable consumers (create, read, fetch,
acknowledge) and receive replies on its own inbox prefix; nothing else. A service cannot publish another's
events, nor fetch, acknowledge or delete another's consumers. The gateway's user may only keep and watch the
key-value bucket of sessions ended by signing out (gateway/sign_in/signed_out.py), and touches no service's
events. The operator's user may do everything (backups with the NATS CLI, tests' readers).

The same permissions go into every NATS that runs Event Center: the dev stack's and the tests' embedded server
(devstack/nats.py, passwords written in the file) and the manifests' (deploy/k8s/base/config/nats-auth.conf,
passwords read from the environment; `python -m eventcenter.services.kernel.nats_access` prints it)."""
import json
from collections.abc import Callable

STREAM = "EVENTCENTER"
OPERATOR = "operator"
# Each service's durable consumers, besides one named after the service: the default consumer_name in its
# settings.py (a test keeps the two the same; an operator who renames one renames it in the NATS configuration).
DURABLES: dict[str, tuple[str, ...]] = {
    "registration": (),
    "collaboration": ("collaboration-list",),
    "invitations": (),
    "notifications": (),
    "contributions": (),
}
SERVICES = tuple(DURABLES)
GATEWAY = "gateway"
# The gateway's key-value bucket (JetStream keeps it as the stream KV_<bucket>, its keys as $KV.<bucket>.<key>).
SIGNED_OUT_BUCKET = "eventcenter-signed-out"
# Every NATS user: the services' and the gateway's (limited as below) and the operator's (not limited).
USERS = (*SERVICES, GATEWAY, OPERATOR)
# A rebuild replays the stream through a consumer of its own, named after the live one.
REBUILD_SUFFIX = "-rebuild"


def inbox_prefix(user: str) -> str:
    """Replies (publish acknowledgements, API answers, fetched messages) come to `_INBOX.<user>.…`: a service
    may listen there only, so it never sees another's."""
    return f"_INBOX.{user}"


def durable_names(service: str) -> list[str]:
    """The durable consumers a service may run: named after the service or as DURABLES names them, and their
    rebuilds'."""
    named = [service, *DURABLES[service]]
    return [n for name in named for n in (name, name + REBUILD_SUFFIX)]


def permissions(user: str) -> dict:
    """A service's or the gateway's permissions, as nats-server reads them."""
    return gateway_permissions() if user == GATEWAY else service_permissions(user)


def service_permissions(service: str) -> dict:
    api = "$JS.API"
    publish = [f"eventcenter.{service}.v1.>",
               f"{api}.INFO", *(f"{api}.STREAM.{verb}.{STREAM}" for verb in ("INFO", "CREATE", "UPDATE"))]
    for name in durable_names(service):
        publish += [f"{api}.CONSUMER.CREATE.{STREAM}.{name}", f"{api}.CONSUMER.CREATE.{STREAM}.{name}.>",
                    f"{api}.CONSUMER.DURABLE.CREATE.{STREAM}.{name}", f"{api}.CONSUMER.INFO.{STREAM}.{name}",
                    f"{api}.CONSUMER.DELETE.{STREAM}.{name}", f"{api}.CONSUMER.MSG.NEXT.{STREAM}.{name}",
                    # Acknowledgements, both forms of the reply subject (with or without domain and account).
                    f"$JS.ACK.{STREAM}.{name}.>", f"$JS.ACK.*.*.{STREAM}.{name}.>"]
    return {"publish": {"allow": publish}, "subscribe": {"allow": [inbox_prefix(service) + ".>"]}}


def gateway_permissions() -> dict:
    """Exactly what nats-py's key-value calls send for the bucket (signed_out.py): make it or read its stream's
    configuration and update it (create_key_value, stream_info, update_stream, key_value), put a key, and watch
    (an ordered consumer the server names, asked for its info, answering the server's flow control)."""
    kv, api = f"KV_{SIGNED_OUT_BUCKET}", "$JS.API"
    publish = [f"$KV.{SIGNED_OUT_BUCKET}.>", *(f"{api}.STREAM.{verb}.{kv}" for verb in ("INFO", "CREATE", "UPDATE")),
               f"{api}.CONSUMER.CREATE.{kv}", f"{api}.CONSUMER.INFO.{kv}.*", f"$JS.FC.{kv}.>"]
    return {"publish": {"allow": publish}, "subscribe": {"allow": [inbox_prefix(GATEWAY) + ".>"]}}


def password_variable(user: str) -> str:
    return f"{user.upper()}_NATS_PASSWORD"


def authorization(password: Callable[[str], str]) -> str:
    """The `authorization` block of a nats-server configuration; `password(user)` is the value as written there
    (a quoted literal, or `$VARIABLE` read from the server's environment)."""
    lines = ["authorization {", "  users = ["]
    for user in (*SERVICES, GATEWAY):
        granted = json.dumps(permissions(user), indent=2).replace("\n", "\n      ")
        lines += ["    {", f'      user: "{user}"', f"      password: {password(user)}",
                  f"      permissions: {granted}", "    }"]
    lines.append(f'    {{user: "{OPERATOR}", password: {password(OPERATOR)}}}')
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def from_environment(user: str) -> str:
    return "$" + password_variable(user)


def manifest() -> str:
    """deploy/k8s/base/config/nats-auth.conf."""
    return ("# Generated by `python -m eventcenter.services.kernel.nats_access` (services/kernel/nats_access.py):\n"
            "# one user per service and one for the gateway, each limited to its own subjects; passwords from the\n"
            "# eventcenter-nats Secret.\n"
            + authorization(from_environment))


if __name__ == "__main__":
    print(manifest(), end="")
