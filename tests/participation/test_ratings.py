"""Re-rating (再评价): stars count at once, comments wait for the seller's district's regulators."""

import pytest
from django.core.exceptions import ValidationError

from foodtrace.audit.models import AuditEntry
from foodtrace.participation import selectors, services
from foodtrace.participation.models import Rating
from foodtrace.participation.panel import panel_html
from foodtrace.trace.graph import key_of_code
from tests.conftest import make_business, make_product
from tests.participation.conftest import solved, verified_client

pytestmark = pytest.mark.django_db
ADDRESS = "a" * 64


def key(chain, lot: str) -> str:
    return key_of_code(chain.lots[lot]).key


def rate(client, code: str, stars: int, comment: str = "", **extra):
    return client.post("/participate/rate/", {"code": code, "stars": stars, "comment": comment, **solved(), **extra})


def test_aggregate_mean_count_and_distribution_in_one_query(chain, django_assert_num_queries):
    p_key, p1_key = key(chain, "P"), key(chain, "P1")
    product = services.subject_of(chain.lots["P"]).product
    assert product is not None  # P is a GS1 lot of the processor's product
    for stars in (5, 4, 4):
        services.rating_submit(stars=stars, code=chain.lots["P"], address=ADDRESS)
    services.rating_submit(stars=1, code=chain.lots["P1"], address=ADDRESS)  # a platform lot: no product known
    with django_assert_num_queries(1):
        summary = selectors.rating_summary(p_key, product.pk)
    assert summary["count"] == 3 and summary["mean"] == 4.33
    assert summary["distribution"] == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert summary["lot_count"] == 3 and summary["lot_mean"] == 4.33
    lot_only = selectors.rating_summary(p1_key, None)
    assert lot_only["count"] == 1 and lot_only["mean"] == 1.0 and lot_only["distribution"][1] == 1
    # A product-only rating counts for the product, not for the lot.
    services.rating_submit(stars=2, product_id=product.pk, address=ADDRESS)
    summary = selectors.rating_summary(p_key, product.pk)
    assert summary["count"] == 4 and summary["lot_count"] == 3 and summary["mean"] == 3.75
    assert selectors.rating_summary("", None)["count"] == 0 and selectors.rating_summary("", None)["mean"] is None


def test_rating_page_stores_stars_at_once_and_holds_the_comment(client, chain):
    response = client.get(f"/participate/rate/?code={chain.lots['P1']}&stars=4")
    page = response.content.decode()
    assert response.status_code == 200 and 'value="4"' in page and "checked" in page
    response = rate(client, chain.lots["P1"], 4, "肉很新鲜，但包装破了")
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.lot_key == key(chain, "P1") and rating.status == Rating.Status.PENDING
    # Moderated by the seller's district: P1's last holder is the supermarket in 芙蓉区.
    assert rating.district_id == "430102" and rating.seller == chain.businesses["supermarket"]
    assert len(rating.address_hash) == 64 and "127.0.0.1" not in rating.address_hash
    summary = selectors.rating_summary(rating.lot_key, None)
    assert summary["count"] == 1 and summary["mean"] == 4.0
    page = client.get(response["Location"]).content.decode()
    assert "肉很新鲜" not in page  # not yet approved
    # Audited as the anonymous public, without the network address.
    entry = AuditEntry.objects.get(object_type="participation.rating", object_id=str(rating.pk))
    assert entry.actor_type == "anonymous" and entry.ip is None and entry.changes["address_hash"][1] == \
        rating.address_hash


def test_moderation_by_the_sellers_district_only(client, chain, regulators):
    services.rating_submit(stars=2, comment="有异味", code=chain.lots["P1"], address=ADDRESS)
    services.rating_submit(stars=5, code=chain.lots["P1"], address=ADDRESS)  # no comment: nothing to moderate
    rating = Rating.objects.get(comment="有异味")
    furong, yuelu = verified_client(regulators["furong"]), verified_client(regulators["yuelu"])
    assert "有异味" in furong.get("/participate/manage/ratings/").content.decode()
    assert "有异味" not in yuelu.get("/participate/manage/ratings/").content.decode()
    assert yuelu.post(f"/participate/manage/ratings/{rating.pk}/moderate/", {"decision": "approve"}).status_code == 404
    assert yuelu.get("/api/v1/participation/ratings").json()["count"] == 0
    response = furong.post(f"/participate/manage/ratings/{rating.pk}/moderate/", {"decision": "approve"})
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.status == Rating.Status.APPROVED and rating.moderated_by == regulators["furong"]
    assert [c["comment"] for c in selectors.published_comments(rating.lot_key, None)] == ["有异味"]
    page = client.get(f"/participate/rate/?code={chain.lots['P1']}").content.decode()
    assert "有异味" in page and '<div class="rating-summary" data-count="2">' in page  # the summary as HTML
    entry = AuditEntry.objects.filter(object_type="participation.rating", object_id=str(rating.pk),
                                      action="update").latest("chain_index")
    assert entry.actor_name == regulators["furong"].username and entry.changes["status"] == ["pending", "approved"]
    # Rejected through the API: hidden again, the stars still count.
    response = furong.post(f"/api/v1/participation/ratings/{rating.pk}/moderate", {"decision": "reject"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert list(selectors.published_comments(rating.lot_key, None)) == []
    assert selectors.rating_summary(rating.lot_key, None)["count"] == 2
    # An inspector reads reports but does not moderate.
    inspector = verified_client(regulators["inspector"])
    assert inspector.get("/participate/manage/ratings/").status_code == 403


def test_a_comment_is_shown_as_text_on_the_panel_and_the_rating_page(client, chain):
    services.rating_submit(stars=1, comment="<b>坏了</b>", code=chain.lots["P1"], address=ADDRESS)
    Rating.objects.update(status=Rating.Status.APPROVED)
    panel = panel_html(key(chain, "P1"), None, "/t/T0000000TESTP101")
    page = client.get(f"/participate/rate/?code={chain.lots['P1']}").content.decode()
    for html in (panel, page):
        assert "&lt;b&gt;坏了&lt;/b&gt;" in html and "<b>坏了</b>" not in html


def test_bad_ratings_are_refused_with_specific_messages(client, chain):
    for fields, message in (
        ({"code": "T0000000000NOPE1", "stars": 3}, "查不到追溯码"),
        ({"code": "urn:epc:class:lgtin:nonsense", "stars": 3}, "无法识别"),
        ({"code": chain.lots["P1"], "stars": 9}, "星"),
        ({"code": chain.lots["P1"], "stars": 3, "comment": "长" * 501}, "500"),
    ):
        response = client.post("/participate/rate/", {**fields, **solved()})
        assert response.status_code == 200, fields
        assert message in response.content.decode(), (fields, message)
    assert not Rating.objects.exists()
    with pytest.raises(ValidationError):
        services.rating_submit(stars=3, address=ADDRESS)


def test_product_only_rating_goes_to_the_producers_district(client, db):
    plant = make_business("430104", "producer", name="岳麓测试食品厂")
    product = make_product(plant, name="测试腊肉")
    response = client.post("/participate/rate/", {"product": product.pk, "stars": 5, **solved()})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.product == product and rating.lot_key == "" and rating.district_id == "430104"


def test_panel_renders_summary_form_and_report_link(chain):
    services.rating_submit(stars=5, code=chain.lots["P1"], address=ADDRESS)
    html = panel_html(key(chain, "P1"), None, "/t/T0000000TESTP101")
    assert 'id="participation-panel"' in html and 'data-count="1"' in html
    assert 'action="/participate/rate/"' in html and 'name="stars"' in html and 'method="get"' in html
    assert "/participate/report/?code=T0000000TESTP101" in html
    assert "csrfmiddlewaretoken" not in html  # nothing per visitor: the product page may be cached
    assert 'value="/t/T0000000TESTP101"' in html  # back to the product page after rating
