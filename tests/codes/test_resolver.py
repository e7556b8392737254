"""The resolver on our own host: a page for people, a linkset for programs, 404 for codes never issued, 400 for
what is not a code."""

import pytest

from tests.codes.conftest import issue, post

PAGE = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def sold_part(client, market, vegetables):
    """A lot of 上海青 issued at the market, a part of it split off for sale."""
    lot = issue(client, market, product_id=vegetables.pk, quantity=40, production_date="2026-11-20",
                expiry_date="2026-11-27")
    body = post(client, f"/api/v1/codes/{lot['code']}/split", {"parts": [{"quantity": 2.5}]}, market.headers).json()
    return lot, body["parts"][0]


@pytest.mark.django_db
def test_a_person_gets_the_product_page_in_chinese(client, market, sold_part):
    lot, part = sold_part
    response = client.get(f"/t/{part['code']}", **PAGE)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]
    page = response.content.decode()
    for text in ("上海青", part["code"], market.business.name, market.business.uscc, "2026-11-20", "2026-11-27",
                 "分装自", lot["code"], "生产日期", "有效"):
        assert text in page, text
    # The chain from the trace graph (backward from the part): the lot's registration, then the split.
    assert "来源" in page and page.index("赋码登记") < page.index("分装销售")
    # Public: never the contact person or phone number of the business.
    assert "张三丰" not in page and "13812345678" not in page and "138****5678" not in page


@pytest.mark.django_db
def test_a_program_gets_json_by_accept_format_or_link_type(client, market, sold_part):
    _, part = sold_part
    url = f"http://testserver/t/{part['code']}"
    for response in (client.get(f"/t/{part['code']}", HTTP_ACCEPT="application/json"),
                     client.get(f"/t/{part['code']}?format=json", **PAGE),
                     client.get(f"/t/{part['code']}?linkType=gs1:pip", **PAGE)):
        assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
        body = response.json()
        assert body["anchor"] == url and body["itemDescription"] == "上海青"
        links = body["linkset"][0]
        assert links["anchor"] == url
        assert links["https://gs1.org/voc/pip"][0]["href"] == url
        assert links["https://gs1.org/voc/relatedImage"][0]["href"] == url + "/qr.svg"
        assert body["code"]["business"] == {"name": market.business.name, "uscc": market.business.uscc,
                                            "licenceStatus": "valid", "licenceStatusLabel": "有效"}
        assert "张三丰" not in response.content.decode() and "13812345678" not in response.content.decode()
    linkset = client.get(f"/t/{part['code']}", HTTP_ACCEPT="application/linkset+json")
    assert linkset["Content-Type"] == "application/linkset+json"


@pytest.mark.django_db
def test_lower_case_and_trailing_slash_resolve(client, sold_part):
    _, part = sold_part
    assert client.get(f"/t/{part['code'].lower()}/", **PAGE).status_code == 200


@pytest.mark.django_db
def test_digital_link_with_a_13_digit_gtin_and_percent_encoded_lot(client, producer, sausage):
    issue(client, producer, gtin=sausage.gtin, lot="L-7+1", quantity=10)
    gtin13 = sausage.gtin[1:]
    for path in (f"/01/{gtin13}/10/L-7%2B1", f"/01/{sausage.gtin}/10/L-7+1", f"/01/{gtin13}/10/L-7%2B1/"):
        response = client.get(path, **PAGE)
        assert response.status_code == 200, path
        assert "湘味腊肠" in response.content.decode() and "L-7+1" in response.content.decode()
    body = client.get(f"/01/{gtin13}/10/L-7%2B1", HTTP_ACCEPT="application/json").json()
    assert body["anchor"] == f"http://testserver/01/{sausage.gtin}/10/L-7%2B1"
    assert body["code"]["gtin"] == sausage.gtin and body["code"]["lot"] == "L-7+1"


@pytest.mark.django_db
def test_slash_inside_a_lot_is_read_from_the_raw_request_line(client, producer, sausage):
    """Django decodes %2F before routing; behind gunicorn the raw request line (RAW_URI) keeps it."""
    issue(client, producer, gtin=sausage.gtin, lot="A/B", quantity=1)
    path = f"/01/{sausage.gtin}/10/A%2FB"
    response = client.get(path, RAW_URI=path, **PAGE)
    assert response.status_code == 200 and "A/B" in response.content.decode()
    assert client.get(path + "/qr.svg", RAW_URI=path + "/qr.svg").status_code == 200


@pytest.mark.django_db
def test_page_without_the_chain_when_the_trace_is_unavailable(client, sold_part, monkeypatch):
    import foodtrace.trace.answer as answer

    _, part = sold_part

    def broken(*args, **kwargs):
        raise AttributeError("trace layer being rebuilt")

    monkeypatch.setattr(answer, "trace", broken)
    page = client.get(f"/t/{part['code']}", **PAGE).content.decode()
    assert "上海青" in page and "赋码登记" not in page


@pytest.mark.django_db
def test_gtin_alone_shows_the_product(client, producer, sausage):
    page = client.get(f"/01/{sausage.gtin[1:]}", **PAGE).content.decode()
    assert "湘味腊肠" in page and producer.business.name in page


@pytest.mark.django_db
def test_serial_resolves_a_unit(client, producer, sausage):
    issue(client, producer, gtin=sausage.gtin, serial="SN-9")
    assert client.get(f"/01/{sausage.gtin}/21/SN-9", **PAGE).status_code == 200
    assert client.get(f"/01/{sausage.gtin}/21/SN-10", **PAGE).status_code == 404


@pytest.mark.django_db
def test_unknown_code_is_404_saying_it_was_never_issued(client, db):
    response = client.get("/t/T000000000000000", **PAGE)
    assert response.status_code == 404
    assert "本平台从未签发过追溯码T000000000000000" in response.content.decode()
    as_json = client.get("/t/T000000000000000", HTTP_ACCEPT="application/json")
    assert as_json.status_code == 404 and "T000000000000000" in as_json.json()["detail"]
    assert client.get("/01/06901234000016/10/NOPE", **PAGE).status_code == 404


@pytest.mark.django_db
def test_malformed_codes_are_400_saying_what_is_wrong(client, db):
    short = client.get("/t/T123", **PAGE)
    assert short.status_code == 400 and "T加15位" in short.content.decode() and "T123" in short.content.decode()
    check_digit = client.get("/01/06901234000011/10/L1", **PAGE)
    assert check_digit.status_code == 400 and "校验位" in check_digit.content.decode()
    not_a_link = client.get("/01/12345/10/L1", HTTP_ACCEPT="application/json")
    assert not_a_link.status_code == 400 and "/01/{GTIN}" in not_a_link.json()["detail"]
    bad_lot = client.get("/01/06901234000016/10/%E5%86%AC", **PAGE)  # a Chinese character is not GS1 set 82
    assert bad_lot.status_code == 400
    assert client.get("/t/T000000000000000/extra", **PAGE).status_code == 400


@pytest.mark.django_db
def test_english_when_chosen(client, sold_part):
    _, part = sold_part
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/t/{part['code']}", **PAGE).content.decode()
    assert "Production date" in page and "Split from" in page
