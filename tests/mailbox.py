"""A real SMTP server for tests (aiosmtpd), keeping every message it accepts."""

from __future__ import annotations

import email
import threading
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from tests.faults import free_port


class _Collect:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content)
        with self.box.lock:
            self.box.messages.append(message)
        return "250 OK"


class Mailbox:
    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]
