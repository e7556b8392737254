"""Fixtures of the participation tests: the recall tests' small chain (lot P1 sold by a supermarket in 芙蓉区
430102, P2 by a restaurant in 天心区 430103, P held last by a market in 雨花区 430111), regulators of 芙蓉区 and
岳麓区, a solved check question, tiny photos."""

import re
import struct
import zlib

import pytest
from django.test import Client

from foodtrace.participation import abuse
from tests.conftest import log_in, make_user
from tests.recall.chain import build_chain


@pytest.fixture
def chain(db):
    return build_chain()


def png_bytes() -> bytes:
    """A valid 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def solve(question: str) -> int:
    a, b = (int(n) for n in re.findall(r"\d+", question)[:2])
    return a - b if ("minus" in question or "减" in question) else a + b


def solved() -> dict:
    challenge = abuse.new_challenge()
    return {"challenge": challenge.token, "answer": str(solve(challenge.question))}


def verified_client(user) -> Client:
    """A separate browser for a regulator, logged in with password and TOTP."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    log_in(client, user)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.post("/accounts/otp/verify/", {"token": code}).status_code == 302
    return client


@pytest.fixture
def regulators(db):
    return {"furong": make_user("district_regulator", region="430102"),
            "furong_2": make_user("district_regulator", region="430102"),
            "yuelu": make_user("district_regulator", region="430104"),
            "city": make_user("city_admin", region="430100"),
            "inspector": make_user("inspector", region="430102")}
