"""Abstract models shared by the apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Record when a row was created and last updated."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class MaintainedFieldsModel(models.Model):
    """A model some of whose columns only their keepers write (triggers, services, each in one UPDATE).

    ``save()`` of an existing row leaves out ``maintained_fields``: an instance loaded before a keeper
    changed them (a sale, a review, a redemption) cannot write back the values it loaded. A caller that
    means to write one names it in ``update_fields``.
    """

    maintained_fields: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.maintained_fields and field.attname not in deferred
            ]
        super().save(*args, **kwargs)


def locked_value(instance: models.Model, field: str):
    """Lock ``instance``'s row until the transaction ends and return ``field`` as the database holds it.

    None when the row is gone. Outside a transaction (or on SQLite) the row is read without a lock.
    """
    rows = type(instance)._default_manager.select_for_update().filter(pk=instance.pk)
    return rows.values_list(field, flat=True).first()
