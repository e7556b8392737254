"""Unknown foreign keys as field errors, before a model's own rules run.

A client may send any ID (``district_id: "999999"``, ``market_id: 999999``). Django's
``full_clean`` reports such a key, but calls the model's ``clean()`` anyway, and a ``clean()``
that follows the relation (``self.district.level``) then raises ``DoesNotExist`` — a 500.
Services call ``check_references`` first, so the answer is a 422 naming the field as the
client sent it (``district_id``).
"""

from django.core.exceptions import ValidationError
from django.db import models


def check_references(instance: models.Model) -> None:
    errors = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):
            continue
        value = getattr(instance, field.attname)
        if value is None or field.is_cached(instance):
            continue  # empty, or set from an object already loaded
        try:
            value = field.target_field.to_python(value)
            field.validate(value, instance)  # the row exists (and passes limit_choices_to)
        except ValidationError as exc:
            errors[field.attname] = exc.messages
    if errors:
        raise ValidationError(errors)
