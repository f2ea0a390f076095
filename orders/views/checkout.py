"""The checkout page: contact, addresses, delivery, the review of every amount, and "Place order".

One page. The delivery method's radios refresh the review through htmx (the
``checkout-review`` fragment); without JavaScript the page still works, and a
total that changed since it was shown is confirmed once more (``price_changed``).
A hidden key generated with the page makes a double click place one order.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shop.cart import cart_summary
from shop.cart_session import cart_from_request
from webox.common.errors import ApplicationError
from webox.common.ratelimits import ratelimit_tier

from ..errors import OrderErrorCode
from ..forms import ADDRESS_FIELDS, NEW_ADDRESS, AddressForm, CheckoutForm, address_snapshot_of
from ..services import checkout_key_make, order_place
from .orders import order_page_url


class AddressMissing(Exception):
    """A new address was chosen and its form has errors (already shown on the form)."""


def _user(request: HttpRequest):
    return request.user if request.user.is_authenticated else None


def _summary(request: HttpRequest, cart, method: str | None = None):
    user = _user(request)
    return cart_summary(cart=cart, user=user, email=user.email if user else "", shipping_method=method or None)


def _initial(request: HttpRequest, addresses: list, summary) -> dict:
    shipping = next((a for a in addresses if a.is_default_shipping), addresses[0] if addresses else None)
    billing = next((a for a in addresses if a.is_default_billing), shipping)
    user = _user(request)
    return {
        "email": user.email if user else "",
        "shipping_method": summary.totals.shipping_method,
        "shipping_choice": str(shipping.pk) if shipping else NEW_ADDRESS,
        "billing_choice": str(billing.pk) if billing else NEW_ADDRESS,
        "billing_same": True,
    }


def _forms(request: HttpRequest, summary, addresses: list, data=None) -> dict:
    user = _user(request)
    return {
        "form": CheckoutForm(
            data,
            addresses=addresses,
            shipping_options=summary.shipping_options,
            initial=_initial(request, addresses, summary),
        ),
        # No "required" in the HTML: the new-address fields may be folded away while a saved address is chosen.
        "shipping_form": AddressForm(
            data,
            prefix="shipping",
            initial={"full_name": user.display_name if user else ""},
            use_required_attribute=False,
        ),
        "billing_form": AddressForm(data, prefix="billing", use_required_attribute=False),
    }


def _render(request: HttpRequest, summary, forms: dict, *, status: int = 200, error_code: str = "") -> HttpResponse:
    context = {**forms, "summary": summary, "addresses": forms["form"].addresses.values(), "error_code": error_code}
    response = render(request, "orders/checkout.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _left_blank(address_form: AddressForm) -> bool:
    """Say whether nothing but the pre-filled country was typed in a new-address form."""
    return not any(address_form[name].value() for name in ADDRESS_FIELDS if name != "country")


def _address(form: CheckoutForm, choice: str, address_form: AddressForm, *, optional: bool = False) -> dict | None:
    """Return the saved address chosen, else the new one typed (None when optional and left blank)."""
    saved = form.saved_address(choice)
    if saved is not None:
        return address_snapshot_of(saved)
    if optional and _left_blank(address_form):
        return None
    if not address_form.is_valid():
        raise AddressMissing
    return address_form.snapshot()


def _addresses_chosen(form: CheckoutForm, forms: dict, needs_shipping: bool) -> tuple[dict | None, dict | None]:
    """Return (shipping, billing) addresses from the form; billing None means "the delivery address"."""
    errors = False
    shipping = billing = None
    try:
        shipping = _address(form, "shipping_choice", forms["shipping_form"]) if needs_shipping else None
    except AddressMissing:
        errors = True
    if not (needs_shipping and form.cleaned_data["billing_same"]):
        try:
            billing = _address(form, "billing_choice", forms["billing_form"], optional=not needs_shipping)
        except AddressMissing:
            errors = True
    if errors:
        raise AddressMissing
    return shipping, billing


def _show_refusal(exc: ApplicationError, forms: dict) -> None:
    """Put a refusal of order placement on the forms: on the fields it names, else at the top."""
    fields = dict(exc.extra.get("fields") or {})
    targets = {"shipping_address": forms["shipping_form"], "billing_address": forms["billing_form"]}
    for name, target in targets.items():
        for field, errors in (fields.pop(name, None) or {}).items():
            target.add_error(field if field in target.fields else None, errors)
    form = forms["form"]
    for name in ("email", "shipping_method"):
        if name in fields:
            form.add_error(name, fields.pop(name))
    if exc.code not in (OrderErrorCode.INVALID_ADDRESS, OrderErrorCode.INVALID_EMAIL):
        form.add_error(None, exc.message)


def _place(request: HttpRequest, cart, form: CheckoutForm, forms: dict, summary):
    shipping, billing = _addresses_chosen(form, forms, summary.totals.needs_shipping)
    data = form.cleaned_data
    return order_place(
        cart=cart,
        email=data["email"],
        shipping_address=shipping,
        billing_address=billing,
        shipping_method=data["shipping_method"] or "none",
        user=_user(request),
        checkout_key=checkout_key_make(cart=cart, user=_user(request), key=data["checkout_key"]),
        language=get_language(),
        expected_total=data["expected_total"],
    )


@require_http_methods(["GET", "POST"])
@ratelimit_tier("moderate")
def checkout_view(request: HttpRequest) -> HttpResponse:
    """Show the checkout page, and place the order when it is sent."""
    cart = cart_from_request(request)
    if cart is None or not cart.lines.exists():
        messages.info(request, _("Your cart is empty: add products before checking out."))
        return redirect("shop:cart")
    addresses = list(request.user.addresses.all()) if request.user.is_authenticated else []
    summary = _summary(request, cart, request.POST.get("shipping_method"))
    if request.method == "GET":
        return _render(request, summary, _forms(request, summary, addresses))
    forms = _forms(request, summary, addresses, request.POST)
    form, error_code = forms["form"], ""
    if form.is_valid():
        try:
            order = _place(request, cart, form, forms, summary)
        except AddressMissing:
            pass
        except ApplicationError as exc:
            if exc.code == OrderErrorCode.EMPTY_CART:
                return redirect("shop:cart")
            _show_refusal(exc, forms)
            error_code, summary = exc.code, _summary(request, cart, request.POST.get("shipping_method"))
        else:
            messages.success(request, _("Thank you! Order %(number)s is placed.") % {"number": order.number})
            return redirect(order_page_url(request, order))
    return _render(request, summary, forms, status=400, error_code=error_code)


@require_GET
def checkout_review_view(request: HttpRequest) -> HttpResponse:
    """Return the review block for the delivery method chosen (the page's radios ask for it through htmx)."""
    cart = cart_from_request(request)
    summary = _summary(request, cart, request.GET.get("shipping_method"))
    return render(request, "orders/includes/checkout_review.html", {"summary": summary})
