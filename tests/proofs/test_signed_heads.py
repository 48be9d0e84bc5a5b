"""Closing a month signs its head; the heads chain by consistency proofs; forgeries fail."""
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tests.entries import JOURNAL
from tests.proofs import rfc6962
from tests.proofs.conftest import chain_hashes, run_verifier, write_json


def signed_message(community: str, head: dict) -> bytes:
    """CHAIN.md: compact JSON, sorted keys, of exactly these five fields."""
    return json.dumps({"community": community, "month": head["month"], "size": head["size"],
                       "root": head["root"], "chain_head": head["chain_head"]},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def test_each_close_signs_the_tree_and_chain_head_as_they_stood(client, closed_months):
    heads = client.get(f"{JOURNAL}/heads").json
    hashes = chain_hashes(client)
    assert [h["month"] for h in heads] == ["2024-01", "2024-02", "2024-03"]
    assert [h["size"] for h in heads] == [2, 6, 7]  # the February reversal is a transaction too
    for head in heads:
        assert set(head) >= {"month", "size", "root", "chain_head", "signature", "public_key"}
        assert head["root"] == rfc6962.mth(hashes[:head["size"]]).hex()
        assert head["chain_head"] == hashes[head["size"] - 1].hex()
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(head["public_key"]))
        key.verify(bytes.fromhex(head["signature"]), signed_message("fenghe", head))  # raises if forged


def test_each_head_extends_the_one_before(client, closed_months):
    heads = client.get(f"{JOURNAL}/heads").json
    assert heads[0]["consistency"] is None
    for before, after in zip(heads, heads[1:]):
        link = after["consistency"]
        assert (link["from"], link["to"]) == (before["size"], after["size"])
        assert rfc6962.consistent(before["size"], after["size"], bytes.fromhex(before["root"]),
                                  bytes.fromhex(after["root"]), [bytes.fromhex(h) for h in link["path"]])


def test_the_verifier_accepts_the_heads_and_refuses_forgeries(client, closed_months, tmp_path):
    heads = client.get(f"{JOURNAL}/heads").json
    key = heads[0]["public_key"]
    checked = run_verifier("--heads", write_json(tmp_path / "heads.json", heads), "--key", key)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "2024-03" in checked.stdout and "signature OK" in checked.stdout

    forged = [dict(h) for h in heads]
    signature = bytearray(bytes.fromhex(forged[1]["signature"]))
    signature[5] ^= 1
    forged[1]["signature"] = signature.hex()
    failed = run_verifier("--heads", write_json(tmp_path / "forged.json", forged))
    assert failed.returncode == 1 and "2024-02" in failed.stdout and "signature" in failed.stdout

    rerooted = [dict(h) for h in heads]
    rerooted[2]["root"] = rerooted[1]["root"]  # a head that claims another tree
    failed = run_verifier("--heads", write_json(tmp_path / "rerooted.json", rerooted))
    assert failed.returncode == 1, failed.stdout

    other_key = run_verifier("--heads", tmp_path / "heads.json", "--key", "00" * 32)
    assert other_key.returncode == 1 and "not by" in other_key.stdout


def test_a_signature_made_by_another_key_fails(client, closed_months):
    heads = client.get(f"{JOURNAL}/heads").json
    stranger = Ed25519PrivateKey.generate().public_key()
    try:
        stranger.verify(bytes.fromhex(heads[0]["signature"]), signed_message("fenghe", heads[0]))
    except InvalidSignature:
        return
    raise AssertionError("a signature verified under another key")
