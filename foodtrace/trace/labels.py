"""Words for people on the trace pages: the kinds of trace edges. Business steps, dispositions, event types and
units are the platform's shared words (foodtrace/display/words.py)."""

from django.utils.translation import gettext_lazy as _

from foodtrace.display.words import biz_step_word

EDGE_KINDS = {"transformed-into": _("transformed into"), "split-into": _("split into"),
              "contained-in": _("packed into"), "shipped-to": _("shipped to")}


def biz_step(value: str) -> str:
    return biz_step_word(value)
