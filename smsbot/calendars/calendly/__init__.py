"""Calendly as the business calendar (API v2: availability, the Scheduling API, webhooks)."""
