"""HTML pages of the AI studio, one module per tool; ``urls.py`` names them here."""

from .ads import ads, ads_job, ads_variants_fragment
from .chat import (
    chat_home,
    conversation_delete_view,
    conversation_detail,
    conversation_rename_view,
    message_fragment,
)
from .common import index, result_download
from .credits import credits
from .ebook import ebook, ebook_job, ebook_outline, ebook_outline_fragment
from .gallery import gallery, job_cancel_view, job_card, job_regenerate_view, result_product_image
from .images import images

__all__ = [
    "ads",
    "ads_job",
    "ads_variants_fragment",
    "chat_home",
    "conversation_delete_view",
    "conversation_detail",
    "conversation_rename_view",
    "credits",
    "ebook",
    "ebook_job",
    "ebook_outline",
    "ebook_outline_fragment",
    "gallery",
    "images",
    "index",
    "job_cancel_view",
    "job_card",
    "job_regenerate_view",
    "message_fragment",
    "result_download",
    "result_product_image",
]
