"""Time catalogue search and filtered listing on PostgreSQL with a large catalogue.

Ensures at least ``--products`` products exist (adding generated ones with
``generate_catalogue`` when short), then evaluates page 1 (24 products, with the
prefetches a page does) of each scenario many times and prints the median and
95th percentile in milliseconds, server side (no HTTP), followed by
``EXPLAIN ANALYZE`` of each main query so the indexes used can be checked.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/webox_bench \\
        .venv/bin/python -m benchmarks.catalogue --products 100000 --runs 50

The database must be migrated first (``manage.py migrate``). Never point it at
production: it inserts rows.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webox.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

from shop.categories import CategoryTree  # noqa: E402
from shop.filters import (  # noqa: E402
    PAGE_SIZE,
    SearchResults,
    filters_parse,
    filters_with_search_terms,
    product_count_by_category,
    product_list_filtered,
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
    print(f"\n{total} products · {args.runs} runs each · page 1 ({PAGE_SIZE} products with prefetches)\n")
    # Both the HTML page and the API first decide what a search looks for (its spelling correction, if
    # any: "terms"). Then an HTML listing runs the category counts (its paginator takes the total from
    # them) and the page, a search on PostgreSQL both in one statement ("facets" is then that statement
    # and the page's product loading, and "page" is left out of the HTML total); the API runs a COUNT
    # and the page.
    columns = f"{'terms':>6} {'page':>6} {'p95':>6} {'facets':>6} {'HTML':>6} {'count':>6} {'API':>6}"
    print(f"{'scenario (median ms; HTML and API are the totals)':<75} {columns}")
    explains = []
    for label, query in SCENARIOS.items():
        parsed = filters_parse(QueryDict(query), tree=tree)
        assert not parsed.errors, parsed.errors
        terms, _terms95 = _time(lambda parsed=parsed: filters_with_search_terms(parsed, tree=tree), args.runs)
        filters = filters_with_search_terms(parsed, tree=tree)
        results = product_list_filtered(filters=filters, tree=tree)
        page, page95 = _time(lambda results=results: list(results[:PAGE_SIZE]), args.runs)
        count, _count95 = _time(lambda results=results: results.count(), args.runs)
        if uses_search_documents(filters):
            facets, _f95 = _time(lambda f=filters: search_page_with_counts(filters=f, tree=tree, offset=0), args.runs)
            html = terms + facets
        else:
            facets, _f95 = _time(lambda f=filters: product_count_by_category(filters=f, tree=tree), args.runs)
            html = terms + facets + page
        api = terms + count + page
        figures = f"{terms:>6.1f} {page:>6.1f} {page95:>6.1f} {facets:>6.1f} {html:>6.1f} {count:>6.1f} {api:>6.1f}"
        print(f"{label:<75} {figures}", flush=True)
        if isinstance(results, SearchResults):
            explains.append((label, results.documents[:PAGE_SIZE]))
        else:
            explains.append((label, results.prefetch_related(None)[:PAGE_SIZE]))
    suggest, suggest95 = _time(lambda: product_suggest(query="chaus"), args.runs)
    label = "suggest 'chaus'"
    print(f"{label:<75} {'':>6} {suggest:>6.1f} {suggest95:>6.1f}")
    if not args.no_explain:
        for label, queryset in explains:
            print(f"\n=== EXPLAIN ANALYZE · {label}\n{queryset.explain(analyze=True)}")


if __name__ == "__main__":
    main()
