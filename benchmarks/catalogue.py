"""Time catalogue search and filtered listing on PostgreSQL with a large catalogue.

Ensures at least ``--products`` products exist (adding generated ones with
``generate_catalogue`` when short), then takes page 1 (24 products, with the
prefetches a page does) of each scenario many times and prints medians in
milliseconds: the database work of the HTML page and of the API, then whole
requests through Django (middleware, view, templates; no network, DEBUG off),
followed by ``EXPLAIN ANALYZE`` of each main statement so the indexes used can
be checked. Searches are timed cold (their cache off: every run ranks the
matches again) and warm (the same search again, the counts and ranked ids read
from the cache, as the next visitors and the next pages read them).

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


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _time(function, runs: int) -> tuple[float, float]:
    function()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return _percentiles(samples)


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
    print(f"\n{total} products · {args.runs} runs each · page 1 ({PAGE_SIZE} products with prefetches)\n")
    # "pages" and "api" are the database work of the HTML page and of GET /api/v1/products/, in Python
    # (queries and the models they load): deciding what a search looks for (its spelling correction, if
    # any), then for a search one statement that counts per category and takes the page, plus loading
    # the page's products; for a listing, the category counts (HTML, where the paginator takes the total
    # from them) or a COUNT (API), and the page. "HTML" and "API" are whole requests through Django's
    # test client (middleware, view, templates or serializers; no network), with their 95th percentile.
    # "warm" (searches only) is the database work, then the HTML page, with the search's counts and ranked
    # ids already cached; every other column is cold (SHOP_SEARCH_CACHE_SECONDS = 0).
    columns = f"{'pages':>6} {'api':>6} {'HTML':>6} {'p95':>6} {'API':>6} {'p95':>6} {'warm':>6} {'HTML':>6}"
    print(f"{'scenario (median ms)':<75} {columns}")
    explains = []
    for label, query in SCENARIOS.items():
        parsed = filters_parse(QueryDict(query), tree=tree)
        assert not parsed.errors, parsed.errors
        filters = filters_with_search_terms(parsed, tree=tree)
        results = product_list_filtered(filters=filters, tree=tree)
        html_url, api_url = _urls(query)
        settings.SHOP_SEARCH_CACHE_SECONDS = 0
        pages, api = _time_database(parsed, tree, args.runs)
        html, html95 = _time_request(client, html_url, args.runs)
        api_http, api95 = _time_request(client, api_url, args.runs)
        figures = f"{pages:>6.1f} {api:>6.1f} {html:>6.1f} {html95:>6.1f} {api_http:>6.1f} {api95:>6.1f}"
        if uses_search_documents(parsed):
            settings.SHOP_SEARCH_CACHE_SECONDS = 120
            warm = _time_database(parsed, tree, args.runs)[0]
            html_warm = _time_request(client, html_url, args.runs)[0]
            figures += f" {warm:>6.1f} {html_warm:>6.1f}"
        print(f"{label:<75} {figures}", flush=True)
        if isinstance(results, SearchResults):
            explains.append((label, search_page_statement(filters=filters, tree=tree, offset=0)))
        else:
            explains.append((label, results.prefetch_related(None)[:PAGE_SIZE].query.sql_with_params()))
    suggest = _time(lambda: product_suggest(query="chaus"), args.runs)[0]
    suggest_http, suggest95 = _time_request(client, "/api/v1/search/suggest/?q=chaus", args.runs)
    label = "suggest 'chaus' (GET /api/v1/search/suggest/ in the API columns)"
    print(f"{label:<75} {suggest:>6.1f} {'':>6} {'':>6} {'':>6} {suggest_http:>6.1f} {suggest95:>6.1f}")
    if not args.no_explain:
        for label, (sql, params) in explains:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n=== EXPLAIN ANALYZE · {label}\n{plan}")


def _time_database(parsed: ProductFilters, tree: CategoryTree, runs: int) -> tuple[float, float]:
    """Median time of the database work of the HTML page and of the API for these filters."""

    def search():  # the page and the API alike
        filters = filters_with_search_terms(parsed, tree=tree)
        search_page_with_counts(filters=filters, tree=tree, offset=0)

    def page():
        product_count_by_category(filters=parsed, tree=tree)
        list(product_list_filtered(filters=parsed, tree=tree)[:PAGE_SIZE])

    def api():
        results = product_list_filtered(filters=parsed, tree=tree)
        results.count()
        list(results[:PAGE_SIZE])

    if uses_search_documents(parsed):
        median = _time(search, runs)[0]
        return median, median
    return _time(page, runs)[0], _time(api, runs)[0]


def _urls(query: str) -> tuple[str, str]:
    """The HTML page (the search page for a search, else the catalogue) and the API URL of a scenario."""
    if query.startswith("search="):
        return "/shop/search/?" + query.replace("search=", "q=", 1), "/api/v1/products/?" + query
    return "/shop/?" + query, "/api/v1/products/?" + query


def _time_request(client: Client, url: str, runs: int) -> tuple[float, float]:
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)  # a quick error page would flatter

    return _time(get, runs)


if __name__ == "__main__":
    main()
