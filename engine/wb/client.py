"""The typed WB client: one object for content, prices, marketplace and common hosts."""

from __future__ import annotations

from engine.wb.directory import DirectoryMixin
from engine.wb.trade import TradeMixin
from engine.wb.upload import UploadMixin


class WbClient(UploadMixin, DirectoryMixin, TradeMixin):
    """One WB seller account (one token).

    ``WbClient(settings, limiter=…, policy=…, transport=…, card_creation_wait=60.0)``;
    ``card_creation_wait`` is in real-world seconds and runs ``settings.limit_speed`` times faster.
    """
