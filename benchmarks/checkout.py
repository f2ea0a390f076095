"""Time order placement under concurrency on PostgreSQL: many buyers, one hot product or many products.

Each scenario creates guest carts (one line of 2 units), then places their orders
from ``--threads`` threads at once (each thread with its own database
connection) and prints orders per second and the median and 95th percentile
latency of ``order_place`` in milliseconds, with the count of out-of-stock
refusals. "hot" sends every buyer to one variant (its row lock serialises
them: the worst case); "spread" gives each buyer a different product; "promo"
is "spread" with a shared unlimited promo code (its row is locked too).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/webox_bench \\
        .venv/bin/python -m benchmarks.checkout --orders 400 --threads 8

The database must be migrated first (``manage.py migrate``). Never point it at
production: it inserts rows (all under a category named ``bench-checkout``).
"""

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webox.settings.dev")
# Emails are queued (in memory), not sent inside the timed call: a worker sends them in production.
os.environ["CELERY_EAGER"] = "false"
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.db import connection, connections  # noqa: E402

from orders.services import order_place  # noqa: E402
from shop.models import Category, Product, ProductVariant, PromoCode  # noqa: E402
from shop.services import cart_add_line, cart_get_or_create  # noqa: E402
from webox.common.errors import ApplicationError  # noqa: E402

ADDRESS = {
    "full_name": "Banc d'essai",
    "line1": "1 rue du Test",
    "postal_code": "75001",
    "city": "Paris",
    "country": "FR",
}


def _variants(count: int, *, stock: int) -> list[ProductVariant]:
    """Create ``count`` products (one variant each, ``stock`` units) in the benchmark category."""
    category, _created = Category.objects.get_or_create(slug="bench-checkout", defaults={"name": "bench-checkout"})
    run = uuid.uuid4().hex[:8]
    variants = []
    for index in range(count):
        product = Product.objects.create(name=f"Bench {run} {index}", slug=f"bench-{run}-{index}", category=category)
        variants.append(
            ProductVariant.objects.create(
                product=product, sku=f"BENCH-{run}-{index}", price=Decimal("19.90"), stock=stock, is_default=True
            )
        )
    return variants


def _carts(variants: list[ProductVariant], orders: int, promo: PromoCode | None):
    carts = []
    for index in range(orders):
        cart = cart_get_or_create(token=f"bench-{uuid.uuid4().hex}")
        cart_add_line(cart=cart, variant_id=variants[index % len(variants)].pk, quantity=2)
        if promo is not None:
            cart.promo_code = promo
            cart.save(update_fields=["promo_code"])
        carts.append(cart)
    return carts


def _place_all(carts, threads: int) -> tuple[list[float], int, float]:
    """Place every cart's order from ``threads`` threads; return latencies (ms), refusals and wall time (s)."""
    pending = list(carts)
    lock = threading.Lock()
    latencies: list[float] = []
    refused = [0]

    def work():
        while True:
            with lock:
                if not pending:
                    break
                cart = pending.pop()
            started = time.perf_counter()
            try:
                order_place(cart=cart, email="bench@example.com", shipping_address=ADDRESS,
                            billing_address=None, shipping_method="standard")  # fmt: skip
            except ApplicationError:
                with lock:
                    refused[0] += 1
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
        connections.close_all()

    started = time.perf_counter()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, refused[0], time.perf_counter() - started


def _report(name: str, latencies: list[float], refused: int, wall: float) -> None:
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    placed = len(latencies) - refused
    print(
        f"{name:<8} {placed:>5} orders {refused:>5} refused  {len(latencies) / wall:>7.1f} checkouts/s  "
        f"median {statistics.median(ordered):>6.1f} ms  p95 {p95:>6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: row locks are what this measures.")
    half_stock = args.orders  # 2 units per order: the hot variant runs out halfway
    promo = PromoCode.objects.create(code=f"BENCH{uuid.uuid4().hex[:8]}", kind="percentage", value=Decimal("10"),
                                     per_customer_limit=None)  # fmt: skip
    scenarios = {
        "hot": (_variants(1, stock=half_stock), None),
        "spread": (_variants(args.orders, stock=10), None),
        "promo": (_variants(args.orders, stock=10), promo),
    }
    print(f"{args.orders} checkouts per scenario, {args.threads} threads, 2 units per order")
    for name, (variants, code) in scenarios.items():
        carts = _carts(variants, args.orders, code)
        _report(name, *_place_all(carts, args.threads))
    hot = scenarios["hot"][0][0]
    hot.refresh_from_db()
    print(f"hot variant stock left: {hot.stock} (never negative: the database refuses it)")


if __name__ == "__main__":
    main()
