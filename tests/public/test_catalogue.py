"""The public look-up's own catalogue, and what the page promises people with poor sight."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

PUBLIC = Path(__file__).resolve().parents[2] / "foodtrace" / "public"
CATALOGUE = PUBLIC / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CSS = PUBLIC / "static" / "public" / "public.css"


def test_catalogue_header():
    po = polib.pofile(str(CATALOGUE))
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")
    assert not po.fuzzy_entries() and not po.untranslated_entries()


def test_no_other_catalogue_overrides_ours():
    """The project's and earlier apps' catalogues win for identical msgids: every text of ours must come out as we
    translated it (short words carry msgctxt "public" where they collide)."""
    po = polib.pofile(str(CATALOGUE))
    with translation.override("zh-hans"):
        wrong = [(e.msgctxt, e.msgid, got) for e in po
                 if (got := (translation.pgettext(e.msgctxt, e.msgid) if e.msgctxt else translation.gettext(e.msgid)))
                 != e.msgstr]
    assert not wrong


def _rgb(value: str) -> tuple[float, ...]:
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _luminance(colour: str) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("text", "background"), [
    ("ink", "#ffffff"), ("muted", "#ffffff"), ("muted", "bg"), ("ink", "bg"), ("#ffffff", "brand"),
    ("brand", "#ffffff"), ("ok", "#ffffff"), ("warn", "#ffffff"), ("bad", "#ffffff"), ("bad", "bad-bg"),
    ("warn", "warn-bg"), ("ink", "bad-bg"), ("ink", "warn-bg"),
])
def test_text_contrast_is_at_least_4_5_to_1(text, background):
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text()))
    assert contrast(colours.get(text, text), colours.get(background, background)) >= 4.5


def test_base_type_is_16_px_or_more():
    css = CSS.read_text()
    assert re.search(r"body \{[^}]*font: 1rem/", css) and "html { font-size: 100%" in css


def _jinja_messages():
    """Every text the Jinja2 templates (public look-up, ratings panel) ask to translate: Django's makemessages
    does not read them, so nothing else would notice one missing from the catalogues."""
    from django.template import engines

    env = engines["jinja2"].env
    root = PUBLIC.parent
    for path in sorted(root.glob("*/jinja2/**/*.html")):
        for _line, function, message in env.extract_translations(path.read_text()):
            yield path.relative_to(root), function, message


def test_every_text_of_the_jinja_templates_is_translated():
    untranslated = []
    with translation.override("zh-hans"):
        for path, function, message in _jinja_messages():
            strings = (message,) if isinstance(message, str) else tuple(m for m in message if isinstance(m, str))
            if function == "pgettext":
                context, msgid = strings
                got = translation.pgettext(context, msgid)
            elif function == "ngettext":
                msgid = strings[0]
                got = translation.ngettext(strings[0], strings[1], 1)
            else:
                msgid = strings[0]
                got = translation.gettext(msgid)
            if got == msgid:
                untranslated.append((str(path), msgid))
    assert list(_jinja_messages()), "no template texts found"
    assert not untranslated
