"""Writes on accounts, one module per concern; the public names are re-exported here."""

from .audit import security_event_record
from .profile import user_update_profile

__all__ = ["security_event_record", "user_update_profile"]
