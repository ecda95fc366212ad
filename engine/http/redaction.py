"""Keeping credentials out of every text we produce: logs, reprs, exception messages.

Two layers: the exact secret values a client knows about are blanked wherever they
appear, and anything that looks like a credential header or field (``Api-Key: …``,
``"Authorization": "…"``, ``token=…``) has its value blanked even if the value is unknown
to us, e.g. when a marketplace echoes a request back in an error body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"
# Shorter "secrets" would blank innocent text (an empty key would blank everything).
_MIN_SECRET_LENGTH = 4
_CREDENTIAL_FIELD = re.compile(
    r"""(?ix)
    (?P<name>["']?(?:api[-_]?key|authorization|x-api-key|token|access[-_]?token|secret|password)["']?)
    (?P<sep>\s*[:=]\s*)
    (?P<quote>["']?)
    (?P<value>(?:bearer\s+)?[^\s"',;}&]+)
    """
)


class Redactor:
    """Blanks known secrets and credential-looking fields in text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = {s.strip() for s in secrets if s and len(s.strip()) >= _MIN_SECRET_LENGTH}
        # Longest first, so a secret that contains another is blanked whole.
        self._secrets = sorted(values, key=len, reverse=True)

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"

    def text(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, MASK)
        return _CREDENTIAL_FIELD.sub(lambda m: f"{m['name']}{m['sep']}{m['quote']}{MASK}", value)

    def data(self, value: object) -> object:
        """The same for decoded JSON: strings are redacted, containers walked."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(str(k)): self.data(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(v) for v in value]
        return value
