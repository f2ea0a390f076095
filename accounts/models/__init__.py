"""Accounts data: users, addresses, API tokens, backup codes, the security audit log."""

from .address import Address
from .security import SecurityEvent
from .tokens import ApiToken
from .twofactor import BackupCode, BackupCodeDevice
from .user import User, UserManager

__all__ = ["Address", "ApiToken", "BackupCode", "BackupCodeDevice", "SecurityEvent", "User", "UserManager"]
