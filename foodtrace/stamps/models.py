from django.db import models
from django.utils.translation import gettext_lazy as _


class Stamp(models.Model):
    """When something a product page shows last changed (nanoseconds since the epoch), by hashed name: a lot's
    key, a business (``u:{USCC}``), a document, or ``recalls`` / ``registry``. Used only when the cache is
    not shared between processes (no Redis); with Redis the stamps are cache entries."""

    name = models.CharField(max_length=32, primary_key=True)
    at = models.BigIntegerField()

    class Meta:
        verbose_name = _("change stamp")
        # The table the public app created; kept so that moving the model here moved no data (store.py writes it
        # in raw SQL).
        db_table = "public_stamp"

    def __str__(self):
        return f"{self.name}@{self.at}"
