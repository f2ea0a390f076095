"""``manage.py payments_reconcile [--days N]``: process the gateways' recent events that never arrived."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from payments.services import payments_reconcile


class Command(BaseCommand):
    help = "Fetch recent events and open payment pages from the gateways; process what no notification brought."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=3, help="How far back to look (default 3, Stripe keeps 30).")

    def handle(self, *args, days: int, **options) -> None:
        count = payments_reconcile(lookback=timedelta(days=days))
        self.stdout.write(f"{count} notification(s) processed by reconciliation.")
