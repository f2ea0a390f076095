"""``manage.py seed_demo``: load the demo data (idempotent) and print the demo logins."""

import os
import time

from django.core.management.base import BaseCommand

from webox.demo import DEFAULT_PASSWORD, demo_seed
from webox.demo.accounts import DEMO_ACCOUNTS, demo_authenticator_urls, demo_totp_secret


class Command(BaseCommand):
    help = (
        "Load the demo data: catalogue with pictures, blog posts, FAQ (fr/en) and three accounts. "
        "Safe to run again. Passwords come from DEMO_PASSWORD (default: webox-demo-2026); the staff accounts' "
        "two-factor key from DEMO_TOTP_SECRET (printed)."
    )

    def handle(self, *args, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        started = time.perf_counter()
        summary = demo_seed(password=password)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {elapsed:.1f} s: ")
            + f"{summary.categories} categories, {summary.products} products ({summary.variants} variants, "
            f"{summary.images} pictures), {summary.posts} blog posts, "
            f"{summary.faq_entries} FAQ entries in {summary.faq_categories} categories, "
            f"{summary.promo_codes} promo codes (BIENVENUE10, LIVRAISON, MOINS5, LIVRES20)."
        )
        self.stdout.write("Demo logins (development data only):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<20} {password}   {account.role}")
        self._authenticator_print()

    def _authenticator_print(self) -> None:
        """Print the staff accounts' second factor: staff cannot open the back office without it."""
        self.stdout.write(
            f"Staff two-factor key (DEMO_TOTP_SECRET), to add to an authenticator app: {demo_totp_secret()}"
        )
        for email, url in sorted(demo_authenticator_urls().items()):
            self.stdout.write(f"  {email:<20} {url}")
