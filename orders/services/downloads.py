"""Digital goods: after payment, signed download links that expire and allow a few downloads each.

One ``DownloadGrant`` per digital line of a paid order. Its link carries the
grant id signed with the server's secret (salt ``orders.download``): a link
cannot be guessed or altered. Who may follow it: the customer who placed the
order, signed in; for a guest order (no account) the signed link itself is
the secret, as in the emails that carry it. Each download takes one use with a
single conditional ``UPDATE``, so simultaneous clicks never go past the limit.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.errors import OrderErrorCode
from orders.models import DownloadGrant, Order, OrderLine
from shop.models import Product
from webox.common.errors import ApplicationError, NotFound

DOWNLOAD_SALT = "orders.download"


class Gone(ApplicationError):
    """The link was good but is used up or out of date: HTTP 410."""

    status_code = 410


@dataclass(frozen=True)
class DownloadLink:
    """What an order page or email shows for one digital line."""

    line: OrderLine
    url: str
    remaining: int
    expires_at: datetime
    expired: bool


def _digital_lines(order: Order) -> list[OrderLine]:
    lines = order.lines.filter(product_kind=Product.Kind.DIGITAL).select_related("product").order_by("pk")
    return [line for line in lines if line.product is not None and line.product.digital_file]


def downloads_grant(*, order: Order) -> list[DownloadGrant]:
    """Give each digital line of a paid order its download grant; calling it again changes nothing."""
    expires_at = timezone.now() + timedelta(days=settings.ORDERS_DOWNLOAD_DAYS)
    defaults = {"expires_at": expires_at, "max_downloads": settings.ORDERS_DOWNLOAD_LIMIT}
    with transaction.atomic():
        return [DownloadGrant.objects.get_or_create(line=line, defaults=defaults)[0] for line in _digital_lines(order)]


def download_token(grant: DownloadGrant) -> str:
    """Return the signed token of a grant (the same every time, so links in emails and pages match)."""
    return signing.Signer(salt=DOWNLOAD_SALT).sign_object(grant.pk)


def download_url(grant: DownloadGrant) -> str:
    """Return the site path that downloads the grant's file."""
    return reverse("orders:download", kwargs={"token": download_token(grant)})


def download_links(order: Order) -> list[DownloadLink]:
    """Return the download links of an order, one per granted line (expired ones included, flagged)."""
    now = timezone.now()
    grants = DownloadGrant.objects.filter(line__order=order).select_related("line").order_by("line_id")
    return [
        DownloadLink(
            line=grant.line,
            url=download_url(grant),
            remaining=max(grant.max_downloads - grant.download_count, 0),
            expires_at=grant.expires_at,
            expired=grant.expires_at <= now,
        )
        for grant in grants
    ]


def _grant_from_token(token: str, user) -> DownloadGrant:
    invalid = NotFound(_("This download link is not valid."), code=OrderErrorCode.DOWNLOAD_INVALID)
    try:
        grant_id = signing.Signer(salt=DOWNLOAD_SALT).unsign_object(token)
    except signing.BadSignature:
        raise invalid from None
    grant = DownloadGrant.objects.select_related("line__order", "line__product").filter(pk=grant_id).first()
    if grant is None:
        raise invalid
    owner_id = grant.line.order.user_id
    if owner_id is not None and getattr(user, "pk", None) != owner_id:
        raise invalid  # another customer's link: as if it did not exist
    return grant


def _refuse_spent(grant: DownloadGrant, now: datetime) -> None:
    grant.refresh_from_db(fields=["download_count", "expires_at"])
    if grant.expires_at <= now:
        raise Gone(_("This download link has expired."), code=OrderErrorCode.DOWNLOAD_EXPIRED)
    raise Gone(
        _("This file was already downloaded %(count)s times, the most allowed.") % {"count": grant.max_downloads},
        code=OrderErrorCode.DOWNLOAD_LIMIT_REACHED,
    )


def download_open(*, token: str, user):
    """Check the link and who follows it, take one download, and return ``(grant, open file)``.

    Raise ``NotFound`` (``download_invalid``) for a bad or foreign link or a
    missing file, ``Gone`` (``download_expired`` / ``download_limit_reached``)
    when the link is out of date or used up.
    """
    grant = _grant_from_token(token, user)
    now = timezone.now()
    if grant.expires_at <= now or grant.download_count >= grant.max_downloads:
        _refuse_spent(grant, now)
    product = grant.line.product
    if product is None or not product.digital_file:
        raise NotFound(_("This file is no longer available."), code=OrderErrorCode.DOWNLOAD_INVALID)
    try:
        file = product.digital_file.open("rb")
    except OSError:
        raise NotFound(_("This file is no longer available."), code=OrderErrorCode.DOWNLOAD_INVALID) from None
    taken = DownloadGrant.objects.filter(pk=grant.pk, download_count__lt=F("max_downloads"), expires_at__gt=now).update(
        download_count=F("download_count") + 1, last_downloaded_at=now
    )
    if not taken:
        file.close()
        _refuse_spent(grant, now)
    return grant, file
