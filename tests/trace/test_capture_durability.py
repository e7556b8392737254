"""Kill the server mid-capture: every acknowledged document is there whole, and nothing else is.

A real gunicorn process takes a stream of capture documents; it is killed
with SIGKILL while documents are in flight, started again on the same
database, and every lot is counted through the query interface.
"""

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.server import Server

EVENTS_PER_DOCUMENT = 150


def _request(url, key, data=None, content_type="application/ld+json"):
    req = urllib.request.Request(url, data=data, headers={"X-API-Key": key, "Content-Type": content_type})  # noqa: S310
    with urllib.request.urlopen(req, timeout=60) as response:  # noqa: S310 (our loopback server)
        return response.status, dict(response.headers), response.read()


def _document(location_code: str, n: int) -> bytes:
    lot = f"urn:epc:class:lgtin:6901234.012345.KILL{n:05d}"
    events = [{"type": "ObjectEvent", "eventTime": f"2026-11-20T08:{i // 60:02d}:{i % 60:02d}+08:00",
               "eventTimeZoneOffset": "+08:00", "action": "OBSERVE", "bizStep": "receiving",
               "bizLocation": {"id": f"urn:foodtrace:loc:{location_code}"},
               "quantityList": [{"epcClass": lot, "quantity": i + 1, "uom": "KGM"}]}
              for i in range(EVENTS_PER_DOCUMENT)]
    return json.dumps({"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
                       "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-11-20T08:00:00Z",
                       "epcisBody": {"eventList": events}}).encode()


def _count(server, key, n) -> int:
    url = f"{server.url}/epcis/events?perPage=1000&MATCH_epcClass=urn:epc:class:lgtin:6901234.012345.KILL{n:05d}"
    _status, _headers, body = _request(url, key)
    return len(json.loads(body)["epcisBody"]["queryResults"]["resultsBody"]["eventList"])


@pytest.mark.django_db
def test_killed_server_keeps_every_acknowledged_document_whole(tmp_path):
    server = Server(tmp_path, "crash", businesses=20).start(workers=2)
    try:
        key = next(line.split()[-1] for line in server.demo_output.splitlines() if "进销存系统" in line)
        _s, _h, body = _request(f"{server.url}/api/v1/registry/locations?kind=store", key)
        location = json.loads(body)["items"][0]["code"]

        acknowledged, sent, stop = [], [], threading.Event()

        def writer(first: int):
            n = first
            while not stop.is_set():
                sent.append(n)
                try:
                    status, _headers, _body = _request(f"{server.url}/epcis/capture", key, _document(location, n))
                    if status == 202:
                        acknowledged.append(n)
                except (urllib.error.URLError, ConnectionError, OSError):
                    return
                n += 2

        threads = [threading.Thread(target=writer, args=(start,)) for start in (0, 1)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert len(acknowledged) >= 6, "the server acknowledged too few documents before the kill"

        server.start(workers=1)
        for n in acknowledged:
            assert _count(server, key, n) == EVENTS_PER_DOCUMENT, f"acknowledged document {n} is not whole"
        in_flight = sorted(set(sent) - set(acknowledged))
        for n in in_flight:
            assert _count(server, key, n) in (0, EVENTS_PER_DOCUMENT), f"document {n} was stored in part"
    finally:
        server.kill()
        server.close()
