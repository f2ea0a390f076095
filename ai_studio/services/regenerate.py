"""Start again: a new job with the same kind, model, prompt and parameters; reuse an image in the shop."""

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from shop.models import Product, ProductImage
from shop.services.images import product_image_add
from webox.common.errors import ApplicationError

from ..models import GenerationJob, GenerationResult
from .jobs import job_create

REUSABLE_IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")


def job_regenerate(*, user, job: GenerationJob) -> GenerationJob:
    """Queue a new job of ``user`` like ``job`` (same kind, model, prompt and parameters): a new result, a new cost."""
    return job_create(user=user, kind=job.kind, model=job.model, prompt=job.prompt, params=dict(job.params))


def result_product_image_add(*, result: GenerationResult, product: Product) -> ProductImage:
    """Add the generated picture ``result`` to ``product``'s images (after its current ones); thumbnails follow."""
    if result.content_type not in REUSABLE_IMAGE_TYPES:
        message = _("Only a generated picture can become a product image.")
        raise ApplicationError(message, code="not_an_image", extra={"fields": {"result": [message]}})
    with result.file.open("rb") as source:
        upload = ContentFile(source.read(), name=os.path.basename(result.file.name))
    alt_text = (result.job.prompt or product.name)[:200]
    try:
        return product_image_add(product=product, upload=upload, alt_text=alt_text, position=product.images.count())
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], code="invalid_image") from exc
