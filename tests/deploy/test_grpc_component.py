"""The five gRPC services come from one kustomize component (deploy/k8s/components/grpc-service): rendered, their
objects are the same but for each one's values (name, gRPC port, API, database URL) and the patches beside them
(collaboration's page-token Secret, notifications' SMTP account and grace period)."""
import json

import pytest
import yaml

from tests.deploy.test_manifests import GRPC_SERVICES, K8S, OVERLAYS, render

KINDS = ("ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Job")
# What a service adds to the component, by name of the variable (the Deployment's and the Job's alike).
OWN_VARIABLES = {"collaboration": {"EVENTCENTER_PAGE_TOKEN_SECRET"},
                 "notifications": {"EVENTCENTER_SMTP_USERNAME", "EVENTCENTER_SMTP_PASSWORD"}}


def _generic(objects: list[dict], service: str) -> list[dict]:
    """The service's objects with its values put back as the component's placeholders, its own variables left out
    and generated ConfigMaps' hashes cut."""
    port, api = GRPC_SERVICES[service], f"{service.capitalize()}Service"
    mine = [o for o in objects if o["kind"] in KINDS
            and o["metadata"].get("labels", {}).get("app.kubernetes.io/name") == service]
    for o in mine:
        pod = o.get("spec", {}).get("template", {}).get("spec", {})
        for container in pod.get("containers", []):
            container["env"] = [e for e in container.get("env", []) if e["name"] not in OWN_VARIABLES.get(service, ())]
            for source in container.get("envFrom", []):
                name = source["configMapRef"]["name"]
                source["configMapRef"]["name"] = name.rsplit("-", 1)[0]
        pod.pop("terminationGracePeriodSeconds", None)
    text = json.dumps(sorted(mine, key=lambda o: o["kind"])).replace(api, "API").replace(str(port), "0")
    for named, placeholder in ((f'"{service}', '"SERVICE'), (f"-{service}", "-SERVICE"),
                               (f"//{service}:", "//SERVICE:"), (f".{service}.", ".SERVICE.")):
        text = text.replace(named, placeholder)
    return json.loads(text)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_grpc_services_differ_only_by_their_values_and_patches(overlay):
    objects = render(overlay)
    first, *others = GRPC_SERVICES
    expected = _generic(objects, first)
    assert len(expected) == len(KINDS)
    for service in others:
        assert _generic(objects, service) == expected, service


def test_each_service_gives_the_component_its_own_values():
    for service, port in GRPC_SERVICES.items():
        values = yaml.safe_load((K8S / "base" / "services" / service / "values.yaml").read_text())
        assert values["metadata"]["annotations"] == {"config.kubernetes.io/local-config": "true"}  # never applied
        assert values["spec"]["name"] == service and values["spec"]["port"] == port
