"""Template tags for the ``<head>`` of every page: canonical address, ``hreflang`` links, captured blocks.

Usage in templates/base.html::

    {% load webox_seo %}
    {% capture as page_title %}{% block title %}…{% endblock %}{% endcapture %}
    {% page_url as canonical %}
    {% hreflang_links %}
"""

from django import template
from django.template.base import Parser, Token
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from webox import seo

register = template.Library()


class CaptureNode(template.Node):
    """Render the enclosed nodes once and store the (stripped) result in a context variable."""

    child_nodelists = ("nodelist",)  # so that {% block %} inside stays overridable by child templates

    def __init__(self, nodelist: template.NodeList, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        context[self.name] = SafeString(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    """Parse ``{% capture as name %}…{% endcapture %}``: reuse a block's output in several tags."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def page_url(context: template.Context) -> str:
    """Return the page's absolute canonical address: the view's ``canonical_url``, else its path without query."""
    if context.get("canonical_url"):
        return context["canonical_url"]
    request = context.get("request")
    return seo.absolute_url(request.path) if request is not None else ""


@register.simple_tag(takes_context=True)
def hreflang_links(context: template.Context) -> SafeString:
    """Return one ``<link rel="alternate" hreflang>`` per language plus ``x-default`` for the current page."""
    request = context.get("request")
    alternates = seo.hreflang_alternates(request.path) if request is not None else []
    return format_html_join(
        "\n  ", '<link rel="alternate" hreflang="{}" href="{}">', ((item.hreflang, item.href) for item in alternates)
    )


@register.filter
def absolute(url: str) -> str:
    """Prefix ``url`` with ``SITE_URL`` unless it is already absolute."""
    return seo.absolute_url(url) if url else ""
