"""Accounts of the web service: registration, sign-in, sessions, 2FA, managers, audit log, notices.

Pure engine code (no web framework): every function takes a SQLAlchemy session and the acting user.
Errors are :class:`AccountError` subclasses with a stable ``code`` and a Russian ``message``.
"""

from engine.accounts.audit import audit_events, record_audit
from engine.accounts.bearer import issue_token, token_claims
from engine.accounts.cleanup import Removed, delete_expired
from engine.accounts.errors import (
    AccountError,
    EmailNotConfirmedError,
    EmailTakenError,
    InvalidCredentialsError,
    InvalidEmailError,
    InviteInvalidError,
    TokenInvalidError,
    TooManyAttemptsError,
    TotpInvalidError,
    TotpRequiredError,
    WeakPasswordError,
)
from engine.accounts.managers import (
    accept_invite,
    find_invite,
    invite_manager,
    managers_of,
    pending_invites,
    remove_manager,
    sellers_visible_to,
)
from engine.accounts.notices import add_notice, list_notices, mark_all_read, unread_count
from engine.accounts.sessions import end_all_sessions, end_session, pending_user, session_user, start_session
from engine.accounts.totp import begin_totp, confirm_totp, disable_totp, pending_uri, totp_enabled, verify_code
from engine.accounts.users import (
    ROLES,
    authenticate,
    confirm_email,
    normalise_email,
    note_totp_result,
    register,
    request_password_reset,
    reset_password,
    user_by_email,
)

__all__ = [
    "ROLES",
    "AccountError",
    "EmailNotConfirmedError",
    "EmailTakenError",
    "InvalidCredentialsError",
    "InvalidEmailError",
    "InviteInvalidError",
    "Removed",
    "TokenInvalidError",
    "TooManyAttemptsError",
    "TotpInvalidError",
    "TotpRequiredError",
    "WeakPasswordError",
    "accept_invite",
    "add_notice",
    "audit_events",
    "authenticate",
    "begin_totp",
    "confirm_email",
    "confirm_totp",
    "delete_expired",
    "disable_totp",
    "end_all_sessions",
    "end_session",
    "find_invite",
    "invite_manager",
    "issue_token",
    "list_notices",
    "managers_of",
    "mark_all_read",
    "normalise_email",
    "note_totp_result",
    "pending_invites",
    "pending_uri",
    "pending_user",
    "record_audit",
    "register",
    "remove_manager",
    "request_password_reset",
    "reset_password",
    "sellers_visible_to",
    "session_user",
    "start_session",
    "token_claims",
    "totp_enabled",
    "unread_count",
    "user_by_email",
    "verify_code",
]
