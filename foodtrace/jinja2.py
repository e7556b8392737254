"""The Jinja2 environment, for the few fragments rendered on the public hot path (public/jinja2/): the facts of a
code's page are rendered for every look-up that is not cached, and Jinja2 compiles a template to Python where
Django's engine walks a node tree for every variable (measured: bench/public.py, docs/public.md). Pages and
everything else stay Django templates.

Translations come from Django's catalogues (the same msgids, ``%(name)s`` placeholders), dates in the
platform's time zone as Django's ``date`` filter would show them.
"""

from datetime import date, datetime

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from jinja2 import Environment, Undefined


def day(value) -> str:
    """YYYY-MM-DD of a date, or of an aware datetime in the platform's time zone; "" for nothing."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date().isoformat() if timezone.is_aware(value) else value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else ""


class FoodTraceEnvironment(Environment):
    def getattr(self, obj, attribute):
        # ``party.name`` on the dicts the facts are made of: the key first. Jinja2 tries the attribute first and
        # reaches the key through an AttributeError, which was a third of the fragment's time.
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(**options) -> Environment:
    # Django's backend would print an undefined name's source text when DEBUG is on; a missing fact (no product,
    # no licence) is empty on every setting.
    options["undefined"] = Undefined
    env = FoodTraceEnvironment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True,
                                  pgettext=translation.pgettext, npgettext=translation.npgettext)
    env.globals.update(static=static, url=reverse)
    env.filters["day"] = day
    return env
