"""Abuse resistance of the public forms without third-party services (docs/participation.md, "Abuse controls").

* The sender's address is kept only as a salted SM3 hash (an IPv6 address by its /64 network, which one
  household or phone holds); it keys the rate limits and is stored with each rating and report.
* Rate limits per address hash and hour in the Django cache (whatever backend is configured; use Redis with
  several server processes so they share one count): successful reports, successful ratings, and failed
  attempts (wrong check answers, wrong check codes on the status page).
* A self-hosted check question: a small sum or difference, with a token signed by ``django.core.signing``
  that expires after 30 minutes and can be used once. The token carries a keyed hash of the answer, never
  the answer. It needs no JavaScript.
* Photos: JPEG or PNG by their magic bytes (whatever the name or declared type says), at most 5 MB each.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from foodtrace.audit.context import client_ip
from foodtrace.crypto import sm3_hex

CHALLENGE_SALT = "foodtrace.participation.challenge"
CHALLENGE_MAX_AGE = 30 * 60
WINDOW = 3600
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_COUNT = 3
MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


def _secret(purpose: str) -> bytes:
    configured = getattr(settings, "PARTICIPATION_ADDRESS_SALT", "") or ""
    base = configured or f"foodtrace-participation:{settings.SECRET_KEY}"
    return sm3_hex(f"{purpose}:{base}".encode()).encode("ascii")


def keyed_hash(purpose: str, value: str) -> str:
    """SM3 over a secret derived from the salt setting (or SECRET_KEY), the purpose and the value."""
    return sm3_hex(_secret(purpose) + b"|" + value.encode("utf-8"))


def address_hash(request) -> str:
    """The salted SM3 hash of the client address; the raw address is never stored."""
    raw = client_ip(request) or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        normalised = raw
    else:
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped is not None:
            normalised = str(mapped)
        elif address.version == 6:
            normalised = str(ipaddress.ip_network(f"{address}/64", strict=False))
        else:
            normalised = str(address)
    return keyed_hash("address", normalised)


# Rate limits ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Limit:
    name: str
    setting: str
    default: int

    @property
    def per_hour(self) -> int:
        return int(getattr(settings, self.setting, self.default))


REPORTS = Limit("reports", "PARTICIPATION_REPORTS_PER_HOUR", 5)
RATINGS = Limit("ratings", "PARTICIPATION_RATINGS_PER_HOUR", 20)
FAILURES = Limit("failures", "PARTICIPATION_FAILURES_PER_HOUR", 30)


def _key(limit: Limit, address: str) -> str:
    return f"participation:{limit.name}:{address}:{int(time.time() // WINDOW)}"


def used(limit: Limit, address: str) -> int:
    return int(cache.get(_key(limit, address)) or 0)


def exhausted(limit: Limit, address: str) -> bool:
    return used(limit, address) >= limit.per_hour


def count(limit: Limit, address: str) -> int:
    """One more for this address in the current hour (fixed window)."""
    key = _key(limit, address)
    cache.add(key, 0, timeout=WINDOW + 60)
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW + 60)
        value = 1
    # Some backends' incr resets the expiry to the default; put it back.
    cache.touch(key, WINDOW + 60)
    return value


def limit_message(limit: Limit) -> str:
    if limit is REPORTS:
        return _("Too many reports from your network in the last hour (at most %(n)d). Please try again in an "
                 "hour, or call the 12315 hotline.") % {"n": limit.per_hour}
    if limit is RATINGS:
        return _("Too many ratings from your network in the last hour (at most %(n)d). Please try again in an "
                 "hour.") % {"n": limit.per_hour}
    return _("Too many failed attempts from your network in the last hour. Please try again in an hour.")


# Check question -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _answer_digest(nonce: str, answer: int) -> str:
    return keyed_hash("challenge", f"{nonce}:{answer}")


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2):
        question, answer = _("What is %(a)d plus %(b)d?") % {"a": a, "b": b}, a + b
    else:
        a, b = max(a, b) + 5, min(a, b)
        question, answer = _("What is %(a)d minus %(b)d?") % {"a": a, "b": b}, a - b
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps({"n": nonce, "h": _answer_digest(nonce, answer)}, salt=CHALLENGE_SALT)
    return Challenge(question, token)


def check_challenge(token: str, answer: str) -> str | None:
    """None when the answer is right (the token is then spent); otherwise the reason, for the person."""
    try:
        data = signing.loads(token or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.SignatureExpired:
        return _("The check question has expired (after 30 minutes). Please answer the new question.")
    except signing.BadSignature:
        return _("The check question is missing or invalid. Please answer the new question.")
    text = (answer or "").strip()
    if not text:
        return _("Please answer the check question.")
    try:
        value = int(text)
    except ValueError:
        return _("Please answer the check question with a number in digits, e.g. 12.")
    nonce, digest = str(data.get("n", "")), str(data.get("h", ""))
    if not hmac.compare_digest(digest, _answer_digest(nonce, value)):
        return _("The answer to the check question is wrong. Please answer the new question.")
    if not cache.add(f"participation:challenge:{nonce}", 1, timeout=CHALLENGE_MAX_AGE + 60):
        return _("This check question has already been used. Please answer the new question.")
    return None


# Photos -------------------------------------------------------------------------------------------------------

class PhotoError(ValueError):
    pass


def sniff(content: bytes) -> str | None:
    return next((kind for magic, kind in MAGIC if content.startswith(magic)), None)


def read_photos(uploads) -> list[tuple[str, bytes]]:
    """[(content type, bytes)] for up to three JPEG/PNG uploads of ≤ 5 MB; PhotoError names the first problem."""
    uploads = [u for u in uploads if u is not None]
    if len(uploads) > PHOTO_MAX_COUNT:
        raise PhotoError(_("At most %(n)d photos per report.") % {"n": PHOTO_MAX_COUNT})
    photos = []
    for upload in uploads:
        name = getattr(upload, "name", "") or _("(no name)")
        if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
            raise PhotoError(_("The photo “%(name)s” is larger than 5 MB. Please send a smaller photo.")
                             % {"name": name})
        content = upload.read(PHOTO_MAX_BYTES + 1)
        if len(content) > PHOTO_MAX_BYTES:
            raise PhotoError(_("The photo “%(name)s” is larger than 5 MB. Please send a smaller photo.")
                             % {"name": name})
        if not content:
            raise PhotoError(_("The photo “%(name)s” is empty.") % {"name": name})
        kind = sniff(content)
        if kind is None:
            raise PhotoError(_("The file “%(name)s” is not a JPEG or PNG photo (other formats, including HEIC "
                               "and GIF, are not accepted).") % {"name": name})
        photos.append((kind, content))
    return photos
