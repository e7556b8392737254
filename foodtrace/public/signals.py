"""Stamp the public pages' dependencies when the registry, codes, certificates, recalls or ratings change (after
commit).

Events are stamped by the capture service itself (``stamps.touch_after_commit``); bulk imports of the registry
send no model signals, so their one audit entry stamps ``registry``, which every page depends on.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from foodtrace.audit.models import AuditEntry
from foodtrace.codes.models import TraceCode
from foodtrace.ledgers.models import Attachment
from foodtrace.public import stamps
from foodtrace.recall.models import Recall, RecallLot
from foodtrace.registry.models import Business, Licence, Product

IMPORTED_TYPES = ("registry.business", "registry.licence", "registry.product")


@receiver([post_save, post_delete], sender=Licence, dispatch_uid="public-licence")
def licence_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        uscc = Business.objects.filter(pk=instance.business_id).values_list("uscc", flat=True).first()
        stamps.bump_after_commit([stamps.business(uscc)] if uscc else [stamps.REGISTRY])


@receiver(post_save, sender=Business, dispatch_uid="public-business")
def business_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        stamps.bump_after_commit([stamps.business(instance.uscc)])


@receiver(post_save, sender=Product, dispatch_uid="public-product")
def product_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # rare (a name corrected); every page may show a product by its GTIN
        stamps.bump_after_commit([stamps.REGISTRY])


@receiver(post_save, sender=TraceCode, dispatch_uid="public-tracecode")
def trace_code_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        stamps.bump_after_commit([instance.key])


@receiver([post_save, post_delete], sender=Attachment, dispatch_uid="public-attachment")
def attachment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        names = [instance.lot_key] if instance.lot_key else []
        if instance.transaction_value:
            names.append(stamps.document(instance.transaction_value))
        stamps.bump_after_commit(names)


@receiver([post_save, post_delete], sender=Recall, dispatch_uid="public-recall")
@receiver([post_save, post_delete], sender=RecallLot, dispatch_uid="public-recall-lot")
def recall_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a recall started (its lots are written in the same transaction) or closed
        stamps.bump_after_commit([stamps.RECALLS])


@receiver(post_save, sender=AuditEntry, dispatch_uid="public-registry-import")
def registry_imported(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and instance.action == "import" and instance.object_type in IMPORTED_TYPES:
        stamps.bump_after_commit([stamps.REGISTRY])


if apps.is_installed("foodtrace.participation"):
    from foodtrace.participation.models import Rating

    @receiver([post_save, post_delete], sender=Rating, dispatch_uid="public-rating")
    def rating_changed(sender, instance, raw=False, **kwargs):
        if not raw:  # a rating given (its stars count at once) or its comment moderated
            stamps.bump_after_commit(stamps.ratings(instance.lot_key, instance.product_id))
