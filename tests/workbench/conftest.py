"""Rows for the workbench tests, written straight through the ORM (each provider only reads them)."""

import itertools
from datetime import timedelta

from django.utils import timezone

from foodtrace.ledgers.models import LedgerUpload
from foodtrace.participation.models import Report
from foodtrace.recall.models import Recall, RecallParty

_seq = itertools.count(1)


def make_recall(district="430102", *, started=None, level=2) -> Recall:
    started = started or timezone.now()
    n = next(_seq)
    return Recall.objects.create(number=f"ZH-2026-{n:04d}", level=level, reason="测试召回", district_id=district,
                                 created_at=started, start_deadline=started + timedelta(hours=48),
                                 finish_deadline=started + timedelta(days=28))


def make_party(recall: Recall, business, **fields) -> RecallParty:
    return RecallParty.objects.create(recall=recall, business=business, **fields)


def make_report(district="430102", *, assignee=None, status=Report.Status.RECEIVED, created_at=None) -> Report:
    n = next(_seq)
    return Report.objects.create(tracking=f"TS2026120{n:05d}", check_hash="0" * 64, category="spoiled",
                                 description="变质", district_id=district, routing=Report.Routing.DISTRICT,
                                 assignee=assignee, status=status, address_hash="0" * 64,
                                 created_at=created_at or timezone.now())


def make_upload(business, *, status=LedgerUpload.Status.FAILURE, at=None) -> LedgerUpload:
    upload = LedgerUpload.objects.create(business=business, sm3="0" * 64, status=status, kind="purchases",
                                         file_name="进货.xlsx")
    if at is not None:  # auto_now_add: move it afterwards
        LedgerUpload.objects.filter(pk=upload.pk).update(uploaded_at=at)
    return upload
