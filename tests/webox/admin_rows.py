"""Row builders for the back-office tests: ``ROW_BUILDERS[label](n)`` adds ``n`` rows of that model.

Each row gets its own related objects (its own customer, order, product...),
so a changelist that reads a relation once per row shows it in its query
count. Factories are used where they exist; the others are plain ``create``
calls with the fields that matter.
"""

import itertools
import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_otp.plugins.otp_totp.models import TOTPDevice
from paypal.standard.ipn.models import PayPalIPN
from taggit.models import Tag

from accounts.models import SecurityEvent
from ai_studio.models import Conversation, CreditAccount, CreditEntry, GenerationJob
from orders.models import CreditGrant, DownloadGrant, Invoice
from payments.models import Payment, WebhookEvent
from shop.models import Cart, CartLine, PromoCode, PromoRedemption
from shop.models.reviews import Review
from support.models import ContactMessage, Ticket
from tests.blog.factories import BlogCategoryFactory, CommentFactory, PostFactory
from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shop.factories import CategoryFactory, ProductFactory, ProductVariantFactory
from tests.support.factories import CannedReplyFactory, FAQCategoryFactory, FAQEntryFactory

_numbers = itertools.count(1)


def _times(n: int, make: Callable[[int], object]) -> list:
    return [make(next(_numbers)) for _ in range(n)]


def _verified_user(i: int):
    user = UserFactory(display_name=f"Client {i}")
    EmailAddress.objects.create(user=user, email=user.email, verified=i % 2 == 0, primary=True)
    if i % 3 == 0:
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def _ticket(i: int) -> Ticket:
    return Ticket.objects.create(
        number=f"T-TEST-{i:05d}",
        customer=UserFactory(),
        assignee=UserFactory(is_staff=True),
        subject=f"Colis {i}",
        order=OrderFactory(),
    )


def _payment(i: int) -> Payment:
    return Payment.objects.create(
        order=OrderFactory(), gateway="sandbox", amount=Decimal("19.90"), idempotency_key=f"idem-{uuid.uuid4().hex}"
    )


def _credit_account(i: int) -> CreditAccount:
    return CreditAccount.objects.get_or_create(user=UserFactory())[0]


def _job(i: int, user=None) -> GenerationJob:
    return GenerationJob.objects.create(
        user=user or UserFactory(), kind="chat", provider="demo", model="demo:chat", prompt=f"Bonjour {i}"
    )


def _credit_entry(i: int) -> CreditEntry:
    account = _credit_account(i)
    job = _job(i, user=account.user)
    return CreditEntry.objects.create(account=account, kind="grant", amount=100, reason=f"Bonus {i}", job=job)


def _invoice(i: int) -> Invoice:
    order = OrderFactory()
    return Invoice.objects.create(
        order=order, number=f"F-2026-{i:06d}", year=2026, sequence=i, issued_at=timezone.now(), total=order.total,
        data={"number": f"F-2026-{i:06d}"},
    )  # fmt: skip


def _redemption(i: int) -> PromoRedemption:
    code = PromoCode.objects.create(code=f"BIENVENUE{i}")
    user = UserFactory()
    return PromoRedemption.objects.create(
        promo_code=code, order_number=f"WBX-R-{i:05d}", user=user, email=user.email, amount=Decimal("5.00")
    )


def _cart(i: int) -> Cart:
    cart = Cart.objects.create(user=UserFactory(), promo_code=PromoCode.objects.create(code=f"PANIER{i}"))
    CartLine.objects.create(cart=cart, variant=ProductVariantFactory(), quantity=2)
    return cart


def _promo_code(i: int) -> PromoCode:
    code = PromoCode.objects.create(code=f"PROMO{i}", batch="printemps" if i % 2 else "")
    PromoRedemption.objects.create(
        promo_code=code, order_number=f"WBX-P-{i:05d}", email=f"p{i}@example.com", amount=Decimal("2.00")
    )
    return code


def _webhook_event(i: int) -> WebhookEvent:
    return WebhookEvent.objects.create(
        gateway="stripe", external_id=f"evt_{i}", event_type="payment_intent.succeeded", payload={"id": f"evt_{i}"},
        payment=_payment(i),
    )  # fmt: skip


def _periodic_task(i: int) -> PeriodicTask:
    every = IntervalSchedule.objects.create(every=i, period=IntervalSchedule.SECONDS)
    return PeriodicTask.objects.create(name=f"tâche {i}", task="webox.tasks.ping", interval=every)


def _post(i: int):
    post = PostFactory()
    post.tags.add(f"tag{i}")
    post.categories.add(BlogCategoryFactory())
    return post


def _group(i: int) -> Group:
    group = Group.objects.create(name=f"Équipe {i}")
    group.user_set.add(UserFactory(is_staff=True))
    return group


def _ai_switch(i: int):
    switch_model = apps.get_model("ai_studio", "AiSwitch")
    return switch_model.objects.create(scope="model", name=f"demo:model-{i}", enabled=i % 2 == 0, reason="Test")


def _alert(i: int):
    alert_model = apps.get_model("monitoring", "Alert")
    now = timezone.now()
    return alert_model.objects.create(
        rule=f"rule_{i}", title=f"Alerte {i}", value=10.0, threshold=5.0, first_seen=now, last_seen=now,
        resolved_at=now if i % 2 else None,
    )  # fmt: skip


ROW_BUILDERS: dict[str, Callable[[int], list]] = {
    "account.EmailAddress": lambda n: [EmailAddress.objects.get(user=user) for user in _times(n, _verified_user)],
    "accounts.SecurityEvent": lambda n: _times(
        n, lambda i: SecurityEvent.objects.create(user=UserFactory(), type="login_success", ip="127.0.0.1")
    ),
    "accounts.User": lambda n: _times(n, _verified_user),
    "ai_studio.AiSwitch": lambda n: _times(n, _ai_switch),
    "ai_studio.Conversation": lambda n: _times(
        n, lambda i: Conversation.objects.create(user=UserFactory(), model="demo:chat", title=f"Discussion {i}")
    ),
    "ai_studio.CreditAccount": lambda n: _times(n, _credit_account),
    "ai_studio.CreditEntry": lambda n: _times(n, _credit_entry),
    "ai_studio.GenerationJob": lambda n: _times(n, _job),
    "auth.Group": lambda n: _times(n, _group),
    "blog.BlogCategory": lambda n: BlogCategoryFactory.create_batch(n),
    "blog.Comment": lambda n: CommentFactory.create_batch(n),
    "blog.Post": lambda n: _times(n, _post),
    "django_celery_beat.ClockedSchedule": lambda n: _times(
        n, lambda i: ClockedSchedule.objects.create(clocked_time=timezone.now() + timedelta(hours=i))
    ),
    "django_celery_beat.CrontabSchedule": lambda n: _times(
        n, lambda i: CrontabSchedule.objects.create(minute=str(i % 60), hour=str(i % 24))
    ),
    "django_celery_beat.IntervalSchedule": lambda n: _times(
        n, lambda i: IntervalSchedule.objects.create(every=i, period=IntervalSchedule.MINUTES)
    ),
    "django_celery_beat.PeriodicTask": lambda n: _times(n, _periodic_task),
    "django_celery_beat.SolarSchedule": lambda n: _times(
        n, lambda i: SolarSchedule.objects.create(event="sunrise", latitude=Decimal("48.85"), longitude=i % 180)
    ),
    "ipn.PayPalIPN": lambda n: _times(
        n, lambda i: PayPalIPN.objects.create(txn_id=f"TXN{i}", payment_status="Completed", invoice=f"WBX-{i}")
    ),
    "monitoring.Alert": lambda n: _times(n, _alert),
    "notifications.Notification": lambda n: NotificationFactory.create_batch(n),
    "orders.CreditGrant": lambda n: _times(
        n, lambda i: CreditGrant.objects.create(line=OrderLineFactory(), user=UserFactory(), credits=500)
    ),
    "orders.DownloadGrant": lambda n: _times(
        n, lambda i: DownloadGrant.objects.create(line=OrderLineFactory(), expires_at=timezone.now() + timedelta(i))
    ),
    "orders.Invoice": lambda n: _times(n, _invoice),
    "orders.Order": lambda n: OrderFactory.create_batch(n),
    "otp_totp.TOTPDevice": lambda n: _times(
        n, lambda i: TOTPDevice.objects.create(user=UserFactory(), name="Authenticator app", confirmed=True)
    ),
    "payments.Payment": lambda n: _times(n, _payment),
    "payments.WebhookEvent": lambda n: _times(n, _webhook_event),
    "shop.Cart": lambda n: _times(n, _cart),
    "shop.Category": lambda n: _times(n, lambda i: CategoryFactory(parent=CategoryFactory())),
    "shop.Product": lambda n: ProductFactory.create_batch(n),
    "shop.ProductVariant": lambda n: ProductVariantFactory.create_batch(n),
    "shop.PromoCode": lambda n: _times(n, _promo_code),
    "shop.PromoRedemption": lambda n: _times(n, _redemption),
    "shop.Review": lambda n: _times(
        n, lambda i: Review.objects.create(product=ProductFactory(), user=UserFactory(), rating=4, title="Bon")
    ),
    "sites.Site": lambda n: _times(n, lambda i: Site.objects.create(domain=f"site{i}.example.com", name=f"Site {i}")),
    "support.CannedReply": lambda n: CannedReplyFactory.create_batch(n),
    "support.ContactMessage": lambda n: _times(
        n,
        lambda i: ContactMessage.objects.create(
            name=f"Visiteur {i}", email=f"v{i}@example.com", subject="Question", message="Bonjour", ticket=_ticket(i)
        ),
    ),
    "support.FAQCategory": lambda n: FAQCategoryFactory.create_batch(n),
    "support.FAQEntry": lambda n: FAQEntryFactory.create_batch(n),
    "support.Ticket": lambda n: _times(n, _ticket),
    "taggit.Tag": lambda n: _times(n, lambda i: Tag.objects.create(name=f"étiquette {i}", slug=f"etiquette-{i}")),
}
