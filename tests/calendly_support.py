"""Settings and customers for a Calendly deployment whose Calendly is the fake."""
from __future__ import annotations

from datetime import datetime, timezone

from smsbot.config import Settings
from smsbot.store.customers import Details, remember


def calendly_settings(fake, base: Settings | None = None, **overrides) -> Settings:
    """What `base` sets already is kept (so a test can give another token or event type)."""
    base = base or Settings()
    values = dict(calendly_token=base.calendly_token or fake.token,
                  calendly_event_type=base.calendly_event_type or fake.event_type_uri,
                  calendly_api_base=fake.base,
                  calendly_webhook_signing_key=base.calendly_webhook_signing_key or "whsec-test-key")
    values.update(overrides)
    return base.with_overrides(**values)


def known_customers(db, phones, now: datetime | None = None) -> None:
    """Customers who gave their name and email before."""
    with db.transaction() as session:
        for phone in phones:
            remember(session, phone, Details(f"Customer {phone[-4:]}", f"c{phone[-4:]}@example.com"),
                     now or datetime.now(timezone.utc))
