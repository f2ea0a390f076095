"""Back office of the AI studio: the ledger is read-only; staff add or remove credits with a reason."""

import pytest

from ai_studio.models import CreditAccount, CreditEntry, GenerationJob
from ai_studio.services import job_create

from .studio_support import funded_user_make

pytestmark = pytest.mark.django_db


def _adjust(client, account: CreditAccount, amount, reason: str):
    data = {"adjust_amount": amount, "adjust_reason": reason}
    data |= {"entries-TOTAL_FORMS": 0, "entries-INITIAL_FORMS": 0}
    return client.post(f"/admin/ai_studio/creditaccount/{account.pk}/change/", data)


def _change_page(client, account: CreditAccount) -> str:
    return client.get(f"/admin/ai_studio/creditaccount/{account.pk}/change/").content.decode()


def test_staff_add_and_remove_credits_with_a_reason_never_below_zero(admin_client_verified):
    account = CreditAccount.objects.get(user=funded_user_make(10))
    assert _adjust(admin_client_verified, account, 25, "Geste commercial").status_code == 302
    assert _adjust(admin_client_verified, account, -5, "Erreur de saisie").status_code == 302
    account.refresh_from_db()
    assert account.balance == 30
    assert list(account.entries.filter(kind=CreditEntry.Kind.ADJUST).values_list("amount", "reason")) == [
        (-5, "Erreur de saisie"),
        (25, "Geste commercial"),
    ]
    too_much = _adjust(admin_client_verified, account, -31, "Trop")
    no_reason = _adjust(admin_client_verified, account, 5, "")
    assert too_much.status_code == no_reason.status_code == 200  # the form again, with its error
    account.refresh_from_db()
    assert account.balance == 30 and account.entries.count() == 3


def test_the_ledger_and_jobs_are_read_only(admin_client_verified):
    user = funded_user_make(10)
    job = job_create(user=user, kind="chat", model="demo-chat", prompt="Bonjour")
    entry = CreditEntry.objects.filter(job=job).get()
    for path in ("creditentry", "generationjob", "creditaccount", "conversation"):
        assert admin_client_verified.get(f"/admin/ai_studio/{path}/").status_code == 200
        assert admin_client_verified.get(f"/admin/ai_studio/{path}/add/").status_code == 403
    page = admin_client_verified.get(f"/admin/ai_studio/creditentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    page = admin_client_verified.get(f"/admin/ai_studio/generationjob/{job.pk}/change/")
    assert page.status_code == 200 and "Bonjour" in page.content.decode()


def test_an_account_page_shows_the_usage_per_provider_and_model(
    admin_client_verified, django_capture_on_commit_callbacks
):
    """Staff read on a customer's account what each provider and model made for them and what it cost."""
    user = funded_user_make(100)
    with django_capture_on_commit_callbacks(execute=True):
        job_create(user=user, kind="image", model="demo-image", prompt="Un phare", params={"count": 2})
        job_create(user=user, kind="chat", model="demo-chat", prompt="Bonjour")
    image, chat = GenerationJob.objects.get(kind="image"), GenerationJob.objects.get(kind="chat")
    account = CreditAccount.objects.get(user=user)

    html = _change_page(admin_client_verified, account)

    assert image.cost and chat.output_tokens
    assert f"<td>demo</td><td>demo-image</td><td>1</td><td>0</td><td>0</td><td>{image.cost}</td>" in html
    tokens = f"<td>{chat.input_tokens}</td><td>{chat.output_tokens}</td>"
    assert f"<td>demo</td><td>demo-chat</td><td>1</td>{tokens}<td>{chat.cost}</td>" in html
    empty = CreditAccount.objects.get(user=funded_user_make(5))
    assert "<td>demo</td>" not in _change_page(admin_client_verified, empty)
