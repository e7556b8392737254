"""Records every single-object write of business data through the ORM.

Admin, pages, API and services all save through the ORM, so hooking the model
signals catches them all; set-based writes (imports, capture) call
``record_bulk`` themselves because bulk operations send no signals.
"""

from functools import cache

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from foodtrace.audit.recorder import jsonable, object_type_of, record

# Bookkeeping that is recorded by its own event (login) or is not a business change.
IGNORED_FIELDS = {"last_login", "last_used_at", "throttling_failure_timestamp", "throttling_failure_count",
                  "last_t"}
SENSITIVE_NAMES = {"password", "key_hash", "key"}


@cache
def audited_apps() -> frozenset[str]:
    """The labels of the apps whose writes are recorded. An app declares it in its AppConfig (``audited = True``,
    and ``audits_also`` for third-party apps whose models it uses, such as django-otp's devices); a model opts
    out with ``audit_skip = True``. Read once, after the app registry is ready."""
    labels = set()
    for config in apps.get_app_configs():
        if getattr(config, "audited", False):
            labels.add(config.label)
            labels.update(getattr(config, "audits_also", ()))
    return frozenset(labels)


def audited(model) -> bool:
    return model._meta.app_label in audited_apps() and not getattr(model, "audit_skip", False)


def _sensitive_attnames(model) -> set[str]:
    return {f.attname for f in model._meta.concrete_fields
            if f.name in SENSITIVE_NAMES or getattr(f, "sensitive", False)}


def _values(model, row: dict) -> dict:
    return {f.attname: jsonable(row[f.attname]) for f in model._meta.concrete_fields
            if f.attname not in IGNORED_FIELDS and f.attname in row}


def _snapshot(instance) -> dict:
    return _values(type(instance), {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields})


def _masked(model, changes: dict) -> dict:
    """Secrets and personal data are recorded as changed, never by value."""
    secret = _sensitive_attnames(model)
    return {k: ([None if a in (None, "") else "***" for a in pair] if k in secret else pair)
            for k, pair in changes.items()}


@receiver(pre_save)
def remember_old_values(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not audited(sender) or instance._state.adding or instance.pk is None:
        return
    if update_fields and set(update_fields) <= IGNORED_FIELDS:
        return
    attnames = [f.attname for f in sender._meta.concrete_fields]
    row = sender._base_manager.filter(pk=instance.pk).values(*attnames).first()
    instance._audit_old = _values(sender, row) if row else {}


@receiver(post_save)
def record_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not audited(sender):
        return
    if not created and update_fields and set(update_fields) <= IGNORED_FIELDS:
        return
    new = _snapshot(instance)
    if created:
        changes = {k: [None, v] for k, v in new.items() if v not in (None, "", [], {})}
    else:
        old = getattr(instance, "_audit_old", {})
        changes = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
        if not changes:
            return
    with transaction.atomic():
        record(action="create" if created else "update", object_type=object_type_of(sender),
               object_id=str(instance.pk), object_repr=str(instance), changes=_masked(sender, changes))


@receiver(post_delete)
def record_delete(sender, instance, **kwargs):
    if not audited(sender):
        return
    old = {k: [v, None] for k, v in _snapshot(instance).items() if v not in (None, "")}
    with transaction.atomic():
        record(action="delete", object_type=object_type_of(sender), object_id=str(instance.pk),
               object_repr=str(instance), changes=_masked(sender, old))


@receiver(m2m_changed)
def record_m2m(sender, instance, action, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not audited(type(instance)):
        return
    field = next((f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender), "m2m")
    with transaction.atomic():
        record(action="update", object_type=object_type_of(type(instance)), object_id=str(instance.pk),
               object_repr=str(instance),
               changes={field: {action.removeprefix("post_"): sorted(pk_set or [])}})
