"""Sending one e-mail over SMTP (any server: the office's relay, or aiosmtpd in tests)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from alur.core.settings import get_settings


def build(to: str, subject: str, body: str, message_id: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = get_settings().smtp.sender
    message["To"] = to
    message["Subject"] = subject
    # Stable per notification: a resend after a crash is recognisable as the same mail.
    message["Message-ID"] = message_id
    message.set_content(body)
    return message


def send(message: EmailMessage) -> None:
    s = get_settings().smtp
    with smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds) as client:
        if s.starttls:
            client.starttls()
        if s.username:
            client.login(s.username, s.password)
        client.send_message(message)
