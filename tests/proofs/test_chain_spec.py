"""CHAIN.md is complete: its test vectors are rebuilt from its text's rules by a second,
short implementation (standard library only, below), and the ledger's code agrees."""
import hashlib
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.core import merkle
from ledger.core.chain import ChainRecord, canonical_json, chain_hash
from ledger.proofs import verify
from tests.proofs import rfc6962

SPEC = (Path(__file__).resolve().parents[2] / "CHAIN.md").read_text(encoding="utf-8")


# --- the second implementation, from CHAIN.md sections 1 and 2 --------------------------
ESCAPED = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def string(text: str) -> str:
    return '"' + "".join(ESCAPED.get(c, f"\\u{ord(c):04x}" if ord(c) < 0x20 else c) for c in text) + '"'


def canonical(fields: dict, postings: list[tuple[str, Decimal]]) -> bytes:
    pairs = ",".join(f"[{string(account)},{string(f'{amount:.2f}')}]" for account, amount in sorted(postings))
    reverses = "null" if fields["reverses"] is None else str(fields["reverses"])
    members = [f'"community":{string(fields["community"])}', f'"created_at":{string(fields["created_at"])}',
               f'"created_by":{string(fields["created_by"])}', f'"description":{string(fields["description"])}',
               f'"occurred_on":{string(fields["occurred_on"])}', f'"postings":[{pairs}]',
               f'"reverses":{reverses}', f'"seq":{fields["seq"]}', f'"source":{string(fields["source"])}']
    return ("{" + ",".join(members) + "}").encode("utf-8")


def linked(previous: str, body: bytes) -> str:
    return hashlib.sha256(previous.encode("ascii") + body).hexdigest()


# --- reading the vectors out of the text -------------------------------------------------
def section(title: str) -> str:
    start = SPEC.index(f"### {title}\n")
    following = SPEC.find("\n### ", start + 1)
    return SPEC[start:following if following != -1 else None]


def table(text: str, header: str) -> list[list[str]]:
    lines = text[text.index(header):].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def literal(cell: str):
    if cell.startswith("`") and cell.endswith("`"):
        return cell[1:-1]
    return None if cell == "null" else int(cell)


def block(text: str, kind: str, nth: int = 0) -> str:
    return re.findall(rf"```{kind}\n(.*?)\n```", text, re.S)[nth]


def item(text: str, name: str) -> str:
    return re.search(rf"- {name}: `([0-9a-f]+)`", text).group(1)


def vector(number: int) -> dict:
    text = section(f"Vector {number}")
    fields = {name: literal(value) for name, value in table(text, "| field | value |")}
    postings = [(literal(account), Decimal(amount)) for account, amount in table(text, "| account | amount |")]
    return {"fields": fields, "postings": postings, "text": block(text, "json"),
            "hex": "".join(block(text, "hex").split()), "previous": item(text, "previous"), "hash": item(text, "hash")}


VECTORS = [vector(n) for n in (1, 2, 3)]


@pytest.mark.parametrize("found", VECTORS, ids=["income", "transfer", "reversal"])
def test_the_text_rebuilds_each_vectors_bytes_and_hash(found):
    body = canonical(found["fields"], found["postings"])
    assert body.hex() == found["hex"]
    assert body.decode("utf-8") == found["text"]
    assert linked(found["previous"], body) == found["hash"]


def test_the_vectors_chain_from_64_zeros():
    assert VECTORS[0]["previous"] == "0" * 64
    assert [v["previous"] for v in VECTORS[1:]] == [v["hash"] for v in VECTORS[:-1]]


def test_the_vectors_cover_chinese_a_reversal_escapes_and_numeric_sorting():
    assert any(ord(c) > 0x4E00 for c in VECTORS[0]["fields"]["description"])
    assert VECTORS[2]["fields"]["reverses"] == 1 and VECTORS[2]["fields"]["source"] == "reversal"
    assert '"' in VECTORS[1]["fields"]["description"] and "\\" in VECTORS[1]["fields"]["description"]
    assert '["101","9.00"],["101","10.00"]' in VECTORS[1]["text"]


@pytest.mark.parametrize("found", VECTORS, ids=["income", "transfer", "reversal"])
def test_the_ledgers_code_agrees_with_the_vectors(found):
    fields = found["fields"]
    record = ChainRecord(fields["seq"], fields["community"], date.fromisoformat(fields["occurred_on"]),
                         fields["description"], fields["source"], fields["reverses"],
                         datetime.strptime(fields["created_at"], "%Y-%m-%dT%H:%M:%S.%f%z"), fields["created_by"],
                         tuple((account, int(amount * 100)) for account, amount in found["postings"]))
    assert canonical_json(record).hex() == found["hex"]
    assert chain_hash(found["previous"], record) == found["hash"]


def test_the_standalone_verifier_agrees_with_the_vectors():
    for found in VECTORS:
        tx = dict(found["fields"], postings=[(a, int(amount * 100)) for a, amount in found["postings"]])
        assert verify.canonical_bytes(tx).hex() == found["hex"]


def test_the_tree_vectors_follow_rfc_6962():
    hashes = [bytes.fromhex(v["hash"]) for v in VECTORS]
    text = section("The tree of these three transactions")
    for leaf, seq, digest in table(text, "| leaf | seq | leaf hash |"):
        assert rfc6962.sha(b"\x00" + hashes[int(seq) - 1]).hex() == literal(digest) and int(leaf) == int(seq) - 1
    for size, root in table(text, "| size | root |"):
        assert rfc6962.mth(hashes[:int(size)]).hex() == literal(root)
        assert merkle.range_hash(0, int(size), _nodes(hashes)).hex() == literal(root)
    root = bytes.fromhex(literal(table(text, "| size | root |")[-1][1]))
    for seq, path in table(text, "| seq | path |"):
        steps = [bytes.fromhex(step) for step in re.findall(r"[0-9a-f]{64}", path)]
        assert rfc6962.included(int(seq) - 1, 3, rfc6962.sha(b"\x00" + hashes[int(seq) - 1]), steps, root)
    for old, path in table(text, "| from | path |"):
        steps = [bytes.fromhex(step) for step in re.findall(r"[0-9a-f]{64}", path)]
        assert rfc6962.consistent(int(old), 3, rfc6962.mth(hashes[:int(old)]), root, steps)


def _nodes(hashes: list[bytes]) -> dict:
    appender, nodes = merkle.Appender(), {}
    for index, digest in enumerate(hashes):
        nodes[(0, index)] = merkle.leaf_hash(digest.hex())
        nodes.update({(level, position): h for level, position, h in appender.append(nodes[(0, index)])})
    return nodes


def test_the_signed_head_vector():
    text = section("A signed head")
    seed = hashlib.sha256(b"CHAIN.md test key: never use it for a real community").digest()
    assert seed.hex() == item(text, "seed")
    key = Ed25519PrivateKey.from_private_bytes(seed)
    message = block(text, "json").encode("utf-8")
    hashes = [bytes.fromhex(v["hash"]) for v in VECTORS]
    expected = ('{"chain_head":%s,"community":%s,"month":%s,"root":%s,"size":%d}' % (
        string(VECTORS[2]["hash"]), string("fenghe"), string("2026-03"), string(rfc6962.mth(hashes).hex()), 3))
    assert message == expected.encode()
    assert merkle.head_message("fenghe", "2026-03", 3, rfc6962.mth(hashes).hex(), VECTORS[2]["hash"]) == message
    signature = re.search(r"- signature: `([0-9a-f]+)`", text).group(1)
    assert key.sign(message).hex() == signature  # Ed25519 signatures are deterministic
    public = bytes.fromhex(item(text, "public key"))
    assert verify.signature_ok(public, message, bytes.fromhex(signature))
