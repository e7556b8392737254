"""The audit trail (审计记录): append-only, chained by SM3 hashes.

Each entry's hash covers its content and the previous entry's hash, so
changing or removing any entry breaks the chain at that point and
``manage.py audit_verify`` names it. Database triggers (see the migration)
refuse UPDATE always and DELETE of entries younger than the retention period.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from foodtrace.display.times import beijing


class AuditQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("audit entries are append-only; use `manage.py audit_purge` after retention")

    def update(self, **kwargs):
        raise PermissionError("audit entries are append-only")


class AuditEntry(models.Model):
    class ActorType(models.TextChoices):
        USER = "user", _("User")
        API_CLIENT = "api_client", _("API client")
        SYSTEM = "system", _("System")
        ANONYMOUS = "anonymous", _("Anonymous")

    chain_index = models.BigIntegerField(_("chain index"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor_type = models.CharField(_("actor type"), max_length=16, choices=ActorType.choices)
    actor_id = models.CharField(_("actor ID"), max_length=64, blank=True)
    actor_name = models.CharField(_("actor"), max_length=150, blank=True, db_index=True)
    actor_role = models.CharField(_("role"), max_length=32, blank=True)
    source = models.CharField(_("source"), max_length=32)  # web / admin / api / cli:<command> / task
    ip = models.GenericIPAddressField(_("source address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=32, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, db_index=True, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-chain_index"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        permissions = [("verify_auditentry", "Can verify the audit chain")]

    def __str__(self):
        return f"#{self.chain_index} {beijing(self.at, 'second')} {self.actor_name} {self.action} {self.object_repr}"

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only")


class AuditChainHead(models.Model):
    """One row: the last index and hash. Locking it serialises appends, so the chain never forks."""

    last_index = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self):
        return f"#{self.last_index} {self.last_hash}"


class AuditVerification(models.Model):
    """One run of the chain verification (``manage.py audit_verify`` or the audit list's button): when, by
    whom, what it found. The audit administrator's workbench shows the last one."""

    at = models.DateTimeField(_("verified at"), db_index=True)
    by_name = models.CharField(_("verified by"), max_length=150)  # the user's name, or the command
    source = models.CharField(_("source"), max_length=32)  # admin / cli:audit_verify
    ok = models.BooleanField(_("chain intact"))
    checked = models.BigIntegerField(_("entries checked"))
    head_index = models.BigIntegerField(_("chain head"), default=0)
    first_bad_index = models.BigIntegerField(_("first bad entry"), null=True, blank=True)
    problems = models.JSONField(_("problems found"), default=list, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit chain verification")
        verbose_name_plural = _("audit chain verifications")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {'ok' if self.ok else 'BROKEN'} ({self.checked})"
