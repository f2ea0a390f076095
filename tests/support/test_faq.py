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
