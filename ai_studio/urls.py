"""HTML pages of ai_studio."""

from django.urls import path

from . import views
from .views.audio import audio
from .views.shorts import shorts
from .views.video import video

app_name = "ai_studio"
urlpatterns = [
    path("", views.index, name="index"),
    path("results/<int:result_id>/", views.result_download, name="result-download"),
    path("results/<int:result_id>/product-image/", views.result_product_image, name="result-product-image"),
    path("chat/", views.chat_home, name="chat"),
    path("chat/<int:conversation_id>/", views.conversation_detail, name="conversation"),
    path("chat/<int:conversation_id>/rename/", views.conversation_rename_view, name="conversation-rename"),
    path("chat/<int:conversation_id>/delete/", views.conversation_delete_view, name="conversation-delete"),
    path("chat/<int:conversation_id>/messages/<int:message_id>/", views.message_fragment, name="message"),
    path("images/", views.images, name="images"),
    path("audio/", audio, name="audio"),
    path("video/", video, name="video"),
    path("shorts/", shorts, name="shorts"),
    path("creations/", views.gallery, name="gallery"),
    path("jobs/<int:job_id>/card/", views.job_card, name="job-card"),
    path("jobs/<int:job_id>/regenerate/", views.job_regenerate_view, name="job-regenerate"),
    path("jobs/<int:job_id>/cancel/", views.job_cancel_view, name="job-cancel"),
    path("credits/", views.credits, name="credits"),
    path("ebook/", views.ebook, name="ebook"),
    path("ebook/outline/<int:job_id>/", views.ebook_outline, name="ebook-outline"),
    path("ebook/outline/<int:job_id>/form/", views.ebook_outline_fragment, name="ebook-outline-form"),
    path("ebook/<int:job_id>/", views.ebook_job, name="ebook-job"),
    path("ads/", views.ads, name="ads"),
    path("ads/<int:job_id>/", views.ads_job, name="ads-job"),
    path("ads/<int:job_id>/variants/", views.ads_variants_fragment, name="ads-variants"),
]
