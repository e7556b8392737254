"""The product page: the facts of the lot, the chain from the farm to the seller in plain words, the businesses'
licences, certificates, the empty sampling and credit panels — and never personal data."""

import re

import pytest
from django.core.files.base import ContentFile

from foodtrace.ledgers.models import Attachment
from foodtrace.public.models import Scan
from foodtrace.registry.models import Business
from tests.conftest import log_in, make_business, make_product, make_user
from tests.public.conftest import M1, PAGE, text_of


@pytest.mark.django_db
def test_market_part_shows_the_whole_chain_from_the_farm_to_the_supermarket(client, chain):
    response = client.get(M1, **PAGE)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = text_of(response)
    assert '<html lang="zh-hans">' in page
    b = chain.businesses
    for text in ("白条猪肉", "猪肉", "T00000000000MKT1", "生产日期", "2026-11-02", "200 千克", "分装自",
                 b["farm"].name, b["slaughterhouse"].name, b["market"].name, b["supermarket"].name,
                 "宁乡市", "望城区", "屠宰", "检疫证明编号 B00000002", "检疫证明编号 A00000001", "在市场分割分装销售",
                 f"发货给 {b['supermarket'].name}", f"收到 {b['market'].name} 的货", "有效",
                 b["supermarket"].uscc, b["slaughterhouse"].licences.first().number):
        assert text in page, text
    # Oldest first: raised at the farm, slaughtered, split at the market, received by the supermarket.
    timeline = page[page.index('data-testid="timeline"'):]
    order = [timeline.index(b["farm"].name), timeline.index("屠宰"), timeline.index("在市场分割分装销售"),
             timeline.index(f"收到 {b['market'].name} 的货")]
    assert order == sorted(order)
    # Every step's time in Beijing time with its offset, machine-readable in <time datetime>.
    times = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', timeline)
    assert times and all(iso.endswith("+08:00") and shown.endswith(" +08:00") for iso, shown in times)
    # The producer is the slaughterhouse that made the carcass lot the part was split from; the origin the farm.
    assert re.search(r"生产企业</dt><dd><span class=\"business\">望城区 · " + b["slaughterhouse"].name, page)
    assert re.search(r"产地</dt><dd><span class=\"business\">宁乡市 · " + b["farm"].name, page)
    # Invoices are commercial: their numbers are not shown.
    assert "F00000001" not in page and "M0000M1" not in page
    # The panels of systems not connected yet.
    assert "抽检结果" in page and "抽检系统尚未接入" in page and "信用等级" in page and "信用评价系统尚未接入" in page


@pytest.mark.django_db
def test_no_personal_data_on_any_page_of_the_chain(client, chain):
    """Contact people, phone numbers (even masked), legal representatives and addresses never appear."""
    Business.objects.update(legal_representative="李四光")
    people = ("张三丰", "13812345678", "138****5678", "李四光", "测试路")
    for lot in chain.lots.values():
        path = lot.replace("urn:foodtrace:lot:", "/t/").replace("https://id.gs1.org", "")
        if path.startswith(("/t/", "/01/")):
            for language in ("zh-hans", "en"):
                client.cookies["django_language"] = language
                page = text_of(client.get(path, **PAGE))
                assert 'class="card facts"' in page, path
                assert not [p for p in people if p in page], (path, language)


@pytest.mark.django_db
def test_english_with_the_language_switch(client, chain):
    client.post("/i18n/setlang/", {"language": "en", "next": M1})
    page = text_of(client.get(M1, **PAGE))
    assert '<html lang="en">' in page
    for text in ("Production date", "Where it came from", "Slaughtered", "Quarantine certificate no. B00000002",
                 "Split for sale at the market", "Sampling results", "Credit grade", "Valid"):
        assert text in page, text


@pytest.mark.django_db
def test_certificates_of_the_chain_with_their_sm3_and_no_file_link(client, chain, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    carcass = chain.lots["C"].replace("https://id.gs1.org/01/", "lgtin:").replace("/10/", ":")
    shown = Attachment(business=chain.businesses["slaughterhouse"], kind="inspection_report",
                       document_number="JC-2026-7", lot_key=carcass, content_type="application/pdf", size=9,
                       sm3="a" * 64)
    shown.file.save("r.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    shown.save()
    by_number = Attachment(business=chain.businesses["farm"], kind="quarantine_cert", document_number="A00000001",
                           transaction_value="urn:foodtrace:qc:A00000001", content_type="image/png", size=9,
                           sm3="b" * 64)
    by_number.file.save("q.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    by_number.save()
    invoice = Attachment(business=chain.businesses["market"], kind="invoice", document_number="F00000002",
                         transaction_value="urn:foodtrace:inv:F00000002", content_type="application/pdf", size=9,
                         sm3="c" * 64)
    invoice.file.save("i.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    invoice.save()
    page = text_of(client.get(M1, **PAGE))
    assert "检验报告" in page and "JC-2026-7" in page and "a" * 64 in page
    assert "检疫证明" in page and "b" * 64 in page
    assert "c" * 64 not in page  # invoices are not public
    assert "/ledgers/attachments/" not in page and ".pdf" not in page  # the files are not served publicly


@pytest.mark.django_db
def test_a_gtin_alone_shows_the_product_and_its_producer(client, chain):
    sausage = chain.products["sausage"]
    page = text_of(client.get(f"/01/{sausage.gtin}", **PAGE))
    assert "湘味腊肠" in page and chain.businesses["sausage"].name in page and "不标识批次" in page


@pytest.mark.django_db
def test_sausage_lot_shows_its_own_dates_and_the_pork_it_was_made_from(client, chain):
    sausage = chain.products["sausage"]
    page = text_of(client.get(f"/01/{sausage.gtin}/10/S11050000", **PAGE))
    for text in ("湘味腊肠", "2026-11-05", "2027-05-05", "加工", chain.businesses["farm"].name):
        assert text in page, text


@pytest.mark.django_db
def test_unknown_code_is_404_with_advice_to_report_it(client, db):
    response = client.get("/t/T0000000000ZZZZZ", **PAGE)
    assert response.status_code == 404
    page = text_of(response)
    assert "本平台从未签发过追溯码T0000000000ZZZZZ" in page and "12315" in page and "可能是假冒" in page
    scan = Scan.objects.get()
    assert (scan.key, scan.kind, scan.found) == ("plot:T0000000000ZZZZZ", "platform_lot", False)
    # A code no one issued but that events name is known: it is a lot of the chain (see the chain tests).


@pytest.mark.django_db
def test_a_code_only_events_name_is_known(client, chain):
    assert client.get("/t/T0000000000FARMU", **PAGE).status_code == 200  # the other farm's pigs, no code row


@pytest.mark.django_db
def test_look_up_reads_every_spelling_and_lands_on_the_code_page(client, chain):
    gtin = chain.products["carcass"].gtin
    for query, target in (
        ({"code": "t00000000000mkt1"}, M1),
        ({"code": " T00000000000MKT1 "}, M1),
        ({"code": "urn:foodtrace:lot:T00000000000MKT1"}, M1),
        ({"code": "https://trace.example.cn/t/T00000000000MKT1"}, M1),
        ({"code": f"(01){gtin}(10)C11010000"}, f"/01/{gtin}/10/C11010000"),
        ({"code": f"01{gtin}10C11010000"}, f"/01/{gtin}/10/C11010000"),
        ({"code": f"/01/{gtin[1:]}/10/C11010000"}, f"/01/{gtin}/10/C11010000"),
        ({"gtin": gtin[1:], "lot": "C11010000"}, f"/01/{gtin}/10/C11010000"),
        ({"code": gtin[1:]}, f"/01/{gtin}"),
    ):
        response = client.get("/lookup/", {**query, "via": "typed"})
        assert response.status_code == 302 and response["Location"] == f"{target}?via=typed", query
    landed = client.get("/lookup/", {"code": "T00000000000MKT1", "lat": "28.2", "lon": "112.9"}, follow=True)
    assert landed.status_code == 200 and "白条猪肉" in text_of(landed)


@pytest.mark.django_db
def test_look_up_says_what_is_wrong_with_a_code(client, db):
    for query, words in (({"code": "T123"}, "T加15位"), ({"code": "hello"}, "不是追溯码"),
                         ({"code": "06901234000011"}, "校验位"), ({"gtin": "12", "lot": "A"}, "8、12、13或14位"),
                         ({"code": "urn:epc:id:sscc:0614141.1234567890"}, "不是销售商品的代码")):
        response = client.get("/lookup/", query)
        assert response.status_code == 400, query
        page = text_of(response)
        assert words in page and 'role="alert"' in page and 'name="code"' in page, (query, words)


@pytest.mark.django_db
def test_start_page_for_visitors_workbench_for_people_logged_in(client, db):
    page = text_of(client.get("/"))
    assert '<label for="code">追溯码</label>' in page and 'action="/lookup/"' in page and "用摄像头扫码" in page
    assert "scan.js" in page and 'lang="zh-hans"' in page
    user = make_user("business_user", business=make_business())
    log_in(client, user)
    home = text_of(client.get("/"))
    assert 'data-testid="workbench"' in home and "工作台" in home and 'data-testid="business-count"' in home
    assert client.get("/lookup/").status_code == 200  # the public page stays reachable


@pytest.mark.django_db
def test_an_ended_back_office_session_goes_to_the_log_in_page(client, db):
    log_in(client, make_user("business_user", business=make_business()))
    session = client.session
    session.set_expiry(-1)  # the idle time-out passed
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_visitors_own_session_keeps_the_start_page(client, db):
    """A member of the public may have a session (a problem report's receipt): it never had a user."""
    session = client.session
    session["receipt"] = {"tracking": "R1"}
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert client.get("/").status_code == 200
    client.cookies["sessionid"] = "unknown-key"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_page_without_the_participation_app(client, chain, monkeypatch):
    """The participation app is optional: without it the page stands, with no ratings panel."""
    from foodtrace.public import views

    installed = views.apps.is_installed
    views.participation_enabled.cache_clear()
    monkeypatch.setattr(views.apps, "is_installed", lambda name: name != "foodtrace.participation" and installed(name))
    try:
        response = client.get(M1, **PAGE)
        assert response.status_code == 200 and 'data-testid="timeline"' in response.content.decode()
        assert 'id="participation-panel"' not in response.content.decode()
    finally:
        views.participation_enabled.cache_clear()


@pytest.mark.django_db
def test_product_of_a_code_row_and_its_dates(client, chain):
    """A platform code issued for goods without a GTIN: product and dates from the code row."""
    from foodtrace.codes.models import TraceCode

    veg = make_product(chain.businesses["market"], category="vegetables.leafy", gtin=False, name="上海青")
    TraceCode.objects.filter(key="plot:T00000000000MKT1").delete()
    TraceCode.objects.create(code="T00000000000MKT1", key="plot:T00000000000MKT1", business=chain.businesses["market"],
                             product=veg, quantity=200, uom="KGM", production_date="2026-11-03",
                             expiry_date="2026-11-10")
    page = text_of(client.get(M1, **PAGE))
    assert "上海青" in page and "2026-11-03" in page and "2026-11-10" in page


@pytest.mark.django_db
def test_language_switch_of_the_public_pages(client, chain):
    """A GET form (no CSRF token, no cookie until a language is chosen); only the language cookie changes."""
    first = client.get(M1, **PAGE)
    assert not first.cookies and "csrfmiddlewaretoken" not in text_of(first)
    assert 'action="/lookup/language/" method="get"' in text_of(first)
    response = client.get("/lookup/language/", {"language": "en", "next": M1})
    assert response.status_code == 302 and response["Location"] == M1
    assert response.cookies["django_language"].value == "en"
    assert "Where it came from" in text_of(client.get(M1, **PAGE))
    away = client.get("/lookup/language/", {"language": "zh-hans", "next": "https://evil.example/"})
    assert away["Location"] == "/" and away.cookies["django_language"].value == "zh-hans"
    assert "django_language" not in client.get("/lookup/language/", {"language": "fr", "next": "/"}).cookies
