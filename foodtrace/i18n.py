"""Choosing the user's language for messages that carry both (identifier errors)."""

from django.utils.translation import get_language


def localized(exc) -> str:
    """The Chinese or English text of an error that has ``message_zh`` / ``message_en``."""
    lang = (get_language() or "zh-hans").lower()
    if lang.startswith("zh") and getattr(exc, "message_zh", None):
        return exc.message_zh
    return getattr(exc, "message_en", None) or str(exc)


def compile_catalogs() -> None:
    """Compile every locale/*/LC_MESSAGES/*.po to .mo with polib (no GNU gettext needed at install)."""
    from pathlib import Path

    import polib

    for po_path in (Path(__file__).parent / "locale").glob("*/LC_MESSAGES/*.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
