"""Past-tense signals of orders, sent after the transaction that made them true has committed.

Each is sent with ``sender=Order`` and ``order`` (the order, reloaded); higher
apps connect to them in their ``receivers.py`` (AI studio: credits of a paid
credit pack; payments: refund of a cancelled paid order; notifications).
``order_refunded`` also carries ``amount``; ``order_cancelled`` carries
``was_paid`` (a refund is due).
"""

from django.dispatch import Signal

order_placed = Signal()
order_paid = Signal()
order_shipped = Signal()
order_delivered = Signal()
order_cancelled = Signal()
order_refunded = Signal()
