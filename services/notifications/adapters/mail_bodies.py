"""Mail bodies, rendered and composed once per (message, language) however many recipients share them, and once
per content: messages alike (the confirmations of one event, but for the waiting list's places) share one."""
import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from eventcenter.services.notifications.adapters.rendering import render
from eventcenter.services.notifications.adapters.smtp import Attachment, compose_body
from eventcenter.services.notifications.domain import codec
from eventcenter.services.notifications.service_layer.delivery import MailSource

CACHED_RENDERINGS = 256


class MailBodies:
    """`source(message_id, stored)` reads what a body is made of (service_layer/delivery.mail_source)."""

    def __init__(self, sender: str, preferences_url: str,
                 source: Callable[[int, Any], Awaitable[MailSource]]) -> None:
        self.sender = sender
        self.preferences_url = preferences_url
        self.source = source
        # A task, so that a batch of recipients of a new message waits for one rendering instead of making one each.
        self.bodies: OrderedDict[tuple[int, str], asyncio.Task[bytes]] = OrderedDict()
        self.claimed_messages: dict[int, Any] = {}  # the current batch's messages, read with its claim
        self.bodies_by_content: OrderedDict[tuple, bytes] = OrderedDict()

    def wanted(self, message_id: int, language: str) -> bool:
        return (message_id, language) not in self.bodies

    def body(self, message_id: int, language: str) -> asyncio.Task[bytes]:
        key = (message_id, language)
        if key in self.bodies and not (self.bodies[key].done() and self.bodies[key].exception()):
            self.bodies.move_to_end(key)
            return self.bodies[key]
        self.bodies[key] = asyncio.ensure_future(self._make(message_id, language))
        if len(self.bodies) > CACHED_RENDERINGS:
            self.bodies.popitem(last=False)
        return self.bodies[key]

    async def _make(self, message_id: int, language: str) -> bytes:
        stored = self.claimed_messages.get(message_id)
        if stored is None or stored.reply_to_user_id:
            source = await self.source(message_id, stored)
            stored, reply_to = source.stored, source.reply_to
        else:
            reply_to = ""
        key = (stored.content, stored.attachment, reply_to, language)
        if (body := self.bodies_by_content.get(key)) is not None:
            self.bodies_by_content.move_to_end(key)
            return body
        attachment = stored.attachment
        attachments = (Attachment("event.ics", attachment, "text", "calendar"),) if attachment else ()
        rendered = render(codec.loads(stored.content), language, self.preferences_url)
        body = self.bodies_by_content[key] = compose_body(self.sender, rendered, attachments, reply_to)
        if len(self.bodies_by_content) > CACHED_RENDERINGS:
            self.bodies_by_content.popitem(last=False)
        return body
