"""Template helpers of the studio's pages: the balance badge, the sub-navigation, message and job states."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import selectors
from ..models import GenerationJob, Message
from ..services import message_status as _message_status

register = template.Library()
CURRENT = mark_safe(' aria-current="page"')


@register.simple_tag
def studio_balance(user) -> int:
    """Return the user's spendable credits (one query; 0 without an account)."""
    return selectors.credit_balance(user=user)[0] if user.is_authenticated else 0


@register.simple_tag(takes_context=True)
def studio_link(context, url_name: str, label: str, exact: bool = False) -> str:
    """Render a sub-navigation link, marked current when the page is under it (``exact``: only itself)."""
    url = reverse(url_name)
    request = context.get("request")
    path = request.path if request is not None else ""
    current = path == url if exact else path.startswith(url)
    return format_html('<a class="studio-nav__link" href="{}"{}>{}</a>', url, CURRENT if current else "", label)


@register.filter
def message_status(message: Message) -> str:
    """Return ``pending``, ``complete``, ``failed`` or ``cancelled``."""
    return _message_status(message)


@register.filter
def job_running(job: GenerationJob) -> bool:
    return not job.is_finished


@register.filter
def media_kind(content_type: str) -> str:
    """Return ``image``, ``audio``, ``video`` or ``file``: how a result is shown."""
    family = (content_type or "").split("/", 1)[0]
    return family if family in ("image", "audio", "video") else "file"
