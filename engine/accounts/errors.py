"""Account failures a user can cause; every message is Russian and safe to show as is."""

from __future__ import annotations

from engine.errors import OzwbError


class AccountError(OzwbError):
    """Root of the account errors; ``code`` is stable for the REST API."""

    code = "account_error"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class WeakPasswordError(AccountError):
    code = "weak_password"


class InvalidEmailError(AccountError):
    code = "invalid_email"


class EmailTakenError(AccountError):
    code = "email_taken"


class InvalidCredentialsError(AccountError):
    code = "invalid_credentials"


class EmailNotConfirmedError(AccountError):
    code = "email_not_confirmed"


class TooManyAttemptsError(AccountError):
    code = "too_many_attempts"


class TokenInvalidError(AccountError):
    code = "token_invalid"


class TotpRequiredError(AccountError):
    code = "totp_required"


class TotpInvalidError(AccountError):
    code = "totp_invalid"


class InviteInvalidError(AccountError):
    code = "invite_invalid"


class AccountBlockedError(AccountError):
    code = "account_blocked"
