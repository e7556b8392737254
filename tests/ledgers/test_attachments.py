"""Certificate files: type by content, size limit, SM3 fingerprint, found by lot or document number."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from foodtrace.crypto import sm3_hex
from foodtrace.ledgers.attachments import attachment_add, attachments_for
from foodtrace.ledgers.models import Attachment
from foodtrace.ledgers.values import transaction_value
from tests.conftest import make_api_client, make_user

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256))
# GB/T 32905-2016, appendix A: SM3("abc") and SM3("abcd" x 16).
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
SM3_ABCD16 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def sm3_reference(data: bytes) -> str:
    """SM3 (GB/T 32905-2016) written out from the standard: a check on foodtrace.crypto that shares no code."""
    def rotl(x, n):
        n %= 32
        return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF

    def p0(x):
        return x ^ rotl(x, 9) ^ rotl(x, 17)

    def p1(x):
        return x ^ rotl(x, 15) ^ rotl(x, 23)

    v = [0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E]
    message = data + b"\x80" + b"\x00" * ((55 - len(data)) % 64) + (len(data) * 8).to_bytes(8, "big")
    for start in range(0, len(message), 64):
        w = [int.from_bytes(message[start + 4 * i:start + 4 * i + 4], "big") for i in range(16)]
        for j in range(16, 68):
            w.append(p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6])
        a, b, c, d, e, f, g, h = v
        for j in range(64):
            t = 0x79CC4519 if j < 16 else 0x7A879D8A
            ss1 = rotl((rotl(a, 12) + e + rotl(t, j)) & 0xFFFFFFFF, 7)
            ss2 = ss1 ^ rotl(a, 12)
            ff = a ^ b ^ c if j < 16 else (a & b) | (a & c) | (b & c)
            gg = e ^ f ^ g if j < 16 else (e & f) | (~e & g)
            tt1 = (ff + d + ss2 + (w[j] ^ w[j + 4])) & 0xFFFFFFFF
            tt2 = (gg + h + ss1 + w[j]) & 0xFFFFFFFF
            a, b, c, d = tt1, a, rotl(b, 9), c
            e, f, g, h = p0(tt2), e, rotl(f, 19), g
        v = [x ^ y for x, y in zip(v, (a, b, c, d, e, f, g, h), strict=True)]
    return "".join(f"{x:08x}" for x in v)


def test_sm3_known_vectors():
    assert sm3_reference(b"abc") == sm3_hex(b"abc") == SM3_ABC
    assert sm3_reference(b"abcd" * 16) == sm3_hex(b"abcd" * 16) == SM3_ABCD16


@pytest.mark.django_db
def test_attachment_keeps_the_bytes_and_their_sm3_and_is_found_by_lot_and_number(shop, keeper, media_root):
    attachment = attachment_add(actor=keeper, business=shop, kind="inspection_report", content=PDF,
                                file_name="报告.pdf", document_number="ＪＣ２０２６-01",
                                lot_key="plot:T0LEDGER0000001A")
    attachment.refresh_from_db()
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert attachment.sm3 == sm3_hex(PDF) == sm3_reference(PDF)
    assert attachment.document_number == "JC2026-01"  # full-width digits typed on a phone are the same number
    assert attachment.transaction_value == "urn:foodtrace:ir:JC2026-01" == transaction_value("inspection_report",
                                                                                             "JC2026-01")
    stored = media_root / attachment.file.name
    assert stored.read_bytes() == PDF and attachment.file.name.startswith(f"ledgers/{shop.pk}/")
    assert sm3_hex(stored.read_bytes()) == attachment.sm3

    assert list(attachments_for(["plot:T0LEDGER0000001A"], [])) == [attachment]
    assert list(attachments_for([], ["urn:foodtrace:ir:JC2026-01"])) == [attachment]
    assert not attachments_for(["plot:T0OTHER00000000A"], ["urn:foodtrace:ir:X"]).exists()
    assert not attachments_for([], []).exists()

    from foodtrace.audit.models import AuditEntry

    entry = AuditEntry.objects.get(object_type="ledgers.attachment", object_id=str(attachment.pk))
    assert entry.changes["file"][1] == attachment.file.name and entry.changes["sm3"][1] == attachment.sm3


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"GIF89a......", b"MZ\x90\x00 not a pdf", b"", b"<html>%PDF-1.4</html>"])
def test_other_types_are_refused_by_content_not_name(shop, keeper, content):
    with pytest.raises(ValidationError) as raised:
        attachment_add(actor=keeper, business=shop, kind="invoice", content=content, file_name="invoice.pdf",
                       document_number="123")
    assert "file" in raised.value.message_dict
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_files_over_the_size_setting_are_refused(settings, shop, keeper):
    settings.LEDGER_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError):
        attachment_add(actor=keeper, business=shop, kind="invoice", content=JPEG + b"\x00" * 1024, document_number="1")
    stored = attachment_add(actor=keeper, business=shop, kind="invoice", content=JPEG, document_number="1")
    assert stored.size == len(JPEG)


@pytest.mark.django_db
def test_attachment_page_api_and_scope(client, shop, keeper, otp_verified):
    from tests.conftest import log_in

    log_in(client, keeper)
    response = client.post("/ledgers/attachments/", {"kind": "quarantine_cert", "document_number": "QC-9",
                                                      "lot": "", "file": SimpleUploadedFile("qc.jpg", JPEG)})
    assert response.status_code == 302
    attachment = Attachment.objects.get(document_number="QC-9")
    assert (attachment.uploaded_by, attachment.content_type) == (keeper, "image/jpeg")
    response = client.get(f"/ledgers/attachments/{attachment.pk}/file")
    assert response.status_code == 200 and b"".join(response.streaming_content) == JPEG
    assert response["Content-Type"] == "image/jpeg" and response["Content-Security-Policy"] == "sandbox"
    refused = client.post("/ledgers/attachments/", {"kind": "invoice", "document_number": "1",
                                                    "file": SimpleUploadedFile("x.png", b"not an image")})
    assert refused.status_code == 200 and "PDF" in refused.context["form"].errors["file"][0]

    _, key = make_api_client(business=shop)
    response = client.post("/api/v1/ledgers/attachments", {"kind": "invoice", "document_number": "INV-1",
                                                           "lot": "T0LEDGER0000001A",
                                                           "file": SimpleUploadedFile("a.pdf", PDF)},
                           HTTP_X_API_KEY=key)
    assert response.status_code == 201, response.content
    assert response.json()["lot_key"] == "plot:T0LEDGER0000001A"
    assert response.json()["sm3"] == sm3_reference(PDF)
    found = client.get("/api/v1/ledgers/attachments", {"lot": "T0LEDGER0000001A"}, HTTP_X_API_KEY=key).json()
    assert [a["document_number"] for a in found["items"]] == ["INV-1"]
    bad = client.post("/api/v1/ledgers/attachments", {"kind": "invoice", "document_number": "INV-2",
                                                      "file": SimpleUploadedFile("a.pdf", b"text")},
                      HTTP_X_API_KEY=key)
    assert bad.status_code == 422

    client.logout()
    otp_verified(make_user("district_regulator", region="430104"))
    assert client.get(f"/ledgers/attachments/{attachment.pk}/file").status_code == 404
    assert "QC-9" not in client.get("/ledgers/attachments/").content.decode()


@pytest.mark.django_db
def test_attaching_to_a_row_of_a_recorded_upload(client, shop, keeper, supplier):
    from foodtrace.ledgers.uploads import ledger_upload
    from tests.conftest import log_in, make_business
    from tests.ledgers.conftest import PURCHASE_HEADERS, purchase_row, xlsx

    content = xlsx([PURCHASE_HEADERS, purchase_row(supplier, shop.pork.gtin, lot="ATT1", qc="QC-ATT-1")])
    report = ledger_upload(actor=keeper, file_name="p.xlsx", content=content, kind="purchases")
    assert report.ok, report.errors
    log_in(client, keeper)
    page = client.get(f"/ledgers/uploads/{report.upload_id}/").content.decode()
    assert 'name="upload"' in page and 'name="row"' in page
    response = client.post("/ledgers/attachments/", {
        "kind": "quarantine_cert", "document_number": "QC-ATT-1", "lot": "", "upload": report.upload_id, "row": 2,
        "file": SimpleUploadedFile("qc.pdf", PDF)})
    assert response.status_code == 302 and response["Location"] == f"/ledgers/uploads/{report.upload_id}/"
    attachment = Attachment.objects.get(upload_id=report.upload_id)
    assert attachment.row == 2 and attachment.transaction_value == "urn:foodtrace:qc:QC-ATT-1"
    assert "QC-ATT-1" in client.get(response["Location"]).content.decode()

    # Another business's upload cannot be named.
    other = make_business("430102", "supermarket")
    _, key = make_api_client(business=other)
    response = client.post("/api/v1/ledgers/attachments", {"kind": "invoice", "document_number": "X",
                                                           "upload_id": report.upload_id,
                                                           "file": SimpleUploadedFile("a.pdf", PDF)},
                           HTTP_X_API_KEY=key)
    assert response.status_code == 422
    _, own_key = make_api_client(business=shop)
    response = client.post("/api/v1/ledgers/attachments", {"kind": "invoice", "document_number": "INV-ATT",
                                                           "upload_id": report.upload_id, "row": 2,
                                                           "file": SimpleUploadedFile("a.pdf", PDF)},
                           HTTP_X_API_KEY=own_key)
    assert response.status_code == 201 and response.json()["upload_id"] == report.upload_id
