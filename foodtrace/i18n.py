"""Choosing the user's language for messages that carry both (identifier errors)."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language


def localized(exc) -> str:
    """The Chinese or English text of an error that has ``message_zh`` / ``message_en``."""
    lang = (get_language() or "zh-hans").lower()
    if lang.startswith("zh") and getattr(exc, "message_zh", None):
        return exc.message_zh
    return getattr(exc, "message_en", None) or str(exc)


def compile_catalogs() -> None:
    """Compile every catalogue — the project's and each app's own ``locale/`` (Django finds both) — to .mo
    with polib (no GNU gettext needed at install)."""
    from pathlib import Path

    import polib

    for po_path in Path(__file__).parent.glob("**/locale/*/LC_MESSAGES/*.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


class ChineseFirstLocaleMiddleware:
    """Chinese unless the person chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which
    would show English to a regulator whose browser happens to be English;
    the platform's language is Chinese, and English is a choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
