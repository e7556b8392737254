"""Every time shown to a person is Beijing time with its offset, from whatever zone it was recorded in."""

from datetime import UTC, date, datetime, timedelta, timezone

from django.template import engines
from django.utils import translation

from foodtrace.display import times
from foodtrace.jinja2 import environment


def test_utc_and_other_offsets_are_shown_in_beijing_time_with_the_offset():
    assert times.beijing(datetime(2026, 11, 20, 0, 30, tzinfo=UTC)) == "2026-11-20 08:30 +08:00"
    # An event recorded in New York at 19:30 (-05:00) happened at 08:30 the next day in Beijing.
    assert times.beijing("2026-11-19T19:30:00-05:00") == "2026-11-20 08:30 +08:00"
    assert times.beijing("2026-11-20T00:30:15Z", "second") == "2026-11-20 08:30:15 +08:00"
    assert times.beijing(datetime(2026, 11, 20, 0, 30, tzinfo=UTC), "short") == "11-20 08:30 +08:00"
    assert times.beijing_iso("2026-11-20T00:30:15.123+00:00") == "2026-11-20T08:30:15+08:00"


def test_the_beijing_day_of_a_late_utc_time_is_the_next_day():
    assert times.beijing_day(datetime(2026, 11, 20, 17, 0, tzinfo=UTC)) == "2026-11-21"
    assert times.beijing_day(date(2026, 11, 20)) == "2026-11-20"


def test_nothing_stays_empty_and_nonsense_is_shown_as_written():
    assert times.beijing(None) == "" and times.beijing("") == "" and times.beijing_iso(None) == ""
    assert times.beijing("not a time") == "not a time"


def test_the_recorded_offset_is_kept_for_a_tooltip_only_when_it_differs():
    with translation.override("zh-hans"):
        assert "-05:00" in times.recorded_offset_note("-05:00") and "北京时间" in times.recorded_offset_note("-05:00")
    assert times.recorded_offset_note("+08:00") == "" and times.recorded_offset_note("") == ""


def test_the_django_filters_are_built_in_and_the_jinja2_filters_say_the_same():
    moment = datetime(2026, 3, 1, 0, 5, tzinfo=timezone(timedelta(hours=-3)))
    source = "{{ t|beijing }}|{{ t|moment }}|{{ t|beijing_day }}"
    django_page = engines["django"].from_string(source).render({"t": moment})
    jinja_page = environment().from_string(source).render(t=moment)
    expected = ('2026-03-01 11:05 +08:00|<time datetime="2026-03-01T11:05:00+08:00">2026-03-01 11:05 +08:00</time>'
                "|2026-03-01")
    assert django_page == jinja_page == expected


def test_what_django_formats_itself_in_the_back_office_carries_the_offset():
    from django.utils import formats

    moment = datetime(2026, 3, 1, 0, 5, tzinfo=UTC)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert formats.localize(times.to_beijing(moment)) == "2026-03-01 08:05:00 +08:00"
