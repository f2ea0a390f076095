"""Signals that let higher apps take part in an account's personal data.

``personal_data_requested``: sent with ``user`` when the user downloads their
data; each receiver returns ``{section_name: json_serialisable_data}`` and the
sections are merged into the export.

``user_deleting``: sent with ``user`` inside the deletion's transaction, before
the row is deleted, so that apps which must keep records (orders, invoices)
anonymise them instead of losing them to the cascade.
"""

from django.dispatch import Signal

personal_data_requested = Signal()
user_deleting = Signal()
