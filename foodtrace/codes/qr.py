"""QR codes (segno) of the public https URI of a code, and which origin that URI is on."""

import io

import segno
from django.conf import settings

# Level M survives a scuffed or partly wet label at a market stall; the quiet zone is the standard 4 modules.
ERROR_LEVEL = "m"
BORDER = 4
PNG_SCALE = 8  # pixels per module: ~300 px for a lot URI, sharp when printed at 3 cm


def public_base(request) -> str:
    """The origin printed into QR codes: FOODTRACE_PUBLIC_BASE_URL when set (the host people scan, behind
    the reverse proxy), else the host this request came to."""
    configured = getattr(settings, "FOODTRACE_PUBLIC_BASE_URL", "") or ""
    if configured.strip():
        return configured.strip().rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def make(uri: str) -> segno.QRCode:
    # Always a full QR code: a Micro QR (which segno might choose for short data) is not read by phones.
    return segno.make_qr(uri, error=ERROR_LEVEL)


def svg(uri: str) -> bytes:
    out = io.BytesIO()
    make(uri).save(out, kind="svg", scale=4, border=BORDER, title=uri)
    return out.getvalue()


def png(uri: str) -> bytes:
    out = io.BytesIO()
    make(uri).save(out, kind="png", scale=PNG_SCALE, border=BORDER)
    return out.getvalue()


def inline_svg(uri: str) -> str:
    """SVG markup for a page (no XML declaration; a viewBox instead of a size, so CSS sets the print size)."""
    return make(uri).svg_inline(scale=1, border=BORDER, omitsize=True)
