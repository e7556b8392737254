from django.db import models


class IdSequence(models.Model):
    """Named counters handing out blocks of IDs (one locked row update per captured document)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    audit_skip = True

    def __str__(self):
        return f"{self.name}={self.value}"
