"""The product page cache: a second look-up is served from it; a new event on the lot or anywhere upstream, a
licence change, a recall started or closed shows at once (stamps after commit, docs/public.md)."""

import re

import pytest

from foodtrace.public import cache as page_cache
from foodtrace.recall.services import recall_close, recall_start
from foodtrace.registry.models import LicenceStatus
from foodtrace.stamps import store as stamps
from tests.conftest import make_user
from tests.public.conftest import M1, PAGE, event_at, record, statements, text_of

STORES = ["db", "cache"]


@pytest.fixture
def builds(monkeypatch):
    """Counts how often the expensive part is computed."""
    calls = []
    real = page_cache.build

    def counting(cid):
        calls.append(cid.key)
        return real(cid)

    monkeypatch.setattr(page_cache, "build", counting)
    return calls


@pytest.fixture(params=STORES)
def store(request, settings):
    settings.FOODTRACE_PUBLIC_STAMPS = request.param
    return request.param


@pytest.mark.django_db
def test_second_look_up_comes_from_the_cache(client, chain, builds, store):
    first = text_of(client.get(M1, **PAGE))
    assert builds == ["plot:T00000000000MKT1"] and 'id="participation-panel"' in first
    # A hit: the stamps (one query when they are in the database) and the look-up record; nothing of the chain
    # nor of the ratings panel.
    with statements() as sent:
        second = text_of(client.get(M1, **PAGE))
    assert len(sent.sql) == (2 if store == "db" else 1), sent.sql
    assert builds == ["plot:T00000000000MKT1"]
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", first) == token.sub("", second)


@pytest.mark.django_db
def test_a_new_event_on_the_lot_shows_at_once(client, chain, builds, store, django_capture_on_commit_callbacks):
    assert "销售给消费者" not in text_of(client.get(M1, **PAGE))
    with django_capture_on_commit_callbacks(execute=True):
        record(chain, "supermarket", event_at(chain, "supermarket", chain.lots["M1"], 1.5, step="retail_selling",
                                              time="2026-11-20T09:00:00+08:00"))
    assert "销售给消费者" in text_of(client.get(M1, **PAGE))
    assert len(builds) == 2


@pytest.mark.django_db
def test_a_new_event_upstream_shows_at_once(client, chain, builds, store, django_capture_on_commit_callbacks):
    """The farm records an inspection of its pigs' lot: the page of a part cut from their carcass changes."""
    client.get(M1, **PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        record(chain, "farm", event_at(chain, "farm", chain.lots["P"], 1000.0, step="inspecting",
                                       time="2026-11-01T09:00:00+08:00"))
    page = text_of(client.get(M1, **PAGE))
    assert "检验" in page.split('data-testid="timeline"')[1]
    assert len(builds) == 2


@pytest.mark.django_db
def test_an_event_of_another_lot_keeps_the_page(client, chain, builds, django_capture_on_commit_callbacks):
    client.get(M1, **PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        record(chain, "supermarket", event_at(chain, "supermarket", chain.lots["U"], 100.0, step="retail_selling",
                                              time="2026-11-20T09:00:00+08:00"))
    client.get(M1, **PAGE)
    assert len(builds) == 1


@pytest.mark.django_db
def test_a_licence_status_change_shows_at_once(client, chain, builds, store, django_capture_on_commit_callbacks):
    assert "暂停" not in text_of(client.get(M1, **PAGE))
    licence = chain.businesses["market"].licences.get()
    with django_capture_on_commit_callbacks(execute=True):
        licence.status = LicenceStatus.SUSPENDED
        licence.save()
    page = text_of(client.get(M1, **PAGE))
    assert 'licence-bad">暂停' in page
    assert len(builds) == 2


@pytest.mark.django_db
def test_recall_started_and_closed_show_at_once_on_a_cached_page(client, chain, builds, store,
                                                                  django_capture_on_commit_callbacks):
    assert 'data-testid="recall-notice"' not in text_of(client.get(M1, **PAGE))
    regulator = make_user("city_admin", region="430100")
    with django_capture_on_commit_callbacks(execute=True):
        recall = recall_start(lots=[chain.lots["C"]], level=1, reason="非洲猪瘟病毒核酸检测阳性", actor=regulator)
    page = text_of(client.get(M1, **PAGE))
    assert 'data-testid="recall-notice"' in page and recall.number in page and "非洲猪瘟病毒核酸检测阳性" in page
    assert "一级" in page or "Level 1" in page
    assert len(builds) == 1  # the chain part stayed cached: the recall check runs on every request
    with django_capture_on_commit_callbacks(execute=True):
        recall_close(actor=regulator, recall_id=recall.pk, note="已全部召回销毁")
    assert 'data-testid="recall-notice"' not in text_of(client.get(M1, **PAGE))


@pytest.mark.django_db
def test_a_rating_and_its_moderation_show_at_once_on_a_cached_page(client, chain, builds, store,
                                                                    django_capture_on_commit_callbacks):
    from foodtrace.participation import services

    assert "4.0" not in text_of(client.get(M1, **PAGE)).split('id="participation-panel"')[1]
    with django_capture_on_commit_callbacks(execute=True):
        rating = services.rating_submit(stars=4, comment="排骨很新鲜", code=M1.removeprefix("/t/"), address="10.0.0.9")
    panel = text_of(client.get(M1, **PAGE)).split('id="participation-panel"')[1]
    assert "4.0" in panel and "排骨很新鲜" not in panel  # stars count at once, the comment waits for moderation
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_moderate(actor=make_user("city_admin", region="430100"), rating_id=rating.pk,
                                 decision="approve")
    assert "排骨很新鲜" in text_of(client.get(M1, **PAGE)).split('id="participation-panel"')[1]
    assert len(builds) == 3
    client.get(M1, **PAGE)
    assert len(builds) == 3


@pytest.mark.django_db
def test_a_page_read_before_a_change_was_stamped_is_not_reused(client, chain, builds, settings):
    """The clock-skew allowance: a page read less than that long before a change's stamp is rebuilt."""
    settings.FOODTRACE_PUBLIC_CLOCK_SKEW_MS = 60_000
    client.get(M1, **PAGE)
    stamps.bump(["plot:T00000000000MKT1"])
    client.get(M1, **PAGE)
    client.get(M1, **PAGE)
    assert len(builds) == 3  # within a minute of the stamp every page is read again


@pytest.mark.django_db
def test_bench_header_bypasses_the_cache_only_when_enabled(client, chain, builds, settings):
    client.get(M1, **PAGE, HTTP_X_FOODTRACE_NO_CACHE="1")
    client.get(M1, **PAGE, HTTP_X_FOODTRACE_NO_CACHE="1")
    assert len(builds) == 1
    settings.FOODTRACE_PUBLIC_BENCH_BYPASS = True
    client.get(M1, **PAGE, HTTP_X_FOODTRACE_NO_CACHE="1")
    client.get(M1, **PAGE, HTTP_X_FOODTRACE_NO_CACHE="1")
    assert len(builds) == 3


@pytest.mark.django_db
def test_the_trace_layer_failing_is_not_cached(client, chain, monkeypatch):
    import foodtrace.trace.answer as answer

    real = answer.trace

    def broken(*args, **kwargs):
        raise AttributeError("trace layer being rebuilt")

    monkeypatch.setattr(answer, "trace", broken)
    page = text_of(client.get(M1, **PAGE))
    assert "暂时无法显示流通环节" in page
    monkeypatch.setattr(answer, "trace", real)
    assert "屠宰" in text_of(client.get(M1, **PAGE))


def test_capture_stamps_every_key_of_the_document():
    from types import SimpleNamespace

    event = SimpleNamespace(identifiers=[(6, "plot:TA", "platform_lot", "", "TA", 1.0, "KGM")],
                            edges=[(2, "plot:TA", "plot:TB", "", 1.0, "KGM"),
                                   (4, "uscc:X", "uscc:Y", "plot:TB", 1, "")],
                            parent_key="sscc:1")
    assert stamps.keys_of_events([event]) == {"plot:TA", "plot:TB", "uscc:X", "uscc:Y", "sscc:1"}


@pytest.fixture
def redis_cache(settings, tmp_path):
    """The platform's Redis cache backend on a throw-away redis-server (skipped where there is none)."""
    import shutil
    import socket
    import subprocess
    import time

    pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    local = settings.CACHES
    settings.CACHES = {"default": {"BACKEND": "foodtrace.public.rediscache.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    settings.FOODTRACE_PUBLIC_STAMPS = ""
    yield
    settings.CACHES = local  # before the server goes: the cache is cleared after each test
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.django_db
def test_with_redis_pages_and_stamps_live_in_redis(client, chain, builds, redis_cache, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from foodtrace.public import views

    monkeypatch.setattr(views, "participation_enabled", lambda: False)
    assert stamps.store() == "cache"
    client.get(M1, **PAGE)
    with statements() as sent:  # only the look-up record; the stamps are in Redis
        assert "屠宰" in text_of(client.get(M1, **PAGE))
    assert len(sent.sql) == 1 and "INSERT INTO public_scan" in sent.sql[0], sent.sql
    assert len(builds) == 1
    with django_capture_on_commit_callbacks(execute=True):
        record(chain, "supermarket", event_at(chain, "supermarket", chain.lots["M1"], 1.5, step="retail_selling",
                                              time="2026-11-20T09:00:00+08:00"))
    assert cache.get(stamps.PREFIX + stamps.hashed("plot:T00000000000MKT1")) > 0
    assert "销售给消费者" in text_of(client.get(M1, **PAGE))
    assert len(builds) == 2


@pytest.mark.django_db
def test_stamps_unreadable_means_nothing_cached_is_trusted(client, chain, builds, monkeypatch):
    client.get(M1, **PAGE)

    def down(names):
        raise ConnectionError("cache down")

    monkeypatch.setattr(stamps, "read", down)
    assert "屠宰" in text_of(client.get(M1, **PAGE))
    assert len(builds) == 2
