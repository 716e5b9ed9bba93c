"""Staff numbers (the allow-list for admin commands) and the audit log of their commands."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from smsbot.store.models import AuditEntry, StaffMember

ROLES = ("owner", "staff")


def get(session: Session, phone: str) -> StaffMember | None:
    return session.get(StaffMember, phone)


def add(session: Session, phone: str, name: str, role: str, now: datetime) -> StaffMember:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    member = session.get(StaffMember, phone)
    if member is None:
        member = StaffMember(phone=phone, created_at=now)
        session.add(member)
    member.name, member.role = name[:80], role
    session.flush()
    return member


def remove(session: Session, phone: str) -> bool:
    return session.execute(delete(StaffMember).where(StaffMember.phone == phone)).rowcount > 0


def everyone(session: Session) -> list[StaffMember]:
    return list(session.scalars(select(StaffMember).order_by(StaffMember.role, StaffMember.name)))


def audit(session: Session, member: StaffMember, command: str, outcome: str, now: datetime) -> None:
    session.add(AuditEntry(at=now, phone=member.phone, name=member.name, command=command[:400],
                           outcome=outcome[:400]))


def audit_log(session: Session, limit: int = 100) -> list[AuditEntry]:
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    return list(reversed(list(rows)))
