"""The tree, proof and consistency endpoints, judged by an independent RFC 6962 check."""
import pytest

from tests.entries import JOURNAL
from tests.proofs import rfc6962

DAYS = ["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-14", "2024-02-28", "2024-03-02", "2024-03-09"]


@pytest.fixture
def hashes(post):
    """Seven general entries; their chain hashes as bytes, seq order."""
    return [bytes.fromhex(post(day, "Dr 101 1.00", "Cr 301 1.00")["hash"]) for day in DAYS]


def test_the_root_of_every_size_is_rfc_6962s(client, hashes):
    for size in range(0, len(hashes) + 1):
        answer = client.get(f"{JOURNAL}/tree?size={size}")
        assert answer.status_code == 200, answer.json
        assert answer.json == {"size": size, "root": rfc6962.mth(hashes[:size]).hex()}


def test_the_tree_defaults_to_the_chain_head(client, hashes, post):
    assert client.get(f"{JOURNAL}/tree").json == {"size": 7, "root": rfc6962.mth(hashes).hex()}
    eighth = bytes.fromhex(post("2024-03-10", "Dr 101 2.00", "Cr 301 2.00")["hash"])
    assert client.get(f"{JOURNAL}/tree").json == {"size": 8, "root": rfc6962.mth(hashes + [eighth]).hex()}


def test_every_inclusion_proof_checks(client, hashes):
    for size in range(1, len(hashes) + 1):
        for seq in range(1, size + 1):
            proof = client.get(f"{JOURNAL}/transactions/{seq}/proof?size={size}").json
            assert set(proof) >= {"seq", "leaf_hash", "size", "root", "path"}
            assert (proof["seq"], proof["size"], proof["hash"]) == (seq, size, hashes[seq - 1].hex())
            assert proof["leaf_hash"] == rfc6962.sha(b"\x00" + hashes[seq - 1]).hex()
            assert proof["root"] == rfc6962.mth(hashes[:size]).hex()
            assert rfc6962.included(seq - 1, size, bytes.fromhex(proof["leaf_hash"]),
                                    [bytes.fromhex(h) for h in proof["path"]], bytes.fromhex(proof["root"]))


def test_every_consistency_proof_checks(client, hashes):
    for new in range(1, len(hashes) + 1):
        for old in range(1, new + 1):
            proof = client.get(f"{JOURNAL}/consistency?from={old}&to={new}").json
            assert (proof["from"], proof["to"]) == (old, new)
            assert rfc6962.consistent(old, new, rfc6962.mth(hashes[:old]), rfc6962.mth(hashes[:new]),
                                      [bytes.fromhex(h) for h in proof["path"]])


@pytest.mark.parametrize("query, field", [
    ("tree?size=8", "size"), ("tree?size=-1", "size"), ("tree?size=abc", "size"), ("tree?size=1.5", "size"),
    ("tree?size=99999999999999999999999", "size"),
    ("transactions/3/proof?size=2", "seq"), ("transactions/8/proof", "seq"),
    ("transactions/1/proof?size=9", "size"), ("transactions/1/proof?size=x", "size"),
    ("transactions/0/proof", "seq"), ("transactions/-1/proof", "seq"), ("transactions/x/proof", "seq"),
    ("transactions/99999999999999999999/proof", "seq"), ("transactions/%C2%B2/proof", "seq"),
    ("consistency?from=0&to=3", "from"), ("consistency?from=4&to=3", "from"), ("consistency?to=3", "from"),
    ("consistency?from=1&to=8", "to"), ("consistency?from=a", "from"), ("consistency?from=1&to=-2", "to"),
])
def test_bad_sizes_name_the_field(client, hashes, query, field, database_state):
    before = database_state()
    answer = client.get(f"{JOURNAL}/{query}")
    assert answer.status_code == 422, answer.json
    assert field in answer.json["errors"], answer.json
    assert database_state() == before
