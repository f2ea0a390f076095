"""Signals that let higher apps take part in an account's personal data.

``personal_data_requested``: sent with ``user`` when the user downloads their
data; each receiver returns ``{section_name: json_serialisable_data}`` and the
sections are merged into the export.

``user_deleting``: sent with ``user`` inside the deletion's transaction, before
the row is deleted, so that apps which must keep records (orders, invoices)
anonymise them instead of losing them to the cascade.

``security_event_recorded``: sent with ``event`` (a ``SecurityEvent`` of one of
``accounts.services.audit.SECURITY_ALERT_TYPES``: new-device login, 2FA change)
after the transaction that recorded it commits; the notifications app alerts the user.
"""

from django.dispatch import Signal

personal_data_requested = Signal()
user_deleting = Signal()
security_event_recorded = Signal()
