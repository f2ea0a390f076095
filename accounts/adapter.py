"""WEBOX's django-allauth adapter: where the account flows meet WEBOX's own rules."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Account flows with WEBOX's second factor, audit log, language and terms."""
