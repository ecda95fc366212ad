"""Housekeeping: expired sessions, links, invitations and old sign-in attempts are deleted; nothing live is."""

from __future__ import annotations

import time

from sqlalchemy import select

from engine.accounts import delete_expired, register, session_user, start_session
from engine.mail import Mailer
from engine.settings import Settings
from engine.store import Store
from engine.store.account_models import EmailToken, LoginAttempt, ManagerInvite, WebSession
from worker.housekeeping import Housekeeping

HOUR = 3600.0


def seed(store: Store, mailer: Mailer, settings: Settings) -> tuple[int, str]:
    """One user with a live and an expired row of every kind; returns the user's id and live session token."""
    past, future = time.time() - HOUR, time.time() + HOUR
    with store.session() as session:
        user = register(session, mailer, "keeper@example.com", "correct horse battery", confirmed=True)
        live_token = start_session(session, settings, user)
        session.add(WebSession(user_id=user.id, token_hash="s-old", ip="", created_at=past - HOUR, expires_at=past))
        session.add_all([
            EmailToken(user_id=user.id, purpose="reset", token_hash="t-old", expires_at=past, created_at=past),
            EmailToken(user_id=user.id, purpose="reset", token_hash="t-used", expires_at=future, used_at=past,
                       created_at=past),  # still says "already used" until it expires
            EmailToken(user_id=user.id, purpose="confirm", token_hash="t-live", expires_at=future, created_at=past),
        ])
        window = settings.login_window
        session.add_all([
            LoginAttempt(email="keeper@example.com", ip="1.2.3.4", ok=False, at=time.time() - 3 * window),
            LoginAttempt(email="keeper@example.com", ip="1.2.3.4", ok=False, at=time.time() - window / 2),
        ])
        session.add_all([
            ManagerInvite(seller_id=user.id, email="a@example.com", token_hash="i-old", expires_at=past,
                          created_at=past),
            ManagerInvite(seller_id=user.id, email="b@example.com", token_hash="i-taken", expires_at=past,
                          accepted_at=past, created_at=past),  # accepted: a record of who was invited
            ManagerInvite(seller_id=user.id, email="c@example.com", token_hash="i-live", expires_at=future,
                          created_at=past),
        ])
        return user.id, live_token


def test_expired_rows_are_deleted_and_live_ones_kept(store, mailer, web_settings):
    user_id, token = seed(store, mailer, web_settings)
    with store.session() as session:
        removed = delete_expired(session, web_settings)
    assert (removed.sessions, removed.email_tokens, removed.login_attempts, removed.invites) == (1, 1, 1, 1)
    with store.session() as session:
        assert session.scalars(select(WebSession.user_id)).all() == [user_id]
        kept = set(session.scalars(select(EmailToken.token_hash)))
        assert {"t-used", "t-live"} <= kept and "t-old" not in kept
        assert session.query(LoginAttempt).count() == 1
        assert set(session.scalars(select(ManagerInvite.token_hash))) == {"i-taken", "i-live"}
        user = session_user(session, token)
        assert user is not None and user.id == user_id  # the live session still signs in
    with store.session() as session:
        assert delete_expired(session, web_settings).total == 0  # nothing left to delete


def test_the_worker_runs_it_at_most_once_per_period(store, mailer, web_settings):
    seed(store, mailer, web_settings)
    clock = [1000.0]
    housekeeping = Housekeeping(store, web_settings, every=HOUR, clock=lambda: clock[0])
    assert housekeeping.maybe_run()
    with store.session() as session:
        session.add(WebSession(user_id=session.scalars(select(WebSession.user_id)).first(), token_hash="s-later",
                               ip="", created_at=0.0, expires_at=1.0))
    clock[0] += HOUR - 1
    assert not housekeeping.maybe_run()
    with store.session() as session:
        assert session.scalar(select(WebSession.id).where(WebSession.token_hash == "s-later")) is not None
    clock[0] += 1
    assert housekeeping.maybe_run()
    with store.session() as session:
        assert session.scalar(select(WebSession.id).where(WebSession.token_hash == "s-later")) is None
