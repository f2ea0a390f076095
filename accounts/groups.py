"""The staff groups and the permissions each holds.

Groups are created by a data migration; their permissions are synced after
every ``migrate`` from ``GROUP_PERMISSIONS`` (``app_label.codename``), so an app
that lands later only has to add its codenames here.
"""

from django.contrib.auth.models import Group, Permission

STAFF, SUPPORT, BLOGGERS = "Staff", "Support", "Bloggers"
_ACTIONS = ("add", "change", "delete", "view")


def crud(*models: str) -> list[str]:
    """Expand ``app.model`` names into their add/change/delete/view permissions."""
    return [f"{app}.{action}_{model}" for app, model in (m.split(".") for m in models) for action in _ACTIONS]


GROUP_PERMISSIONS: dict[str, list[str]] = {
    STAFF: [
        "accounts.view_user",
        "accounts.change_user",
        *crud("shop.category", "shop.product", "shop.productvariant", "shop.productimage", "shop.review"),
        "shop.view_wishlistitem",
        *crud("shop.promocode"),
        "shop.view_promoredemption",
        "shop.view_cart",
        "shop.view_cartline",
        *crud("shop.productslugredirect"),
        *crud("blog.post", "blog.blogcategory", "blog.comment", "blog.postslugredirect"),
        *crud("support.faqcategory", "support.faqentry"),
        *crud("support.ticket", "support.ticketmessage", "support.cannedreply", "support.contactmessage"),
        *crud("orders.order"),
        *[f"orders.view_{model}" for model in ("orderline", "orderevent", "invoice", "downloadgrant", "creditgrant")],
        # Payments are read-only records; "change" lets staff run their actions (refund, process again).
        "payments.view_payment",
        "payments.change_payment",
        "payments.view_paymenttransaction",
        "payments.view_webhookevent",
        "payments.change_webhookevent",
        # The AI studio's ledger and jobs are records: staff read them; credits move through services.
        *[f"ai_studio.view_{model}" for model in ("creditaccount", "creditentry", "generationjob")],
        "ai_studio.change_creditaccount",  # add or remove credits, with a reason (an "adjust" entry)
        *[f"ai_studio.view_{model}" for model in ("generationresult", "conversation", "message")],
        # The monitoring page and the alerts (read; "change" resolves them by hand).
        "monitoring.view_alert",
        "monitoring.change_alert",
    ],
    # Support staff look orders up to answer customers (an order shows whether and when it was paid);
    # they change nothing there, and payments, refunds and gateway notifications stay with Staff.
    SUPPORT: [
        "accounts.view_user",
        *crud("support.faqcategory", "support.faqentry"),
        *crud("support.ticket", "support.ticketmessage", "support.cannedreply", "support.contactmessage"),
        "orders.view_order",
        "orders.view_orderline",
        "orders.view_orderevent",
    ],
    # Row-level limits (a blogger edits only their own posts) live in blog's admin.
    BLOGGERS: [
        *crud("blog.post"),
        "blog.view_comment",
        "blog.change_comment",
        "blog.view_blogcategory",
        "blog.add_blogcategory",
        "blog.change_blogcategory",
    ],
}


def groups_sync_permissions() -> None:
    """Give each group exactly the permissions listed for it (those that exist yet)."""
    for name, dotted in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [tuple(item.split(".", 1)) for item in dotted]
        permissions = [
            permission
            for permission in Permission.objects.filter(
                codename__in=[codename for _app, codename in wanted]
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)
