"""The Jinja2 environment, for the public look-up's pages (public/jinja2/) and the ratings panel on them
(participation/jinja2/): a code's page is rendered for every look-up that is not cached, and Jinja2 compiles a
template to Python where Django's engine walks a node tree for every variable — the page frame and the panel
in Django templates were a third of an uncached page's time (measured 2026-12-03 with cProfile; bench/public.py).
The back office and the participation forms stay Django templates.

Translations come from Django's catalogues (the same msgids, ``%(name)s`` placeholders), dates in the
platform's time zone as Django's ``date`` filter would show them; times in Beijing time with their offset and
codes in plain words through the same functions as the Django templates' filters (foodtrace/display/).
"""

from datetime import date, datetime

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from jinja2 import Environment, Undefined
from markupsafe import Markup, escape

from foodtrace.display import times, words


def day(value) -> str:
    """YYYY-MM-DD of a date, or of an aware datetime in the platform's time zone; "" for nothing."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date().isoformat() if timezone.is_aware(value) else value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else ""


def moment(value, precision: str = "minute") -> Markup | str:
    """<time datetime="…+08:00">2026-12-03 17:30 +08:00</time>, as the Django filter of the same name."""
    if value is None or value == "":
        return ""
    return Markup('<time datetime="%s">%s</time>') % (escape(times.beijing_iso(value)),
                                                      escape(times.beijing(value, precision)))


def languages() -> list[tuple[str, str]]:
    """(code, name in the current language) of each language offered, as Django's get_available_languages."""
    return [(code, translation.gettext(name)) for code, name in settings.LANGUAGES]


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
    env.globals.update(static=static, url=reverse, language=translation.get_language, languages=languages)
    env.filters["day"] = day
    env.filters["floatformat"] = floatformat
    env.filters.update(beijing=times.beijing, beijing_iso=times.beijing_iso, beijing_day=times.beijing_day,
                       moment=moment, unit_word=words.unit_word, quantity=words.quantity_text,
                       step_word=words.biz_step_word, disposition_word=words.disposition_word)
    return env
