"""The public FAQ: published entries of the visitor's language, grouped by category."""

import pytest
from django.db import IntegrityError, transaction

from tests.support.factories import FAQCategoryFactory, FAQEntryFactory

pytestmark = pytest.mark.django_db


def test_faq_shows_french_entries_on_the_french_page(client):
    delivery = FAQCategoryFactory(name="Livraison", name_en="Delivery", position=0)
    FAQEntryFactory(category=delivery, question="Quels délais ?", slug="delais", answer="Trois **jours**.")
    FAQEntryFactory(category=delivery, language="en", question="How long?", slug="how-long")
    FAQEntryFactory(category=delivery, question="Question retirée ?", is_published=False)
    html = client.get("/help/").content.decode()
    assert '<details id="delais">' in html and "<summary>Quels délais ?</summary>" in html
    assert "<strong>jours</strong>" in html and "Livraison" in html
    assert "How long?" not in html and "Question retirée" not in html


def test_faq_shows_english_entries_and_english_category_names_on_the_english_page(client):
    delivery = FAQCategoryFactory(name="Livraison", name_en="Delivery")
    FAQEntryFactory(category=delivery, question="Quels délais ?")
    FAQEntryFactory(category=delivery, language="en", question="How long?", slug="how-long")
    html = client.get("/en/help/").content.decode()
    assert '<details id="how-long">' in html and "Delivery" in html
    assert "Quels délais" not in html


def test_faq_groups_entries_by_category_in_position_order(client):
    second = FAQCategoryFactory(name="Paiement", position=2)
    first = FAQCategoryFactory(name="Commandes", position=1)
    FAQEntryFactory(category=second, question="Comment payer ?", position=0)
    FAQEntryFactory(category=first, question="Où est mon colis ?", position=1)
    FAQEntryFactory(category=first, question="Puis-je annuler ?", position=0)
    sections = client.get("/help/").context["sections"]
    assert [section.title for section in sections] == ["Commandes", "Paiement"]
    assert [entry.question for entry in sections[0].entries] == ["Puis-je annuler ?", "Où est mon colis ?"]


def test_faq_runs_one_query_whatever_the_number_of_entries(client, django_assert_max_num_queries):
    for category in FAQCategoryFactory.create_batch(3):
        FAQEntryFactory.create_batch(6, category=category)
    with django_assert_max_num_queries(2):
        assert client.get("/help/").status_code == 200


def test_empty_faq_shows_an_empty_state(client):
    response = client.get("/en/help/")
    assert response.status_code == 200
    assert 'class="empty-state"' in response.content.decode()


def test_faq_anchor_is_unique_per_language():
    FAQEntryFactory(slug="livraison", language="fr")
    FAQEntryFactory(slug="livraison", language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        FAQEntryFactory(slug="livraison", language="fr")


def test_faq_entry_url_points_at_its_anchor_in_its_language():
    assert FAQEntryFactory(slug="delais", language="fr").get_absolute_url() == "/help/#delais"
    assert FAQEntryFactory(slug="delays", language="en").get_absolute_url() == "/en/help/#delays"


def _json_ld(html: str) -> dict:
    import json
    import re

    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_faq_page_describes_its_questions_as_a_faq_page_in_json_ld(client):
    FAQEntryFactory(question="Quels délais ?", answer="Trois **jours**.")
    FAQEntryFactory(question="Brouillon ?", is_published=False)
    data = _json_ld(client.get("/help/").content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
    assert data["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Quels délais ?",
            "acceptedAnswer": {"@type": "Answer", "text": "<p>Trois <strong>jours</strong>.</p>"},
        }
    ]


def test_json_ld_cannot_be_closed_by_an_answer(client):
    FAQEntryFactory(question="</script><script>alert(1)</script>", answer="ok")
    html = client.get("/help/").content.decode()
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["mainEntity"][0]["name"] == "</script><script>alert(1)</script>"


def test_faq_search_keeps_the_matching_questions_with_their_anchors(client):
    FAQEntryFactory(question="Quels délais de livraison ?", slug="delais", answer="Trois jours.")
    FAQEntryFactory(question="Comment payer ?", slug="payer", answer="Par carte.")
    html = client.get("/help/", {"q": "LIVRAISON"}).content.decode()
    assert '<details id="delais" open>' in html and 'href="#delais"' in html
    assert "Comment payer" not in html
    empty = client.get("/help/", {"q": "introuvable"}).content.decode()
    assert "introuvable" in empty and 'class="empty-state"' in empty


def test_faq_vote_counts_once_per_session(client):
    from support.models import FAQVote

    entry = FAQEntryFactory()
    url = f"/help/faq/{entry.pk}/vote/"
    response = client.post(url, {"helpful": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'role="status"' in response.content.decode()
    client.post(url, {"helpful": "no"})
    assert list(FAQVote.objects.values_list("helpful", flat=True)) == [True]
    other = type(client)()
    assert other.post(url, {"helpful": "no"}).status_code == 302
    assert FAQVote.objects.filter(entry=entry, helpful=False).count() == 1
    assert 'role="status"' in client.get("/help/").content.decode()  # this session already voted


def test_faq_vote_on_an_unpublished_entry_is_a_404(client):
    assert client.post(f"/help/faq/{FAQEntryFactory(is_published=False).pk}/vote/").status_code == 404
