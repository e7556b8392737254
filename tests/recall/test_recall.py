"""Recalls over a small captured chain (tests/recall/chain.py): who is reached, who is told, who sees what."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from foodtrace.audit.models import AuditEntry
from foodtrace.notify.models import Notification, WebhookDelivery, WebhookEndpoint
from foodtrace.recall import selectors, services
from foodtrace.recall.affected import affected_set
from foodtrace.recall.models import Recall, RecallParty, RecallStep
from foodtrace.workdays.models import CalendarDay, CalendarYear
from tests.conftest import log_in, make_api_client, make_user
from tests.recall.chain import STRANGER_USCC, key

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)  # a Friday morning
REACHED = ("farm", "processor", "market", "supermarket", "restaurant")


def start(chain, principal=None, level=1, now=FRIDAY, lots=("F",)):
    return services.recall_start(lots=[chain.lots[name] for name in lots], level=level, reason="沙门氏菌超标",
                                 actor=principal or chain.admin, now=now)


def party_of(recall, chain, role) -> RecallParty:
    return recall.parties.get(business=chain.businesses[role])


# The affected set -------------------------------------------------------------------------------------------

def test_affected_set_reaches_everyone_downstream_and_no_one_else(chain):
    lots = chain.lots
    found = affected_set([key(lots["F"])])
    assert [lot["key"] for lot in found["lots"]][:2] == [key(lots["F"]), key(lots["P"])]
    assert {lot["key"] for lot in found["lots"]} == {key(lots[n]) for n in ("F", "P", "P1", "P2")}
    ids = {chain.businesses[role].pk for role in REACHED}
    assert set(found["businesses"]) == ids
    assert chain.businesses["other_shop"].pk not in found["businesses"]
    assert chain.businesses["other_farm"].pk not in found["businesses"]
    by_role = {role: found["businesses"][chain.businesses[role].pk] for role in REACHED}
    # The restaurant recorded nothing itself: it is reached through the market's shipment.
    assert by_role["restaurant"]["lots"] == [{"key": key(lots["P2"]), "code": "/t/T0000000TESTP201",
                                              "quantity": 80.0, "uom": "KGM"}]
    assert (by_role["supermarket"]["quantity"], by_role["supermarket"]["uom"]) == (120.0, "KGM")
    # The market's own parts P1/P2 are made from P: its total is what it received, not P + P1 + P2.
    assert by_role["market"]["quantity"] == 200.0
    assert by_role["processor"]["quantity"] == 1000.0 and by_role["farm"]["quantity"] == 1000.0
    assert by_role["market"]["district_id"] == "430111"
    assert found["unresolved_parties"] == [f"uscc:{STRANGER_USCC}"]


def test_recall_from_a_middle_lot_does_not_reach_upstream(chain):
    found = affected_set([key(chain.lots["P1"])])
    assert set(found["businesses"]) == {chain.businesses["market"].pk, chain.businesses["supermarket"].pk}


def test_affected_set_takes_a_fixed_number_of_queries(chain, django_assert_max_num_queries):
    # Walk: one query per level (3 levels + the empty last one); then identifiers, edges, parties, names.
    with django_assert_max_num_queries(9):
        affected_set([key(chain.lots["F"])])


# Starting ---------------------------------------------------------------------------------------------------

def test_start_records_lots_parties_deadlines_and_notifies(chain):
    endpoint = WebhookEndpoint.objects.create(business=chain.businesses["supermarket"], url="http://127.0.0.1:9/x",
                                              secret="s3cret")
    recall = start(chain)
    assert recall.number == f"ZH-{FRIDAY.year}-0001"
    assert recall.district_id == "430100" and recall.status == "open" and recall.lots_reached == 4
    assert list(recall.lots.values_list("code", flat=True)) == ["/t/T00000000TESTF01"]
    assert {p.business_id for p in recall.parties.all()} == {chain.businesses[r].pk for r in REACHED}
    supermarket = party_of(recall, chain, "supermarket")
    assert supermarket.notified_at == FRIDAY and supermarket.acknowledged_at is None
    assert (supermarket.quantity_affected, supermarket.uom) == (120.0, "KGM")
    assert recall.unresolved_parties == [f"uscc:{STRANGER_USCC}"]
    # One notice per business reached, and one per district reached (plus the city) for its regulators.
    notices = Notification.objects.filter(related_type="recall.recall", related_id=str(recall.pk))
    assert set(notices.exclude(business=None).values_list("business_id", flat=True)) == {
        chain.businesses[r].pk for r in REACHED}
    assert set(notices.filter(business=None).values_list("region_id", flat=True)) == {
        "430100", "430182", "430104", "430111", "430102", "430103"}
    assert not notices.filter(business=chain.businesses["other_shop"]).exists()
    notice = notices.get(business=chain.businesses["supermarket"])
    assert notice.kind == "recall.started" and recall.number in notice.title and notice.link == f"/recall/{recall.pk}/"
    assert "+08:00" in notice.body  # the start deadline in Beijing time, with its offset
    delivery = WebhookDelivery.objects.get(endpoint=endpoint, event_type="recall.started")
    assert delivery.status == "pending" and delivery.payload["data"]["recall"]["number"] == recall.number
    assert delivery.payload["data"]["lots"][0]["key"] == key(chain.lots["P1"])
    assert RecallStep.objects.get(recall=recall).action == "started"
    assert start(chain, lots=("P1",)).number == f"ZH-{FRIDAY.year}-0002"


def test_start_is_audited_as_the_regulator(chain):
    recall = start(chain)
    entry = AuditEntry.objects.get(object_type="recall.recall", object_id=str(recall.pk), action="create")
    assert entry.actor_name == chain.admin.username and entry.actor_type == "user"
    bulk = AuditEntry.objects.filter(object_type="recall.recallparty", action="create").latest("chain_index")
    assert bulk.changes["count"] == 5 and bulk.actor_name == chain.admin.username
    assert AuditEntry.objects.filter(object_type="notify.notification", actor_name=chain.admin.username).exists()


@pytest.mark.parametrize(("codes", "words"), [
    ([], "请至少填写一个批次"),
    (["not a code at all ☃"], "不是本平台能识别的追溯码"),
    (["urn:foodtrace:lot:T000000NOSUCHLOT"], "没有任何已采集的事件涉及批次 /t/T000000NOSUCHLOT"),
])
def test_bad_lots_are_refused_with_the_reason(chain, codes, words):
    with pytest.raises(ValidationError) as caught:
        services.recall_start(lots=codes, level=1, reason="x", actor=chain.admin)
    assert words in " ".join(caught.value.messages)
    assert not Recall.objects.exists()


def test_level_and_reason_are_required(chain):
    with pytest.raises(ValidationError):
        start(chain, level=4)
    with pytest.raises(ValidationError):
        services.recall_start(lots=[chain.lots["F"]], level=1, reason="  ", actor=chain.admin)


def test_businesses_and_inspectors_cannot_start(chain):
    shop_user = make_user("business_user", business=chain.businesses["supermarket"])
    with pytest.raises(PermissionDenied):
        start(chain, principal=shop_user)
    with pytest.raises(PermissionDenied):
        start(chain, principal=make_user("inspector", region="430182"))


# Deadlines --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("level", "start_by", "finish_by"), [
    # Friday 10:00 + 24/48/72 h; 10/20/30 working days after that Friday, weekends skipped, to 24:00.
    (1, datetime(2026, 11, 21, 10, 0), datetime(2026, 12, 5)),
    (2, datetime(2026, 11, 22, 10, 0), datetime(2026, 12, 19)),
    (3, datetime(2026, 11, 23, 10, 0), datetime(2027, 1, 2)),
])
def test_deadlines_per_level_skip_weekends(chain, level, start_by, finish_by):
    recall = start(chain, level=level)
    assert recall.start_deadline == start_by.replace(tzinfo=SHANGHAI)
    assert recall.finish_deadline == finish_by.replace(tzinfo=SHANGHAI)


def test_holidays_in_the_calendar_are_skipped(client, chain):
    # The system administrator's calendar: 2027 entered with New Year's Day off, and a day off added to 2026.
    year_2027 = CalendarYear.objects.create(year=2027, note="国办发明电〔2026〕测试号")
    CalendarDay.objects.create(year=year_2027, day=date(2027, 1, 1), kind="holiday", name="元旦")
    CalendarDay.objects.create(year=CalendarYear.objects.get(year=2026), day=date(2026, 11, 23), kind="holiday",
                               name="测试假日")
    recall = start(chain, level=3)
    # Two working days fewer: Friday 1 January 2027 and Monday 23 November 2026 are holidays.
    assert recall.finish_deadline == datetime(2027, 1, 6, tzinfo=SHANGHAI)
    log_in(client, make_user("business_user", business=chain.businesses["supermarket"]))
    page = client.get(f"/recall/{recall.pk}/").content.decode()
    assert "2027-01-05 24:00" in page and "按2026年、2027年节假日安排计算" in page and "尚无" not in page


def test_a_deadline_into_an_unknown_year_says_only_weekends_were_skipped(client, chain):
    # The seeded calendar ends with 2026: the 30 working days of a level 3 recall reach into 2027, counted
    # Monday to Friday, and the page says so instead of presenting it as the official count.
    recall = start(chain, level=3)
    assert recall.finish_deadline == datetime(2027, 1, 2, tzinfo=SHANGHAI)
    log_in(client, make_user("business_user", business=chain.businesses["supermarket"]))
    page = client.get(f"/recall/{recall.pk}/").content.decode()
    assert "2027-01-01 24:00" in page
    assert "按2026年节假日安排计算" in page
    assert "工作日历中尚无2027年的节假日安排" in page and "仅扣除了星期六和星期日" in page


def test_a_year_entered_after_the_deadline_was_fixed_does_not_claim_to_have_been_used(client, chain):
    recall = start(chain, level=3)  # counted Monday to Friday into 2027
    year_2027 = CalendarYear.objects.create(year=2027, note="国办发明电〔2026〕测试号")
    CalendarDay.objects.create(year=year_2027, day=date(2027, 1, 1), kind="holiday", name="元旦")
    recall.refresh_from_db()
    assert recall.finish_deadline == datetime(2027, 1, 2, tzinfo=SHANGHAI)  # a stored deadline does not move
    log_in(client, make_user("business_user", business=chain.businesses["supermarket"]))
    page = client.get(f"/recall/{recall.pk}/").content.decode()
    assert "2027-01-01 24:00" in page and "按2026年、2027年节假日安排计算" not in page
    assert "按现行工作日历计算，应截止于2027-01-04 24:00" in page


def test_working_days_from_a_saturday_start(db):
    from foodtrace.recall.deadlines import add_working_days, deadlines

    saturday = datetime(2026, 11, 21, 23, 30, tzinfo=SHANGHAI)
    assert add_working_days(saturday.date(), 1).isoformat() == "2026-11-23"
    _start_by, finish_by = deadlines(1, saturday)
    assert finish_by == datetime(2026, 12, 5, tzinfo=SHANGHAI)  # Mon 23 Nov … Fri 4 Dec


def test_a_finish_deadline_across_national_day_skips_the_holiday_and_counts_the_make_up_day(db):
    from foodtrace.recall.deadlines import deadlines

    # Started Monday 28 September 2026: 29, 30 Sep; 1–7 Oct off (国庆节); 8, 9 Oct; Saturday 10 Oct worked
    # (调休); then 12–16 Oct → the 10th working day is Friday 16 October.
    _start_by, finish_by = deadlines(1, datetime(2026, 9, 28, 9, 0, tzinfo=SHANGHAI))
    assert finish_by == datetime(2026, 10, 17, tzinfo=SHANGHAI)


# A business answers -----------------------------------------------------------------------------------------

def test_business_answers_through_the_api(client, chain):
    recall = start(chain)
    _, key_ = make_api_client(business=chain.businesses["supermarket"])
    auth = {"HTTP_X_API_KEY": key_}
    url = f"/api/v1/recalls/{recall.pk}"
    body = client.get(url, **auth).json()
    assert [p["business_name"] for p in body["parties"]] == ["芙蓉测试超市"]
    assert body["unresolved_parties"] == []
    response = client.post(f"{url}/acknowledge", **auth)
    assert response.status_code == 200 and response.json()["acknowledged_at"]
    response = client.post(f"{url}/complete", {}, content_type="application/json", **auth)
    assert response.status_code == 422  # not started yet
    assert client.post(f"{url}/start", **auth).json()["started_at"]
    response = client.post(f"{url}/report", {"quantity_recovered": 100, "quantity_destroyed": 20, "notes": "已下架"},
                           content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    assert (response.json()["quantity_recovered"], response.json()["quantity_destroyed"]) == (100.0, 20.0)
    response = client.post(f"{url}/report", {"quantity_recovered": -1}, content_type="application/json", **auth)
    assert response.status_code == 422
    response = client.post(f"{url}/complete", {}, content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["completed_at"]
    party = party_of(recall, chain, "supermarket")
    assert party.notes == "已下架" and party.completed_at is not None
    assert list(recall.steps.exclude(party=None).values_list("action", flat=True)) == [
        "acknowledged", "begun", "reported", "completed"]
    # The steering region (the city) hears of the completion.
    assert Notification.objects.filter(kind="recall.party_completed", region_id="430100").count() == 1
    # Audited as the business's API client.
    entry = AuditEntry.objects.filter(object_type="recall.recallparty", object_id=str(party.pk)).latest("chain_index")
    assert entry.actor_type == "api_client" and entry.source == "api"


def test_business_answers_on_its_page(client, chain):
    recall = start(chain)
    user = make_user("business_user", business=chain.businesses["restaurant"])
    log_in(client, user)
    page = client.get(f"/recall/{recall.pk}/").content.decode()
    assert "/t/T0000000TESTP201" in page and "芙蓉测试超市" not in page and "岳麓测试肉制品厂" not in page
    assert client.post(f"/recall/{recall.pk}/answer/", {"action": "acknowledge"}).status_code == 302
    client.post(f"/recall/{recall.pk}/answer/", {"action": "start"})
    client.post(f"/recall/{recall.pk}/answer/", {"action": "report", "quantity_recovered": "75",
                                                 "quantity_destroyed": "5", "notes": ""})
    client.post(f"/recall/{recall.pk}/answer/", {"action": "complete"})
    party = party_of(recall, chain, "restaurant")
    assert party.acknowledged_at and party.started_at and party.completed_at
    assert (party.quantity_recovered, party.quantity_destroyed) == (75.0, 5.0)
    entry = AuditEntry.objects.filter(object_type="recall.recallparty", object_id=str(party.pk)).latest("chain_index")
    assert entry.actor_name == user.username and entry.source == "web"
    # The recall is in its inbox.
    inbox = client.get("/inbox/").content.decode()
    assert recall.number in inbox


# Overdue ----------------------------------------------------------------------------------------------------

def test_overdue_parties_at_a_given_time(chain):
    recall = start(chain, level=1)
    shop = chain.businesses["supermarket"]
    shop_user = make_user("business_user", business=shop)
    services.recall_party_start(actor=shop_user, recall_id=recall.pk, now=FRIDAY + timedelta(hours=3))
    before = FRIDAY + timedelta(hours=23)
    after_start = FRIDAY + timedelta(hours=25)
    after_finish = datetime(2026, 12, 5, 0, 0, 1, tzinfo=SHANGHAI)

    assert not RecallParty.objects.overdue(before).exists()
    late = set(RecallParty.objects.overdue(after_start).values_list("business_id", flat=True))
    assert late == {chain.businesses[r].pk for r in REACHED} - {shop.pk}

    rows = {r.party.business_id: r for r in selectors.progress_table(recall, recall.parties.all(), now=after_start)}
    assert not rows[shop.pk].overdue and rows[chain.businesses["farm"].pk].start_overdue
    rows = {r.party.business_id: r for r in selectors.progress_table(recall, recall.parties.all(), now=after_finish)}
    assert rows[shop.pk].finish_overdue and not rows[shop.pk].start_overdue
    assert shop.pk in set(RecallParty.objects.overdue(after_finish).values_list("business_id", flat=True))

    # A late start is remembered; a closed recall is overdue for no one.
    services.recall_party_start(actor=make_user("business_user", business=chain.businesses["farm"]),
                                recall_id=recall.pk, now=after_start)
    farm = selectors.progress(recall, party_of(recall, chain, "farm"), now=after_start)
    assert farm.started_late and not farm.start_overdue
    services.recall_close(actor=chain.admin, recall_id=recall.pk, note="已由属地处理", now=after_finish)
    assert not RecallParty.objects.overdue(after_finish + timedelta(days=1)).exists()


def test_regulator_page_highlights_overdue_parties(client, chain, otp_verified):
    # The page judges by the clock: three days ago the 24 h start deadline passed, the 10 working days to finish
    # have not.
    recall = start(chain, now=timezone.now() - timedelta(days=3))
    shop_user = make_user("business_user", business=chain.businesses["supermarket"])
    services.recall_party_start(actor=shop_user, recall_id=recall.pk)
    otp_verified(make_user("city_admin", region="430100"))
    page = client.get(f"/recall/{recall.pk}/").content.decode()
    shop_row = page.split(f'data-party="{chain.uscc("supermarket")}"')[1].split("</tr>")[0]
    farm_row = page.split(f'data-party="{chain.uscc("farm")}"')[1].split("</tr>")[0]
    assert 'class="overdue"' in farm_row and 'class="overdue"' not in shop_row
    # Quantities in Chinese units (the UN/ECE code in the tooltip), times in Beijing time with the offset.
    assert "120 千克" in shop_row and 'title="KGM"' in shop_row and "+08:00" in shop_row
    assert f"uscc:{STRANGER_USCC}" in page


# Who sees what ----------------------------------------------------------------------------------------------

def test_a_business_of_another_chain_sees_nothing(client, chain):
    recall = start(chain)
    other = chain.businesses["other_shop"]
    _, key_ = make_api_client(business=other)
    auth = {"HTTP_X_API_KEY": key_}
    assert client.get("/api/v1/recalls", **auth).json()["items"] == []
    assert client.get(f"/api/v1/recalls/{recall.pk}", **auth).status_code == 404
    assert client.post(f"/api/v1/recalls/{recall.pk}/acknowledge", **auth).status_code == 404
    assert client.get("/api/v1/inbox", **auth).json()["items"] == []
    log_in(client, make_user("business_user", business=other))
    assert client.get(f"/recall/{recall.pk}/").status_code == 404
    assert recall.number not in client.get("/recall/").content.decode()
    assert recall.number not in client.get("/inbox/").content.decode()


def test_a_district_regulator_recalls_only_its_own_lots_but_reaches_every_district(client, chain, otp_verified):
    farm_district = make_user("district_regulator", region="430182")
    recall = start(chain, principal=farm_district)
    assert recall.district_id == "430182"
    assert recall.parties.count() == 5  # across five districts
    # The supermarket's district did not produce the lot: it may not start this recall.
    with pytest.raises(PermissionDenied):
        start(chain, principal=make_user("district_regulator", region="430102"))
    # Nor a lot further down that started at the market (雨花): P1.
    with pytest.raises(PermissionDenied):
        start(chain, principal=make_user("district_regulator", region="430102"), lots=("P1",))
    otp_verified(make_user("district_regulator", region="430102"))
    response = client.post("/api/v1/recalls", {"lots": [chain.lots["F"]], "level": 1, "reason": "x"},
                           content_type="application/json")
    assert response.status_code == 403
    body = client.get(f"/api/v1/recalls/{recall.pk}").json()
    assert [p["business_name"] for p in body["parties"]] == ["芙蓉测试超市"]
    assert body["unresolved_parties"] == []
    assert [r["number"] for r in client.get("/api/v1/recalls").json()["items"]] == [recall.number]
    page = client.get(f"/recall/{recall.pk}/").content.decode()
    assert "芙蓉测试超市" in page and "岳麓测试肉制品厂" not in page and "宁乡测试养殖基地" not in page
    assert client.post(f"/api/v1/recalls/{recall.pk}/close", {"note": "x"},
                       content_type="application/json").status_code == 403
    inbox = client.get("/api/v1/inbox").json()["items"]
    assert [n["kind"] for n in inbox] == ["recall.started"] and inbox[0]["region_id"] == "430102"


def test_an_unreached_district_sees_nothing_and_the_starting_district_sees_all(client, chain, otp_verified):
    recall = start(chain, principal=make_user("district_regulator", region="430182"))
    otp_verified(make_user("district_regulator", region="430121"))  # the other farm's district: not reached
    assert client.get("/api/v1/recalls").json()["items"] == []
    assert client.get(f"/api/v1/recalls/{recall.pk}").status_code == 404
    assert client.get(f"/recall/{recall.pk}/").status_code == 404
    client.logout()
    otp_verified(make_user("district_regulator", region="430182"))
    body = client.get(f"/api/v1/recalls/{recall.pk}").json()
    assert len(body["parties"]) == 5 and body["unresolved_parties"] == [f"uscc:{STRANGER_USCC}"]
    assert body["summary"]["parties"] == 5


# Regulator pages and closing --------------------------------------------------------------------------------

def test_regulator_starts_on_the_page_and_closes(client, chain, otp_verified):
    otp_verified(make_user("district_regulator", region="430182"))
    assert client.get("/recall/new/").status_code == 200
    response = client.post("/recall/new/", {"lots": f"{chain.lots['F']}\n", "level": "2", "reason": "兽药残留超标"})
    assert response.status_code == 302, response.content.decode()[:2000]
    recall = Recall.objects.get()
    assert response["Location"] == f"/recall/{recall.pk}/" and recall.level == 2
    assert recall.started_by_name.startswith("district_regulator")
    response = client.post("/recall/new/", {"lots": "nonsense code ☃", "level": "1", "reason": "x"})
    assert response.status_code == 200 and "不是本平台能识别的追溯码" in response.content.decode()
    assert recall.number in client.get("/recall/").content.decode()
    # Closing while businesses have not completed needs a note.
    client.post(f"/recall/{recall.pk}/close/", {"note": ""})
    recall.refresh_from_db()
    assert recall.status == "open"
    client.post(f"/recall/{recall.pk}/close/", {"note": "风险已控制"})
    recall.refresh_from_db()
    assert recall.status == "closed" and recall.close_note == "风险已控制" and recall.closed_by is not None
    closed = Notification.objects.filter(kind="recall.closed")
    assert closed.count() == 5 and not closed.filter(business=None).exists()
    # A closed recall takes no more answers.
    shop_user = make_user("business_user", business=chain.businesses["supermarket"])
    with pytest.raises(ValidationError):
        services.recall_party_acknowledge(actor=shop_user, recall_id=recall.pk)


def test_only_regulators_get_the_start_page(client, chain):
    recall = start(chain)
    log_in(client, make_user("business_user", business=chain.businesses["supermarket"]))
    assert client.get("/recall/new/").status_code == 403
    assert recall.number in client.get("/recall/").content.decode()
    assert client.post(f"/recall/{recall.pk}/close/", {"note": "x"}).status_code == 403


