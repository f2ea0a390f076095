"""Project-level pages: home and legal pages (inside i18n_patterns)."""

from django.urls import path
from django.views.generic import TemplateView

from support import views as support_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("legal/notice/", TemplateView.as_view(template_name="pages/legal_notice.html"), name="legal-notice"),
    path("legal/terms/", TemplateView.as_view(template_name="pages/terms.html"), name="terms"),
    path("legal/privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("contact/", support_views.contact, name="contact"),
]
