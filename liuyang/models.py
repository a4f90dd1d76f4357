"""Model pieces shared by every app."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .exceptions import ConflictError


class VersionedModel(models.Model):
    """Optimistic concurrency (as Taiga does it): every save bumps ``version``.

    An editor that loaded version N sets ``obj.expected_version = N`` before
    saving; if the stored version is no longer N the save raises ConflictError
    and writes nothing. The row is locked while checking, so of two concurrent
    saves from the same version exactly one wins.
    """

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        expected = self.__dict__.pop("expected_version", None)
        with transaction.atomic(using=kwargs.get("using")):
            if self.pk is not None and not self._state.adding:
                current = (
                    type(self)
                    ._default_manager.select_for_update()
                    .filter(pk=self.pk)
                    .values_list("version", flat=True)
                    .first()
                )
                if current is not None:
                    if expected is not None and int(expected) != current:
                        raise ConflictError()
                    self.version = current + 1
                    if kwargs.get("update_fields") is not None:
                        kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            super().save(*args, **kwargs)
