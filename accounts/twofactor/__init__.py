"""Two-factor authentication (django-otp TOTP + hashed backup codes): pages, login stage, enforcement.

Writes live in ``accounts.services.twofactor``; this package holds the reads,
the error codes, the allauth login stage, the DRF session check and the pages.
"""
