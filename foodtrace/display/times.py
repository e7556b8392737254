"""Times shown to people: Beijing time (Asia/Shanghai) with its offset, whatever zone a time was recorded in.

An EPCIS event carries its own ``eventTimeZoneOffset`` (a business in another zone, or one that wrote UTC);
pages still show it in Beijing time, the one clock every reader of the platform shares, and keep the original
offset for a tooltip (``recorded_offset_note``) and in the JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

# The platform's clock. China has one zone and no daylight saving since 1991, so the offset is always +08:00;
# it is still computed, not written, so a time from before 1991 shows the offset it had.
BEIJING = ZoneInfo("Asia/Shanghai")


def to_beijing(value) -> datetime | None:
    """An aware datetime in Beijing time from a datetime or an ISO 8601 string; None for nothing or nonsense.

    A naive datetime is taken as Beijing time already (the platform stores aware times; naive ones come only
    from people typing a local time)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=BEIJING)
    return value.astimezone(BEIJING)


def offset_of(moment: datetime) -> str:
    """"+08:00" for a Beijing time."""
    seconds = int(moment.utcoffset().total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def beijing(value, precision: str = "minute") -> str:
    """"2026-12-03 17:30 +08:00": a moment as people on the platform read it. ``precision`` "second" adds
    the seconds, "short" leaves out the year (narrow columns); a date (no time of day) is shown as the date
    alone. "" for nothing.

    Written with an f-string, not Django's ``date`` filter: the public look-up formats every step of a chain
    with it (the filter was a fifth of rendering a long chain)."""
    if value is None or value == "":
        return ""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    moment = to_beijing(value)
    if moment is None:
        return str(value)
    clock = (f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}" if precision == "second"
             else f"{moment.hour:02d}:{moment.minute:02d}")
    if precision == "short":  # narrow table columns: the year left out
        return f"{moment.month:02d}-{moment.day:02d} {clock} {offset_of(moment)}"
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {clock} {offset_of(moment)}"


def beijing_iso(value) -> str:
    """ISO 8601 in Beijing time with its offset, for ``<time datetime="…">``; "" for nothing."""
    moment = to_beijing(value)
    return moment.isoformat(timespec="seconds") if moment else ""


def beijing_day(value) -> str:
    """YYYY-MM-DD of the Beijing calendar day a moment falls on (a date as it is); "" for nothing."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    moment = to_beijing(value)
    return moment.date().isoformat() if moment else ""


def recorded_offset_note(offset: str | None) -> str:
    """The tooltip text for an event recorded in another zone: "recorded with offset -05:00 (Beijing time
    shown)"; "" when it was recorded in Beijing time or says nothing."""
    if not offset or offset in ("+08:00", "+0800"):
        return ""
    return _("Recorded with time zone offset %(offset)s; shown in Beijing time (+08:00).") % {"offset": offset}
