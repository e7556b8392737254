"""Units and EPCIS words in plain Chinese (English with the switch), the standard term kept for the tooltip."""

import pytest
from django.template import engines
from django.utils import translation

from foodtrace.display import words
from foodtrace.epcis.values import BIZ_STEPS, DISPOSITIONS
from foodtrace.jinja2 import environment
from foodtrace.ledgers.units import UNITS as LEDGER_UNITS


@pytest.mark.parametrize(("code", "zh", "en"), [
    ("KGM", "千克", "kg"), ("LTR", "升", "L"), ("H87", "件", "pieces"), ("GRM", "克", "g"), ("TNE", "吨", "t"),
    ("XBX", "箱", "boxes"), ("XBO", "瓶", "bottles"),
])
def test_un_ece_units_are_plain_words(code, zh, en):
    with translation.override("zh-hans"):
        assert words.unit_word(code) == zh
    with translation.override("en"):
        assert words.unit_word(code) == en


def test_every_unit_a_ledger_accepts_has_a_chinese_word():
    with translation.override("zh-hans"):
        for unit in LEDGER_UNITS:
            word = words.unit_word(unit.code)
            assert word != unit.code and not word.isascii(), unit.code


def test_every_cbv_step_and_disposition_has_a_chinese_word():
    with translation.override("zh-hans"):
        for step in BIZ_STEPS:
            assert not words.biz_step_word(step).isascii(), step
        for disposition in DISPOSITIONS:
            assert not words.disposition_word(disposition).isascii(), disposition


@pytest.mark.parametrize(("event", "zh"), [
    (("ObjectEvent", "OBSERVE", "shipping"), "发货"),
    (("ObjectEvent", "OBSERVE", "urn:epcglobal:cbv:bizstep:receiving"), "收货"),
    (("ObjectEvent", "ADD", "commissioning"), "赋码/生产"),
    (("TransformationEvent", "", ""), "加工"),
    (("AggregationEvent", "ADD", ""), "装箱"),
    (("ObjectEvent", "OBSERVE", ""), "记录"),
    (("ObjectEvent", "OBSERVE", "urn:example:own-step"), "urn:example:own-step"),
])
def test_an_event_is_named_by_what_it_did(event, zh):
    with translation.override("zh-hans"):
        assert words.event_word(*event) == zh


def test_quantities_read_as_number_and_word_and_the_standard_term_stays_in_the_tooltip():
    with translation.override("zh-hans"):
        assert words.quantity_text(120.50, "KGM") == "120.5 千克"
        assert words.quantity_text("80.000", "H87") == "80 件"
        assert words.quantity_text(None, "KGM") == ""
        assert words.quantity_text(3, "ZZZ") == "3 ZZZ"
        event = {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping"}
        page = engines["django"].from_string(
            '<span title="{{ e|event_term }}">{{ e|event_word }}</span> {{ 5|quantity:"KGM" }}').render({"e": event})
        assert page == '<span title="ObjectEvent OBSERVE shipping">发货</span> 5 千克'
        assert environment().from_string('{{ "shipping"|step_word }} {{ 5|quantity("LTR") }}').render() == "发货 5 升"
