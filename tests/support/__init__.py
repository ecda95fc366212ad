"""Test-only helpers: the official marketplace specs as an executable contract."""
