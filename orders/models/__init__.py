"""Orders, their lines and history, invoices, downloads and the AI credits they grant."""

from .invoice import DocumentSequence, DownloadGrant, Invoice
from .order import CreditGrant, Order, OrderEvent, OrderLine

__all__ = ["CreditGrant", "DocumentSequence", "DownloadGrant", "Invoice", "Order", "OrderEvent", "OrderLine"]
