"""Managers: a seller invites one by email; the manager reads that seller's jobs and results."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine.accounts.audit import record_audit
from engine.accounts.errors import InviteInvalidError
from engine.accounts.secrets import hash_token, new_token, now
from engine.accounts.users import normalise_email
from engine.mail import Mailer
from engine.store.account_models import ManagerInvite, ManagerLink, User

INVITE_TTL = 7 * 86_400.0


def sellers_visible_to(session: Session, user: User | int) -> set[int]:
    """Ids of the sellers whose jobs and results ``user`` may read as their manager (not their own id)."""
    user_id = user if isinstance(user, int) else user.id
    return set(session.scalars(select(ManagerLink.seller_id).where(ManagerLink.manager_id == user_id)))


def invite_manager(session: Session, mailer: Mailer, seller: User, email: str, *, ip: str = "") -> ManagerInvite:
    address = normalise_email(email)
    if address == seller.email:
        raise InviteInvalidError("Нельзя пригласить самого себя.")
    token = new_token()
    at = now()
    invite = ManagerInvite(seller_id=seller.id, email=address, token_hash=hash_token(token),
                           expires_at=at + INVITE_TTL, created_at=at)
    session.add(invite)
    session.flush()
    record_audit(session, "manager_invited", user_id=seller.id, target=f"invite:{invite.id}", ip=ip,
                 detail={"email": address})
    mailer.send(address, "ozwb: приглашение менеджера",
                f"Здравствуйте!\n\nПродавец {seller.email} приглашает вас просматривать результаты его переносов "
                f"в ozwb. Чтобы принять приглашение, откройте ссылку:\n{mailer.link('/invite/' + token)}\n\n"
                "Ссылка действует 7 дней.\n")
    return invite


def find_invite(session: Session, token: str) -> ManagerInvite:
    invite = session.scalar(select(ManagerInvite).where(ManagerInvite.token_hash == hash_token(token)))
    if invite is None:
        raise InviteInvalidError("Приглашение не найдено. Попросите продавца прислать новое.")
    if invite.accepted_at is not None:
        raise InviteInvalidError("Это приглашение уже принято.")
    if invite.expires_at < now():
        raise InviteInvalidError("Срок действия приглашения истёк. Попросите продавца прислать новое.")
    return invite


def accept_invite(session: Session, token: str, user: User, *, ip: str = "") -> ManagerLink:
    """Link ``user`` (whose email must be the invited one) as a manager of the inviting seller."""
    invite = find_invite(session, token)
    if invite.email != user.email:
        raise InviteInvalidError(f"Приглашение отправлено на {invite.email}. Войдите под этим адресом.")
    invite.accepted_at = now()
    link = session.scalar(select(ManagerLink).where(ManagerLink.seller_id == invite.seller_id,
                                                    ManagerLink.manager_id == user.id))
    if link is None:
        link = ManagerLink(seller_id=invite.seller_id, manager_id=user.id, created_at=now())
        session.add(link)
    session.flush()
    record_audit(session, "manager_added", user_id=user.id, target=f"seller:{invite.seller_id}", ip=ip)
    return link


def managers_of(session: Session, seller_id: int) -> list[User]:
    query = (select(User).join(ManagerLink, ManagerLink.manager_id == User.id)
             .where(ManagerLink.seller_id == seller_id).order_by(User.email))
    return list(session.scalars(query))


def pending_invites(session: Session, seller_id: int) -> list[ManagerInvite]:
    query = select(ManagerInvite).where(ManagerInvite.seller_id == seller_id, ManagerInvite.accepted_at.is_(None),
                                        ManagerInvite.expires_at > now()).order_by(ManagerInvite.id)
    return list(session.scalars(query))


def remove_manager(session: Session, seller: User, manager_id: int, *, ip: str = "") -> bool:
    """Unlink a manager of ``seller``; False when there was no such link (another seller's stays untouched)."""
    result = session.execute(delete(ManagerLink).where(ManagerLink.seller_id == seller.id,
                                                       ManagerLink.manager_id == manager_id))
    removed = bool(getattr(result, "rowcount", 0))
    if removed:
        record_audit(session, "manager_removed", user_id=seller.id, target=f"user:{manager_id}", ip=ip)
    return removed
