"""The standalone verifier's pure-Python Ed25519 verification (RFC 8032): the RFC's own test
vectors, signatures of the cryptography package, and forgeries."""
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings, strategies as st

from ledger.proofs.verify import signature_ok

# RFC 8032, section 7.1, TEST 1 to 3: (public key, message, signature).
RFC_8032 = [
    ("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
]


@pytest.mark.parametrize("public, message, signature", RFC_8032)
def test_the_rfc_vectors_verify(public, message, signature):
    assert signature_ok(bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature))


@pytest.mark.parametrize("public, message, signature", RFC_8032)
def test_a_flipped_bit_anywhere_fails(public, message, signature):
    key, text, sig = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    for index in range(0, 64, 7):
        forged = bytearray(sig)
        forged[index] ^= 1 << (index % 8)
        assert not signature_ok(key, text, bytes(forged))
    assert not signature_ok(key, text + b"!", sig)
    assert not signature_ok(bytes([key[0] ^ 1]) + key[1:], text, sig)


def test_malformed_keys_and_signatures_fail():
    public, message, signature = (bytes.fromhex(v) for v in RFC_8032[1])
    assert not signature_ok(public[:31], message, signature)
    assert not signature_ok(public, message, signature[:63])
    assert not signature_ok(b"\xff" * 32, message, signature)  # y >= p: no point
    too_big_s = signature[:32] + (2 ** 253).to_bytes(32, "little")  # s >= q is refused
    assert not signature_ok(public, message, too_big_s)


@settings(max_examples=25)
@given(st.binary(min_size=32, max_size=32), st.binary(max_size=300))
def test_signatures_of_the_cryptography_package_verify(seed, message):
    key = Ed25519PrivateKey.from_private_bytes(seed)
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    signature = key.sign(message)
    assert signature_ok(public, message, signature)
    assert not signature_ok(public, message + b"\x00", signature)
