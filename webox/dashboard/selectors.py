"""Figures of the back-office dashboard: each one a small function over a period, made of aggregate queries.

Amounts are Decimal euros to the cent, VAT included (TTC) unless named ``ht``
(HT = TTC - VAT, from each order's VAT snapshot). Days are the business's days
(Europe/Paris): an order paid at 23:30 UTC in winter counts on the next day.
Figures hold codes, never translated labels: they are cached for every language.
"""

import statistics
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.models import User
from ai_studio.models import GenerationJob
from orders.models import Order, OrderLine
from payments.models import PaymentTransaction
from shop.models import Cart, CartLine, PromoRedemption
from support.models import Ticket
from webox.common.money import quantize

from .periods import Period, business_timezone

ZERO = Decimal("0.00")
TOP_LIMIT = 10
DEFAULT_CACHE_SECONDS = 300


def _within(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.since, f"{field}__lt": period.until})


def _per_day(queryset: QuerySet, field: str, **aggregates) -> dict[date, dict]:
    """Return ``aggregates`` of ``queryset`` per business day of ``field``, keyed by day."""
    day = TruncDate(field, tzinfo=business_timezone())
    rows = queryset.annotate(day=day).values("day").annotate(**aggregates).order_by("day")
    return {row["day"]: row for row in rows}


def _percent(part: int, whole: int) -> Decimal | None:
    """Return ``part`` as a percentage of ``whole`` to one decimal, or None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def _placed_orders(period: Period) -> QuerySet[Order]:
    """Return the orders placed (checked out, so numbered) during ``period``."""
    return Order.objects.exclude(number=None).filter(_within(period, "created_at"))


def revenue_per_day(period: Period) -> list[dict]:
    """Return, for every day of ``period``, the orders paid that day and their revenue TTC, VAT and HT."""
    paid = Order.objects.filter(_within(period, "paid_at"))
    rows = _per_day(paid, "paid_at", orders=Count("pk"), ttc=Sum("total"), vat=Sum("vat_total"))
    days = []
    for day in period.days:
        row = rows.get(day, {})
        ttc, vat = quantize(row.get("ttc") or ZERO), quantize(row.get("vat") or ZERO)
        days.append({"day": day, "orders": row.get("orders", 0), "ttc": ttc, "vat": vat, "ht": ttc - vat})
    return days


def sales_summary(days: list[dict]) -> dict:
    """Return the period's totals of ``revenue_per_day`` and its average basket (TTC per paid order)."""
    orders = sum(day["orders"] for day in days)
    ttc = sum((day["ttc"] for day in days), ZERO)
    vat = sum((day["vat"] for day in days), ZERO)
    basket = quantize(ttc / orders) if orders else None
    return {"orders": orders, "ttc": ttc, "vat": vat, "ht": ttc - vat, "average_basket": basket}


def orders_per_status(period: Period) -> list[dict]:
    """Return how many of the orders placed during ``period`` are in each status now (every status listed)."""
    counts = dict(_placed_orders(period).values_list("status").annotate(count=Count("pk")).order_by())
    return [{"status": status, "count": counts.get(status, 0)} for status in Order.Status.values]


def _carts_left_filled(period: Period) -> int:
    """Return the carts created or changed during ``period`` that still hold items (not checked out)."""
    holding = Exists(CartLine.objects.filter(cart=OuterRef("pk")))
    return Cart.objects.filter(_within(period, "created_at") | _within(period, "updated_at"), holding).count()


def conversion_funnel(period: Period) -> dict:
    """Return carts filled, orders placed and, of those orders, the ones paid, with the step rates in %.

    A signed-in customer keeps one cart between orders (checkout empties it), so
    counting cart rows would make a returning buyer convert at over 100 %. The
    carts filled are the ones checked out (one per order placed) plus the ones
    created or changed during the period that still hold items.
    """
    orders = _placed_orders(period).aggregate(placed=Count("pk"), paid=Count("pk", filter=Q(paid_at__isnull=False)))
    carts = orders["placed"] + _carts_left_filled(period)
    return {
        "carts": carts,
        "orders": orders["placed"],
        "paid": orders["paid"],
        "cart_to_order": _percent(orders["placed"], carts),
        "order_to_paid": _percent(orders["paid"], orders["placed"]),
        "cart_to_paid": _percent(orders["paid"], carts),
    }


def _paid_lines(period: Period) -> QuerySet[OrderLine]:
    """Return the lines of the orders paid during ``period``."""
    return OrderLine.objects.filter(_within(period, "order__paid_at"))


def _sold(rows: QuerySet) -> QuerySet:
    """Annotate grouped lines with the quantity sold and the revenue: TTC after each line's share of discount."""
    net = ExpressionWrapper(F("line_total") - F("discount"), output_field=DecimalField(max_digits=12, decimal_places=2))
    return rows.annotate(quantity=Sum("quantity"), revenue=Sum(net))


def _top(rows: QuerySet, name: str) -> dict:
    """Return ``rows`` (quantity and revenue per ``name``) ordered by revenue and by quantity, ``TOP_LIMIT`` each."""

    def listed(*ordering: str) -> list[dict]:
        return [
            {"name": row[name] or "", "quantity": row["quantity"], "revenue": quantize(row["revenue"] or ZERO)}
            for row in rows.order_by(*ordering, name)[:TOP_LIMIT]
        ]

    return {"by_revenue": listed("-revenue", "-quantity"), "by_quantity": listed("-quantity", "-revenue")}


def top_products(period: Period) -> dict:
    """Return the products sold most in orders paid during ``period``, by revenue and by quantity."""
    return _top(_sold(_paid_lines(period).values("product_name")), "product_name")


def top_categories(period: Period) -> dict:
    """Return the categories sold most in orders paid during ``period`` (name "" for lines with none)."""
    return _top(_sold(_paid_lines(period).values(category=F("product__category__name"))), "category")


def promo_usage(period: Period) -> dict:
    """Return each promo code's uses and discount given by orders placed during ``period``, and their totals."""
    redemptions = PromoRedemption.objects.filter(_within(period, "created_at"))
    rows = redemptions.values(code=F("promo_code__code")).annotate(uses=Count("pk"), discount=Sum("amount"))
    codes = [{**row, "discount": quantize(row["discount"])} for row in rows.order_by("-uses", "code")]
    total = sum((code["discount"] for code in codes), ZERO)
    return {"codes": codes, "uses": sum(code["uses"] for code in codes), "discount": total}


def new_customers_per_day(period: Period) -> list[dict]:
    """Return, for every day of ``period``, how many customer accounts (staff aside) were created."""
    joined = User.objects.filter(_within(period, "date_joined"), is_staff=False)
    rows = _per_day(joined, "date_joined", count=Count("pk"))
    return [{"day": day, "count": rows.get(day, {}).get("count", 0)} for day in period.days]


def refunds(period: Period) -> dict:
    """Return how many refunds the gateways made during ``period`` and their amount."""
    moves = PaymentTransaction.objects.filter(_within(period, "created_at"), kind=PaymentTransaction.Kind.REFUND)
    totals = moves.aggregate(count=Count("pk"), amount=Sum("amount"))
    return {"count": totals["count"], "amount": quantize(totals["amount"] or ZERO)}


def ai_usage(period: Period) -> dict:
    """Return jobs, failures and credits spent per provider and model for jobs created during ``period``.

    The failure rate is failed jobs over finished ones (succeeded or failed):
    cancelled and still running jobs do not count.
    """
    Status = GenerationJob.Status
    jobs = GenerationJob.objects.filter(_within(period, "created_at")).values("provider", "model")
    rows = jobs.annotate(
        jobs=Count("pk"),
        succeeded=Count("pk", filter=Q(status=Status.SUCCEEDED)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        credits=Coalesce(Sum("cost"), 0),
    ).order_by("-jobs", "provider", "model")
    models = [{**row, "failure_rate": _percent(row["failed"], row["succeeded"] + row["failed"])} for row in rows]
    total = {key: sum(row[key] for row in models) for key in ("jobs", "succeeded", "failed", "credits")}
    total["failure_rate"] = _percent(total["failed"], total["succeeded"] + total["failed"])
    return {"models": models, "total": total}


def support_figures(period: Period, *, now: datetime) -> dict:
    """Return open and overdue tickets now, and for tickets opened during ``period`` the median first response
    time and the average satisfaction (1 to 5) of those rated."""
    Status = Ticket.Status
    late = Q(first_response_at=None, first_response_due_at__lt=now) | Q(resolution_due_at__lt=now)
    opened = _within(period, "created_at")
    counts = Ticket.objects.aggregate(
        open=Count("pk", filter=Q(status__in=(Status.OPEN, Status.PENDING))),
        overdue=Count("pk", filter=Q(status=Status.OPEN) & late),
        opened=Count("pk", filter=opened),
        rated=Count("pk", filter=opened & Q(rating__isnull=False)),
        rating_sum=Sum("rating", filter=opened),
    )
    answered = Ticket.objects.filter(opened, first_response_at__isnull=False)
    pairs = answered.values_list("created_at", "first_response_at")
    delays = [(answer - asked).total_seconds() for asked, answer in pairs]
    rated, rating_sum = counts.pop("rated"), counts.pop("rating_sum")
    return {
        **counts,
        "answered": len(delays),
        "median_first_response": timedelta(seconds=round(statistics.median(delays))) if delays else None,
        "rated": rated,
        "satisfaction": (Decimal(rating_sum) / rated).quantize(Decimal("0.01")) if rated else None,
    }


def _figures(period: Period) -> dict:
    now = timezone.now().replace(microsecond=0)
    revenue = revenue_per_day(period)
    return {
        "start": period.start,
        "end": period.end,
        "computed_at": now,
        "revenue": revenue,
        "sales": sales_summary(revenue),
        "statuses": orders_per_status(period),
        "funnel": conversion_funnel(period),
        "top_products": top_products(period),
        "top_categories": top_categories(period),
        "promos": promo_usage(period),
        "customers": new_customers_per_day(period),
        "refunds": refunds(period),
        "ai": ai_usage(period),
        "support": support_figures(period, now=now),
    }


def dashboard_figures(start: date, end: date) -> dict:
    """Return every figure of the dashboard for the days ``start`` to ``end`` (included), cached a few minutes.

    ``DASHBOARD_CACHE_SECONDS`` (default 300) sets how long; 0 computes them on every call.
    """
    period = Period(start=start, end=end)
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)
    if seconds <= 0:
        return _figures(period)
    return cache.get_or_set(period.cache_key(), lambda: _figures(period), seconds)
