"""The engine's exception tree: one root, expected failures named by what happened.

Row-level problems are never exceptions (see ``RowIssue``); these are for calls
that cannot go on.

Marketplace calls fail with a subclass of :class:`MarketplaceError`, chosen by what
the marketplace meant rather than by the raw status (Ozon answers a wrong key with
404 + code 5, which is an :class:`AuthenticationError`). Every text these errors carry
has been through redaction, so printing or logging one never leaks a credential.
"""

from __future__ import annotations


class OzwbError(Exception):
    """Root of every error the engine raises on purpose."""

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (the web checks uploads in a process pool). The default pickling
        # calls ``cls(*args)``, which loses keyword-only fields and fails where they are required.
        return _restored, (type(self), self.args, dict(self.__dict__))


def _restored(cls: type[OzwbError], args: tuple[object, ...], state: dict[str, object]) -> OzwbError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ConfigurationError(OzwbError):
    """Settings are missing or contradict each other."""


class MarketplaceError(OzwbError):
    """A marketplace call that did not succeed.

    ``status`` is the HTTP status (``None`` when no answer arrived); ``code`` is the
    marketplace's own error code (Ozon's gRPC number, WB's ``code`` string), if any.
    """

    def __init__(
        self,
        message: str,
        *,
        marketplace: str,
        method: str,
        path: str,
        status: int | None = None,
        code: str | int | None = None,
        details: object = None,
    ) -> None:
        self.message = message
        self.marketplace = marketplace
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.details = details
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.marketplace} {self.method} {self.path}"
        status = f" -> HTTP {self.status}" if self.status is not None else ""
        code = f" (code {self.code})" if self.code not in (None, "") else ""
        return f"{where}{status}{code}: {self.message}"


class AuthenticationError(MarketplaceError):
    """The credential was rejected (WB 401, Ozon 404 with code 5 "Invalid Api-Key")."""


class PermissionDeniedError(MarketplaceError):
    """The credential is valid but may not call this method (403: token category, missing role)."""


class NotFoundError(MarketplaceError):
    """The addressed object or method does not exist (404)."""


class BadRequestError(MarketplaceError):
    """The marketplace refused the request as invalid (400/413/422, or WB's HTTP 200 with ``error: true``).

    ``additional_errors`` keeps WB's ``additionalErrors`` as sent (object, string or ``None``).
    """

    @property
    def additional_errors(self) -> object:
        return self.details


class ConflictError(MarketplaceError):
    """The request conflicts with the marketplace's state (409)."""


class RateLimitedError(MarketplaceError):
    """Still rate limited after all retries (429); ``retry_after`` is the marketplace's last hint, in seconds."""

    def __init__(
        self,
        message: str,
        *,
        marketplace: str,
        method: str,
        path: str,
        status: int | None = 429,
        code: str | int | None = None,
        details: object = None,
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(
            message, marketplace=marketplace, method=method, path=path, status=status, code=code, details=details
        )


class ServerError(MarketplaceError):
    """The marketplace kept failing on its side (5xx after retries)."""


class TransportError(MarketplaceError):
    """No usable answer arrived (connection refused, timeout, dropped connection) after retries."""


class AmbiguousWriteError(MarketplaceError):
    """A write that must not be repeated blindly may or may not have taken effect.

    The request was sent, but its answer was lost (timeout, reset) or was a 5xx. The
    caller has to look at the marketplace's state before deciding to send it again.
    """


class UnexpectedResponseError(MarketplaceError):
    """The marketplace answered successfully but with a body we cannot read."""


class RecordNotFoundError(OzwbError):
    """A stored object does not exist *for this user* (another owner's id looks exactly like a missing one)."""
