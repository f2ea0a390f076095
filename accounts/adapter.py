"""WEBOX's django-allauth adapter: where the account flows meet WEBOX's own rules."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Account flows with WEBOX's second factor, audit log, language and terms."""

    # -- Second factor (two-factor authentication) ----------------------------

    def get_login_stages(self) -> list[str]:
        """Ask for the second factor after allauth's own stages (email verification first)."""
        return [*super().get_login_stages(), "accounts.twofactor.stages.TwoFactorStage"]

    # -- Sign-up and account emails (profile) ---------------------------------

    def save_user(self, request, user, form, commit=True):
        """Save a new user with when they accepted the terms and the language they signed up in."""
        from django.conf import settings
        from django.utils import timezone, translation

        user = super().save_user(request, user, form, commit=False)
        if form.cleaned_data.get("accept_terms"):
            user.terms_accepted_at = timezone.now()
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        """Send an account email in its recipient's language, with WEBOX's name and address."""
        from django.conf import settings
        from django.utils import translation

        context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
        with translation.override(self.recipient_language(email, context)):
            super().send_mail(template_prefix, email, context)

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        """Build the verification link in the user's language (the email follows it)."""
        from django.utils import translation

        with translation.override(emailconfirmation.email_address.user.preferred_language):
            super().send_confirmation_mail(request, emailconfirmation, signup)

    def send_password_reset_mail(self, user, email, context):
        """Point the reset link at the page in the user's language."""
        from django.utils import translation

        with translation.override(user.preferred_language):
            url = self.get_reset_password_from_key_url(f"{context['uid']}-{context['key']}")
        super().send_password_reset_mail(user, email, {**context, "password_reset_url": url})

    def recipient_language(self, email, context) -> str:
        """Return the language of the account behind ``email``, else the current one."""
        from django.utils import translation

        from accounts.models import User

        user = context.get("user")
        if not isinstance(user, User) or not user.pk:
            user = User.objects.filter(email=User.objects.normalize_email(email)).first()
        return user.preferred_language if user else translation.get_language()

    # -- Client IP and login lockout (security) -----------------------------

    def get_client_ip(self, request) -> str:
        """Use the client IP that WEBOX's rate limits and audit log use (TRUSTED_PROXY_COUNT)."""
        from webox.common.clientip import client_ip

        return client_ip(request) or super().get_client_ip(request)

    def pre_authenticate(self, request, **credentials) -> None:
        """Refuse every password, the right one too, while the login is locked out."""
        from django import forms
        from django.utils.translation import ngettext

        from accounts.services.lockout import lockout_minutes, login_lockout_remaining

        super().pre_authenticate(request, **credentials)
        remaining = login_lockout_remaining(login=credentials.get("email") or "")
        if remaining is not None:
            minutes = lockout_minutes(remaining)
            message = ngettext(
                "Too many failed login attempts. Try again in %(minutes)d minute.",
                "Too many failed login attempts. Try again in %(minutes)d minutes.",
                minutes,
            )
            raise forms.ValidationError(message % {"minutes": minutes}, code="too_many_login_attempts")

    def authentication_failed(self, request, **credentials) -> None:
        """Count the failure towards the login's lockout (known and unknown emails alike)."""
        from accounts.services.lockout import login_failure_register

        super().authentication_failed(request, **credentials)
        login_failure_register(login=credentials.get("email") or "", request=request)
