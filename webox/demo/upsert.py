"""Idempotent writes for the demo loader: create a row once, then touch it only when it differs."""

from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile

ModelT = TypeVar("ModelT", bound=models.Model)


def upsert(
    model: type[ModelT], *, lookup: dict[str, Any], values: dict[str, Any], create_only: dict[str, Any] | None = None
) -> tuple[ModelT, bool]:
    """Return the row matching ``lookup``, created or updated to ``values``, and whether it was written.

    ``create_only`` values are used when the row is created and never changed
    afterwards (dates relative to the first run, passwords). Foreign keys are
    given as ``<name>_id`` so that comparing them costs no query.
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values, **(create_only or {}))
        instance.save()
        return instance, True
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return instance, False
    for name in changed:
        setattr(instance, name, values[name])
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        changed.append("updated_at")
    instance.save(update_fields=changed)
    return instance, True


def file_missing(field_file: FieldFile) -> bool:
    """Say whether a file field is empty or points at a file its storage no longer has."""
    return not field_file or not field_file.storage.exists(field_file.name)


def file_save(field_file: FieldFile, *, name: str, content: bytes) -> None:
    """Store ``content`` as the file of ``field_file`` and save its row."""
    field_file.save(name, ContentFile(content, name=name), save=True)


def tags_sync(instance: models.Model, *, names: tuple[str, ...]) -> bool:
    """Give ``instance`` exactly the tags ``names``; return whether they changed."""
    if set(instance.tags.names()) == set(names):
        return False
    instance.tags.set(list(names))
    return True
