"""The push's exceptions, under the engine's root ``OzwbError``.

What WB says about a card is never raised: it is stored on the card and written next to its rows.
"""

from __future__ import annotations

from engine.errors import OzwbError


class PushError(OzwbError):
    """A push cannot go on."""


class JobNotFoundError(PushError):
    """No push job with that id."""
