"""The dev stack's mail sink keeps what real SMTP clients send it, one .eml file per message."""
import email
import email.policy

from eventcenter.services.devstack.mail_sink import MailSink
from eventcenter.services.devstack.ports import free_port
from eventcenter.services.notifications.adapters.rendering import Rendered
from eventcenter.services.notifications.adapters.smtp import SmtpSender, compose


async def test_each_message_is_kept_as_a_file_in_arrival_order(tmp_path):
    sink = MailSink(tmp_path / "mail", free_port())
    sink.start()
    try:
        sender = SmtpSender(sink.host, sink.port)
        for number in (1, 2):
            await sender.send(compose("noreply@eventcenter.test", "bea@example.org",
                                      Rendered(f"Mail {number}", "plain text", "<p>html</p>"), f"<m{number}@test>"))
    finally:
        sink.stop()
    kept = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in sink.messages()]
    assert [m["Subject"] for m in kept] == ["Mail 1", "Mail 2"] and kept[0]["To"] == "bea@example.org"
    assert not list((tmp_path / "mail").glob("*.part"))
