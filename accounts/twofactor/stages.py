"""The allauth login stage that asks for the second factor before the user is logged in."""

from allauth.account.stages import LoginStage
from django.http import HttpResponseRedirect
from django.urls import reverse

from .selectors import twofactor_is_enabled


class TwoFactorStage(LoginStage):
    """After the password (and email verification), ask a 2FA user for a code.

    Until the code is given the session is not logged in at all: allauth keeps
    the pending login in the session for ``ACCOUNT_LOGIN_TIMEOUT`` (15 minutes),
    then forgets it. Registered by ``AccountAdapter.get_login_stages``; every
    allauth login goes through it (password, password reset, email confirmation).
    """

    key = "webox_twofactor"
    urlname = "twofactor-verify"

    def handle(self):
        user = self.login.user
        if user is None or not twofactor_is_enabled(user=user):
            return None, True
        # The password was right: a new session key now, and another after the second factor.
        self.request.session.cycle_key()
        return HttpResponseRedirect(reverse(self.urlname)), True
