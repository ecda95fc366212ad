"""A real local SMTP server (aiosmtpd) that keeps every mail, for tests that follow mailed links."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from sandbox.server import free_port


@dataclass
class Inbox:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's handler hook
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def link(self, base: str, kind: str, timeout: float = 20.0) -> str:
        """The newest ``base/kind/…`` link mailed, waiting for the mail to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.messages):
                body = message.get_body(preferencelist=("plain",))
                found = re.search(rf"{re.escape(base)}/{kind}/\S+", body.get_content() if body else "")
                if found:
                    return found.group(0)
            time.sleep(0.1)
        raise AssertionError(f"no mail with a /{kind}/ link")


@pytest.fixture(name="inbox")
def inbox_fixture() -> Iterator[tuple[Inbox, int]]:
    """The inbox and the port its SMTP server listens on (127.0.0.1, no TLS)."""
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
