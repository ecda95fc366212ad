"""Outgoing mail: SMTP when ``Settings.smtp_host`` is set, otherwise the message is logged.

The logged form is the embedded default (a single machine with no mail server): accounts are
active at once there, and the confirmation / reset links appear in the service log instead.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage

from engine.errors import OzwbError
from engine.settings import Settings

log = logging.getLogger("ozwb.mail")
SMTP_TIMEOUT = 20.0


class MailError(OzwbError):
    """The SMTP server refused the message or could not be reached."""


@dataclass
class Mailer:
    """Sends plain-text mail; ``sent`` keeps what was logged when no SMTP is configured (for the CLI/tests)."""

    settings: Settings
    sent: list[EmailMessage] = field(default_factory=list)

    @property
    def configured(self) -> bool:
        return bool(self.settings.smtp_host)

    def link(self, path: str) -> str:
        """An absolute link into the service for a mail body."""
        return self.settings.public_url.rstrip("/") + "/" + path.lstrip("/")

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.settings.smtp_from
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        if not self.configured:
            self.sent.append(message)
            log.warning("mail not sent (no OZWB_SMTP_HOST), to %s: %s\n%s", to, subject, body)
            return
        self._deliver(message)

    def _deliver(self, message: EmailMessage) -> None:
        s = self.settings
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
                if s.smtp_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password.get_secret_value())
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"SMTP {s.smtp_host}:{s.smtp_port}: {exc}") from exc
