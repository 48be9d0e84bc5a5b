"""Each community's Ed25519 signing key, one file in the instance folder.

``<instance>/keys/<community>.ed25519.pem`` holds the private key (PKCS#8 PEM, file mode
0600, folder 0700). It is made the first time anything needs it (``ledger init``,
``ledger keys``, a month close, a receipt) and is archived by ``ledger backup``. Losing
it does not unverify anything already signed (each signed head carries its public key),
but later heads would be signed by a new key and old receipt links would stop working.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask, current_app

KEYS = "keys"  # the folder in the instance folder (and in backups)
_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_CACHE = "ledger.signing_keys"


def key_path(instance_path: str, code: str) -> Path:
    if not _CODE.fullmatch(code):
        raise ValueError(f"not a community code: {code!r}")
    return Path(instance_path) / KEYS / f"{code}.ed25519.pem"


def signing_key(code: str) -> Ed25519PrivateKey:
    """The community's private key, made on first use; kept in memory once read."""
    cache = current_app.extensions.setdefault(_CACHE, {})
    if code not in cache:
        path = key_path(current_app.instance_path, code)
        if not path.exists():
            _create(path)
        cache[code] = serialization.load_pem_private_key(path.read_bytes(), password=None)
    return cache[code]


def _create(path: Path) -> None:
    """Write a new key without ever replacing one: a concurrent maker's key wins."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    staged = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(staged, path)
    except FileExistsError:
        pass
    finally:
        staged.unlink()


def public_key_hex(code: str) -> str:
    """The community's public key as 64 hex characters (the raw 32 bytes of RFC 8032)."""
    return signing_key(code).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def sign(code: str, message: bytes) -> str:
    return signing_key(code).sign(message).hex()


def secret_bytes(code: str) -> bytes:
    """The private key's 32 raw bytes: the root of the community's receipt tokens."""
    return signing_key(code).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def forget_all(app: Flask) -> None:
    """Drop the keys this process has read (after a restore replaced the files)."""
    app.extensions.pop(_CACHE, None)
