"""QR codes: the PNG decodes (with a real decoder when installed) and both images carry the exact public URI."""

import re

import pytest
import segno

from tests.codes.conftest import issue
from tests.codes.pngread import read_grey

BORDER = 4


def expected_matrix(uri: str) -> list[list[bool]]:
    return [[bool(module) for module in row] for row in segno.make_qr(uri, error="m").matrix]


def png_matrix(data: bytes, size: int) -> list[list[bool]]:
    """Sample the centre of each module of a PNG QR code (square, quiet zone of BORDER modules)."""
    width, height, pixels = read_grey(data)
    assert width == height
    scale = width // (size + 2 * BORDER)
    assert scale * (size + 2 * BORDER) == width
    centre = scale // 2
    return [[pixels[((BORDER + r) * scale + centre) * width + (BORDER + c) * scale + centre] < 128
             for c in range(size)] for r in range(size)]


def svg_matrix(data: bytes, size: int) -> list[list[bool]]:
    """Read segno's SVG path back into modules: ``M x y`` then ``h n`` (n dark modules) and ``m dx dy`` moves."""
    path = re.search(rb' d="([^"]+)"', data).group(1).decode()
    dark, x, y = set(), 0.0, 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[0-9.]+)(?: (-?[0-9.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(y), int(x) + i) for i in range(int(float(a))))
            x += float(a)
    return [[(BORDER + r, BORDER + c) in dark for c in range(size)] for r in range(size)]


@pytest.mark.django_db
def test_platform_code_qr_png_and_svg_carry_the_public_uri(client, market):
    code = issue(client, market, quantity=5)["code"]
    uri = f"http://testserver/t/{code}"
    expected = expected_matrix(uri)
    png = client.get(f"/t/{code}/qr.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png_matrix(png.content, len(expected)) == expected
    svg = client.get(f"/t/{code}/qr.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg_matrix(svg.content, len(expected)) == expected
    assert f"<title>{uri}</title>" in svg.content.decode()


@pytest.mark.django_db
def test_png_decodes_with_a_real_decoder(client, market):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is not installed (pip install zxing-cpp)")
    code = issue(client, market, quantity=5)["code"]
    width, height, pixels = read_grey(client.get(f"/t/{code}/qr.png").content)
    [barcode] = zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    assert barcode.text == f"http://testserver/t/{code}"


@pytest.mark.django_db
def test_digital_link_qr_uses_the_configured_public_host(client, producer, sausage, settings):
    settings.FOODTRACE_PUBLIC_BASE_URL = "https://trace.changsha.example.cn"
    issue(client, producer, gtin=sausage.gtin, lot="L1", quantity=5)
    uri = f"https://trace.changsha.example.cn/01/{sausage.gtin}/10/L1"
    expected = expected_matrix(uri)
    # Asked for by the 13-digit GTIN, the QR carries the canonical 14-digit form.
    svg = client.get(f"/01/{sausage.gtin[1:]}/10/L1/qr.svg")
    assert svg.status_code == 200 and svg_matrix(svg.content, len(expected)) == expected
    png = client.get(f"/01/{sausage.gtin}/10/L1/qr.png")
    assert png_matrix(png.content, len(expected)) == expected


@pytest.mark.django_db
def test_no_qr_for_a_code_never_issued(client, db):
    assert client.get("/t/T000000000000000/qr.svg").status_code == 404
    assert client.get("/t/T00/qr.png").status_code == 400
