"""NATS over TLS, as the production overlay runs it: a service or the gateway given a tls:// URL and the CA file
connects as its own user, checks the server's certificate, and works; without the CA, the certificate is refused."""
import ssl

import nats
import pytest

from eventcenter.services.devstack.nats import EmbeddedNats
from eventcenter.services.devstack.ports import free_port
from eventcenter.services.gateway.settings import GatewaySettings
from eventcenter.services.gateway.sign_in.signed_out import SignedOutSessions
from eventcenter.services.kernel import bus, nats_access
from eventcenter.services.registration.settings import RegistrationSettings
from tests.certificates import write_certificates
from tests.conftest import SECRET


class TlsNats(EmbeddedNats):
    def __init__(self, folder, certificates, passwords) -> None:
        super().__init__(folder, free_port(), passwords=passwords)
        self.certificates = certificates

    def configuration(self) -> str:
        tls = {name: str(self.certificates / file) for name, file in
               (("cert_file", "tls.crt"), ("key_file", "tls.key"), ("ca_file", "ca.crt"))}
        return super().configuration() + "tls {\n" + "".join(f'  {k}: "{v}"\n' for k, v in tls.items()) + "}\n"


@pytest.fixture
def server(tmp_path):
    certificates = write_certificates(tmp_path / "tls", ("localhost",))
    passwords = {user: f"secret-{user}" for user in nats_access.USERS}
    running = TlsNats(tmp_path / "nats", certificates, passwords)
    running.start()
    yield running
    running.stop()


async def test_a_service_connects_over_tls_with_the_ca_of_its_settings(server):
    settings = RegistrationSettings(identity_secret=SECRET, nats_url=f"tls://localhost:{server.port}",
                                    nats_user="registration", nats_password=server.passwords["registration"],
                                    nats_tls_ca_file=str(server.certificates / "ca.crt"))
    stream = bus.StreamConnection.of(settings, "registration")
    try:
        js = await stream.jetstream()
        acknowledged = await js.publish(bus.subject_for("registration", "OverTls"), b"", timeout=2)
        assert acknowledged.stream == bus.STREAM
        assert stream.client.connected_url.scheme == "tls"
    finally:
        await stream.close()


async def test_the_gateway_keeps_sign_outs_over_tls_with_the_ca_of_its_settings(server):
    settings = GatewaySettings(identity_secret=SECRET, session_secret=SECRET, nats_url=f"tls://localhost:{server.port}",
                               nats_user=nats_access.GATEWAY, nats_password=server.passwords[nats_access.GATEWAY],
                               nats_tls_ca_file=str(server.certificates / "ca.crt"))
    sessions = SignedOutSessions(settings.nats_url, 3600, timeout=2, credentials=settings.nats_credentials)
    try:
        await sessions.start(5)
        assert sessions.ready.is_set()
        await sessions.end("signed-out-over-tls")
        assert sessions.client.connected_url.scheme == "tls"
    finally:
        await sessions.close()


async def test_without_the_ca_the_servers_certificate_is_refused(server):
    with pytest.raises(ssl.SSLCertVerificationError):
        await nats.connect(f"tls://localhost:{server.port}", user="registration",
                           password=server.passwords["registration"], tls=ssl.create_default_context(),
                           allow_reconnect=False, max_reconnect_attempts=0, connect_timeout=3)
