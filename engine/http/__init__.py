"""The HTTP base of the marketplace clients: pacing, retries, error mapping, redaction."""

from engine.http.client import HttpClient
from engine.http.dialect import OZON, WB, Dialect, ErrorBody
from engine.http.redaction import Redactor
from engine.http.retry import RetryPolicy, backoff_delay, ozon_retry_after, wb_retry_after

__all__ = [
    "OZON",
    "WB",
    "Dialect",
    "ErrorBody",
    "HttpClient",
    "Redactor",
    "RetryPolicy",
    "backoff_delay",
    "ozon_retry_after",
    "wb_retry_after",
]
