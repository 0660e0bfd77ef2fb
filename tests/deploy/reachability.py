"""Who may reach whom under a set of NetworkPolicies: the Kubernetes rules, evaluated on pods and addresses."""
import ipaddress
from dataclasses import dataclass, field

NAMESPACE_LABEL = "kubernetes.io/metadata.name"


@dataclass(frozen=True)
class Endpoint:
    """A pod (namespace set) or an address outside the cluster (ip set), with the ports it listens on."""

    name: str
    namespace: str | None
    labels: dict = field(default_factory=dict, hash=False)
    ports: tuple = ()  # (name or "", protocol, number)
    ip: str = ""


def selects(selector: dict | None, labels: dict) -> bool:
    """A label selector; an empty one selects everything."""
    selector = selector or {}
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def _peer_matches(peer: dict, other: Endpoint, policy_namespace: str) -> bool:
    if "ipBlock" in peer:
        # Pod addresses are left out on purpose: ipBlock is meant for traffic leaving or entering the cluster.
        if other.namespace is not None:
            return False
        address = ipaddress.ip_address(other.ip)
        block = peer["ipBlock"]
        return (address in ipaddress.ip_network(block["cidr"])
                and not any(address in ipaddress.ip_network(e) for e in block.get("except", [])))
    if other.namespace is None:
        return False
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], {NAMESPACE_LABEL: other.namespace}):
            return False
    elif other.namespace != policy_namespace:
        return False
    return "podSelector" not in peer or selects(peer["podSelector"], other.labels)


def _port_matches(rule_ports: list | None, target: Endpoint, protocol: str, number: int) -> bool:
    if not rule_ports:
        return True
    for entry in rule_ports:
        if entry.get("protocol", "TCP") != protocol:
            continue
        port = entry.get("port")
        if port is None or port == number:
            return True
        if isinstance(port, str) and any(n == port and p == protocol and num == number for n, p, num in target.ports):
            return True
    return False


def _allowed_by(policies: list, direction: str, subject: Endpoint, other: Endpoint, target: Endpoint,
                protocol: str, number: int) -> bool:
    """Whether `subject` (a pod of the policies' namespace) may send (egress) or take (ingress) this traffic."""
    key, peers_key = ("egress", "to") if direction == "Egress" else ("ingress", "from")
    selecting = [p for p in policies if direction in p["spec"].get("policyTypes", ["Ingress"])
                 and selects(p["spec"]["podSelector"], subject.labels)]
    if not selecting:
        return True
    for policy in selecting:
        for rule in policy["spec"].get(key) or []:
            peers = rule.get(peers_key)
            if peers and not any(_peer_matches(peer, other, policy["metadata"]["namespace"]) for peer in peers):
                continue
            if _port_matches(rule.get("ports"), target, protocol, number):
                return True
    return False


def allowed(policies: list, namespace: str, source: Endpoint, target: Endpoint, protocol: str, number: int) -> bool:
    """Policies only bind pods of their namespace; both ends must allow the traffic."""
    if source.namespace == namespace and not _allowed_by(policies, "Egress", source, target, target, protocol,
                                                          number):
        return False
    return target.namespace != namespace or _allowed_by(policies, "Ingress", target, source, target, protocol,
                                                        number)


def table(policies: list, namespace: str, endpoints: list[Endpoint]) -> set[tuple[str, str, str]]:
    """Every (source, target, port) allowed where at least one end is in the namespace; ports as "8080" for
    TCP, "53/udp" otherwise."""
    found = set()
    for source in endpoints:
        for target in endpoints:
            if namespace not in (source.namespace, target.namespace):
                continue
            for _, protocol, number in target.ports:
                if allowed(policies, namespace, source, target, protocol, number):
                    port = str(number) if protocol == "TCP" else f"{number}/{protocol.lower()}"
                    found.add((source.name, target.name, port))
    return found
