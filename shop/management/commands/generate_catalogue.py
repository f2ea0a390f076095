"""``manage.py generate_catalogue --products N``: bulk-load a synthetic catalogue for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandParser

from shop.services.generator import catalogue_generate, catalogue_generated_clear


class Command(BaseCommand):
    help = "Add N generated products (1 to 3 variants and a few tags each) with bulk inserts; deterministic per seed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, required=True, help="Number of products to add.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed (same seed, same catalogue).")
        parser.add_argument("--batch-size", type=int, default=2000, help="Rows per bulk insert.")
        parser.add_argument("--clear", action="store_true", help="Delete the generated products first.")

    def handle(self, *args, products: int, seed: int, batch_size: int, clear: bool, **options) -> None:
        if clear:
            self.stdout.write(f"Deleted {catalogue_generated_clear()} generated products.")
        started = time.perf_counter()
        added = catalogue_generate(products=max(products, 0), seed=seed, batch_size=max(batch_size, 1))
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Added {added} products in {seconds:.1f} s."))
