"""Emulator of the Ozon Seller API read methods ozwb uses, mounted at ``/ozon``."""

from sandbox.ozon.router import build_router

__all__ = ["build_router"]
