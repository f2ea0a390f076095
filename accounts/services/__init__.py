"""Writes on accounts, one module per concern; the public names are re-exported here."""

from .addresses import AddressDefault, address_create, address_delete, address_set_default, address_update
from .audit import security_event_record
from .privacy import user_delete_account, user_export_data
from .profile import user_update_notification_preferences, user_update_profile
from .staff import user_deactivate, user_twofactor_reset, user_verification_resend
from .tokens import IssuedToken, api_token_create, api_token_revoke, api_token_touch
from .twofactor import (
    TwoFactorEnabled,
    twofactor_backup_codes_regenerate,
    twofactor_disable,
    twofactor_setup_confirm,
    twofactor_setup_start,
    twofactor_verify,
)

__all__ = [
    "AddressDefault",
    "IssuedToken",
    "TwoFactorEnabled",
    "address_create",
    "address_delete",
    "address_set_default",
    "address_update",
    "api_token_create",
    "api_token_revoke",
    "api_token_touch",
    "security_event_record",
    "twofactor_backup_codes_regenerate",
    "twofactor_disable",
    "twofactor_setup_confirm",
    "twofactor_setup_start",
    "twofactor_verify",
    "user_deactivate",
    "user_delete_account",
    "user_export_data",
    "user_twofactor_reset",
    "user_update_notification_preferences",
    "user_update_profile",
    "user_verification_resend",
]
