"""Commercial cryptography (商用密码): SM3 hashing and SM4 encryption via `cryptography`."""

import base64
import hashlib
import os
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


class DecryptionError(ValueError):
    pass


_VERSION = b"\x01"  # lets us rotate the format later without guessing


@cache
def _field_key() -> bytes:
    from django.conf import settings

    configured = settings.FIELD_ENCRYPTION_KEY
    if configured:
        return bytes.fromhex(configured)
    # Development only (production refuses to start without the key): derive
    # a stable key from SECRET_KEY so a new checkout needs no set-up.
    return hashlib.sha256(b"foodtrace-field-key:" + settings.SECRET_KEY.encode()).digest()[:16]


def sm4_encrypt(plaintext: str) -> str:
    """SM4-GCM with a random 96-bit nonce; base64(version | nonce | tag | ciphertext)."""
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.SM4(_field_key()), modes.GCM(nonce)).encryptor()
    ciphertext = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    return base64.b64encode(_VERSION + nonce + encryptor.tag + ciphertext).decode("ascii")


def sm4_decrypt(token: str) -> str:
    raw = base64.b64decode(token)
    if raw[:1] != _VERSION or len(raw) < 29:
        raise DecryptionError("not an SM4 field token")
    nonce, tag, ciphertext = raw[1:13], raw[13:29], raw[29:]
    decryptor = Cipher(algorithms.SM4(_field_key()), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(ciphertext) + decryptor.finalize()).decode("utf-8")
    except Exception as exc:  # InvalidTag: wrong key or altered ciphertext
        raise DecryptionError("SM4 authentication failed: wrong key or altered data") from exc
