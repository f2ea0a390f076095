"""Markdown written in the back office becomes safe HTML (webox.common.markdown)."""

from django.template import Context, Template

from webox.common.markdown import render_markdown


def test_markdown_renders_headings_lists_tables_and_code():
    html = render_markdown("## Titre\n\n- un\n- deux\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```")
    for fragment in ("<h2>Titre</h2>", "<li>un</li>", "<table>", "<td>1</td>", "<pre><code>code"):
        assert fragment in html


def test_markdown_removes_script_tags_and_their_content():
    html = render_markdown("Bonjour <script>alert('x')</script> **toi**")
    assert "<script" not in html and "alert" not in html
    assert "<strong>toi</strong>" in html


def test_markdown_removes_event_handler_attributes():
    html = render_markdown('<p onclick="steal()">Texte</p> <img src="x" onerror="alert(1)">', allow_images=True)
    assert "onclick" not in html and "onerror" not in html and "steal" not in html


def test_markdown_removes_javascript_links_and_adds_rel_to_others():
    html = render_markdown("[piège](javascript:alert(1)) [site](https://example.com) <a href='JaVaScRiPt:x'>b</a>")
    assert "javascript" not in html.lower()
    assert '<a href="https://example.com" rel="nofollow noopener">site</a>' in html


def test_markdown_keeps_images_only_when_allowed():
    text = "![Une photo](/media/photo.jpg)"
    assert "<img" not in render_markdown(text)
    html = render_markdown(text, allow_images=True)
    assert '<img alt="Une photo" src="/media/photo.jpg" loading="lazy">' in html


def test_markdown_template_filter_marks_output_safe():
    template = Template('{% load webox_markdown %}{{ text|markdown }}|{{ text|markdown:"images" }}')
    html = template.render(Context({"text": "*a* ![i](/i.png)"}))
    without_images, with_images = html.split("|")
    assert "<em>a</em>" in without_images and "<img" not in without_images
    assert "<img" in with_images
