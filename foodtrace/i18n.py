"""Choosing the user's language for messages that carry both (identifier errors)."""

from django.utils.translation import get_language


def localized(exc) -> str:
    """The Chinese or English text of an error that has ``message_zh`` / ``message_en``."""
    lang = (get_language() or "zh-hans").lower()
    if lang.startswith("zh") and getattr(exc, "message_zh", None):
        return exc.message_zh
    return getattr(exc, "message_en", None) or str(exc)
