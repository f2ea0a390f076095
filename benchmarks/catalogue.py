"""Time catalogue search and filtered listing on PostgreSQL with a large catalogue.

Ensures at least ``--products`` products exist (adding generated ones with
``generate_catalogue`` when short), then takes page 1 (24 products, with the
prefetches a page does) of each scenario many times and prints medians in
milliseconds: the database work of the HTML page and of the API, then whole
requests through Django (middleware, view, templates; no network, DEBUG off),
followed by ``EXPLAIN ANALYZE`` of each main statement so the indexes used can
be checked. Pages are timed cold (the catalogue cache off: every run counts and
ranks again) and warm (a search's counts and ranked ids, a listing's category
counts, read from the cache, as the next visitors and the next pages read them).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/webox_bench \\
        .venv/bin/python -m benchmarks.catalogue --products 100000 --runs 50

The database must be migrated first (``manage.py migrate``). Never point it at
production: it inserts rows.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webox.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402

from shop.categories import CategoryTree  # noqa: E402
from shop.filters import (  # noqa: E402
    PAGE_SIZE,
    ProductFilters,
    SearchResults,
    filters_parse,
    filters_with_search_terms,
    product_count_by_category,
    product_list_filtered,
    search_page_statement,
    search_page_with_counts,
    uses_search_documents,
)
from shop.models import Product  # noqa: E402
from shop.search import product_suggest  # noqa: E402

SCENARIOS = {
    "search 'chaussure randonnée'": "search=chaussure+randonnée",
    "search typo 'chausure'": "search=chausure",
    "search 'bio' (tag) + in stock": "search=bio&in_stock=true",
    "listing: category (with descendants) + price range + in stock, by price": (
        "category=gen-mode&min_price=20&max_price=150&in_stock=true&ordering=price"
    ),
    "listing: all, best rated": "ordering=rating",
    "listing: min rating 4 + tag, newest": "min_rating=4&tags=durable&ordering=newest",
}


def ensure_products(target: int) -> int:
    existing = Product.objects.count()
    if existing < target:
        print(f"{existing} products: generating {target - existing} more…", flush=True)
        started = time.perf_counter()
        call_command("generate_catalogue", products=target - existing)
        print(f"  loaded in {time.perf_counter() - started:.1f} s", flush=True)
    return Product.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--no-explain", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: this benchmark measures PostgreSQL search.")
    total = ensure_products(args.products)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE shop_product; ANALYZE shop_productvariant; ANALYZE taggit_taggeditem;")
    tree = CategoryTree.load()
    settings.DEBUG = False  # as in production: no query log, no debug error pages
    logging.disable(logging.INFO)  # one access-log line per request would be measured, and printed
    settings.RATELIMIT_ENABLE = False  # thousands of requests a minute from one address: the API's limit would answer
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\n{total} products · {args.runs} runs each · page 1 ({PAGE_SIZE} products with prefetches)")
    # "db" is the database work of the HTML page and of GET /api/v1/products/ (they do the same), in
    # Python (queries and the models they load): deciding what a search looks for (its spelling
    # correction, if any), then for a search one statement that counts per category and takes the page,
    # plus loading the page's products; for a listing, the category counts (the paginators take their
    # total from them) and the page. "HTML" and "API" are whole requests through Django's test client
    # (middleware, view, templates or serializers; no network), with their 95th percentile.
    # "warm" is the database work, then the HTML page, with the search's counts and ranked ids (or the
    # listing's category counts) already cached; every other column is cold (SHOP_CATALOGUE_CACHE_SECONDS
    # = 0: each run counts and ranks again, as the first visitor after a catalogue change does).
    columns = f"{'db':>6} {'HTML':>6} {'p95':>6} {'API':>6} {'p95':>6} {'db warm':>7} {'HTML':>6}"
    timings = Timings()
    explains = []
    for label, query in SCENARIOS.items():
        parsed = filters_parse(QueryDict(query), tree=tree)
        assert not parsed.errors, parsed.errors
        filters = filters_with_search_terms(parsed, tree=tree)
        results = product_list_filtered(filters=filters, tree=tree)
        html_url, api_url = _urls(query)
        database = _database_work(parsed, tree)
        timings.add((label, "database"), database)
        timings.add((label, "HTML"), _request(client, html_url))
        timings.add((label, "API"), _request(client, api_url))
        timings.add((label, "warm"), database, cache_seconds=120)
        timings.add((label, "HTML warm"), _request(client, html_url), cache_seconds=120)
        if isinstance(results, SearchResults):
            explains.append((label, search_page_statement(filters=filters, tree=tree, offset=0)))
        else:
            explains.append((label, results.prefetch_related(None)[:PAGE_SIZE].query.sql_with_params()))
    suggest_label = "suggest 'chaus' (GET /api/v1/search/suggest/ in the API columns)"
    timings.add((suggest_label, "database"), lambda: product_suggest(query="chaus"))
    timings.add((suggest_label, "API"), _request(client, "/api/v1/search/suggest/?q=chaus"))
    # The host's speed, timed in the same rounds: this shared host ran the same figures up to twice as slow
    # from one hour to the next, so figures are compared across runs through these two.
    timings.add(("host", "python"), _python_loop)
    timings.add(("host", "sql"), _sql_loop)
    timings.run(args.runs)
    print(
        f"host speed (medians, timed in the same rounds; lower is faster): a Python loop of 1 million additions "
        f"{timings.median(('host', 'python')):.1f} ms; PostgreSQL summing 200,000 numbers "
        f"{timings.median(('host', 'sql')):.1f} ms\n"
    )
    print(f"{'scenario (median ms)':<75} {columns}")
    for label in [*SCENARIOS, suggest_label]:
        cells = [
            timings.median((label, "database")),
            timings.median((label, "HTML")),
            timings.p95((label, "HTML")),
            timings.median((label, "API")),
            timings.p95((label, "API")),
            timings.median((label, "warm")),
            timings.median((label, "HTML warm")),
        ]
        widths = [6, 6, 6, 6, 6, 7, 6]
        pairs = zip(cells, widths, strict=True)
        shown = [f"{cell:>{width}.1f}" if cell is not None else " " * width for cell, width in pairs]
        print(f"{label:<75} " + " ".join(shown))
    if not args.no_explain:
        for label, (sql, params) in explains:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n=== EXPLAIN ANALYZE · {label}\n{plan}")


def _database_work(parsed: ProductFilters, tree: CategoryTree) -> Callable:
    """The database work of the HTML page and of the API (they do the same) for these filters."""

    def search():
        filters = filters_with_search_terms(parsed, tree=tree)
        search_page_with_counts(filters=filters, tree=tree, offset=0)

    def listing():  # the paginators take their total from the category counts: no COUNT
        product_count_by_category(filters=parsed, tree=tree)
        list(product_list_filtered(filters=parsed, tree=tree)[:PAGE_SIZE])

    return search if uses_search_documents(parsed) else listing


def _request(client: Client, url: str) -> Callable:
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)  # a quick error page would flatter

    return get


class Timings:
    """Measurements taken in rounds, each round timing every measurement once.

    A slow spell of a shared host then falls on every figure alike, instead of on whichever
    scenario was being timed (figures taken one scenario after the other moved by half here).
    """

    def __init__(self) -> None:
        self.measurements: dict[tuple[str, str], tuple[Callable, int]] = {}
        self.samples: dict[tuple[str, str], list[float]] = {}

    def add(self, key: tuple[str, str], function: Callable, *, cache_seconds: int = 0) -> None:
        """Time ``function`` with searches cached for ``cache_seconds`` (0: every search ranked again)."""
        self.measurements[key] = (function, cache_seconds)

    def run(self, runs: int) -> None:
        for function, cache_seconds in self.measurements.values():  # warm-up: fills the caches "warm" reads
            settings.SHOP_CATALOGUE_CACHE_SECONDS = cache_seconds
            function()
        self.samples = {key: [] for key in self.measurements}
        for _ in range(runs):
            for key, (function, cache_seconds) in self.measurements.items():
                settings.SHOP_CATALOGUE_CACHE_SECONDS = cache_seconds
                started = time.perf_counter()
                function()
                self.samples[key].append((time.perf_counter() - started) * 1000)

    def median(self, key: tuple[str, str]) -> float | None:
        return statistics.median(self.samples[key]) if key in self.samples else None

    def p95(self, key: tuple[str, str]) -> float | None:
        if key not in self.samples:
            return None
        ordered = sorted(self.samples[key])
        return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _python_loop() -> None:
    """A plain Python loop: its time tells how fast the host runs Python just now."""
    total = 0
    for number in range(1_000_000):
        total += number


def _sql_loop() -> None:
    """A statement that reads no table: its time tells how fast the database server computes just now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(number) FROM generate_series(1, 200000) AS number")
        cursor.fetchone()


def _urls(query: str) -> tuple[str, str]:
    """The HTML page (the search page for a search, else the catalogue) and the API URL of a scenario."""
    if query.startswith("search="):
        return "/shop/search/?" + query.replace("search=", "q=", 1), "/api/v1/products/?" + query
    return "/shop/?" + query, "/api/v1/products/?" + query


if __name__ == "__main__":
    main()
