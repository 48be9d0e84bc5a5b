"""A payer's receipt: an unguessable link, nothing private, and a proof that still checks
after later months are closed."""
import re
from html import unescape

import pytest

from tests.entries import JOURNAL
from tests.proofs import rfc6962
from tests.proofs.conftest import chain_hashes, run_verifier, write_json


def receipt_path(answer: dict) -> str:
    url = answer["receipt_url"]
    assert url.startswith("http://localhost/c/fenghe/receipts/"), url
    return url.removeprefix("http://localhost")


def page_text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_income_answer_carries_the_receipt_link(receipt_income, client):
    path = receipt_path(receipt_income)
    assert re.fullmatch(rf"/c/fenghe/receipts/{receipt_income['transaction_seq']}\?t=[0-9a-f]{{32}}", path)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("token", ["", "?t=", "?t=0123456789abcdef0123456789abcdef", "?t=x"])
def test_a_receipt_needs_its_own_token(receipt_income, client, token):
    seq = receipt_income["transaction_seq"]
    assert client.get(f"/c/fenghe/receipts/{seq}{token}").status_code == 404
    assert client.get(f"/c/fenghe/receipts/{seq}/qr.svg{token}").status_code == 404


def test_another_seqs_token_opens_nothing(receipt_income, post_income, client):
    other = post_income("parking", "5.00", "2024-01-06")
    token = receipt_path(receipt_income).split("?t=")[1]
    assert client.get(f"/c/fenghe/receipts/{other['transaction_seq']}?t={token}").status_code == 404


def test_only_incomes_have_receipts(post, client, app):
    from ledger.proofs.receipts import receipt_token
    post("2024-01-02", "Dr 101 1.00", "Cr 301 1.00")
    with app.test_request_context():
        token = receipt_token("fenghe", 1)
    assert client.get(f"/c/fenghe/receipts/1?t={token}").status_code == 404


def test_the_receipt_shows_the_payment_and_nothing_private(receipt_income, client):
    text = page_text(client.get(receipt_path(receipt_income)))
    seq = receipt_income["transaction_seq"]
    tx = client.get(f"{JOURNAL}/transactions/{seq}").json
    for expected in ("2024-01-05", "和园停车场", "20.00", "2.00", str(seq), tx["hash"]):
        assert expected in text
    for private in ("王小明", "私人备注", "沪A12345"):
        assert private not in text
    assert 'id="receipt-pending"' in client.get(receipt_path(receipt_income)).get_data(as_text=True)


def test_the_receipt_explains_how_to_check_in_chinese_and_english(receipt_income, client):
    html = client.get(receipt_path(receipt_income)).get_data(as_text=True)
    assert 'lang="zh-CN"' in html and "verify.py" in html and "python verify.py --proof proof.json" in html
    chinese = re.search(r'<section class="how-to-check"[^>]*lang="zh-CN"[^>]*>(.*?)</section>', html, re.S).group(1)
    english = re.search(r'<section class="how-to-check" lang="en"[^>]*>(.*?)</section>', html, re.S).group(1)
    assert chinese.count("。") == 2 and "核对" in chinese
    assert len(re.findall(r"[.!?](?=\s|<|$)", re.sub(r"<[^>]+>", "", english).strip())) == 2


def test_the_qr_code_is_an_svg_image(receipt_income, client):
    answer = client.get(receipt_path(receipt_income).replace("?t=", "/qr.svg?t="))
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    assert answer.get_data(as_text=True).lstrip().startswith("<svg") and "<path" in answer.get_data(as_text=True)


def proof_of(client, answer) -> dict:
    response = client.get(receipt_path(answer).replace("?t=", "/proof.json?t="))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def test_a_receipt_proof_checks_against_the_signed_head(receipt_income, close, client, tmp_path):
    assert client.get(receipt_path(receipt_income).replace("?t=", "/proof.json?t=")).status_code == 404
    close("2024-01")
    proof = proof_of(client, receipt_income)
    hashes = chain_hashes(client)
    seq = receipt_income["transaction_seq"]
    assert proof["head"]["month"] == "2024-01" and proof["size"] == len(hashes)
    assert rfc6962.included(seq - 1, proof["size"], bytes.fromhex(proof["leaf_hash"]),
                            [bytes.fromhex(h) for h in proof["path"]], rfc6962.mth(hashes))
    checked = run_verifier("--proof", write_json(tmp_path / "proof.json", proof))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    page = page_text(client.get(receipt_path(receipt_income)))
    assert proof["root"] in page and proof["head"]["signature"] in page


def test_a_residents_receipt_still_verifies_after_later_months_close(receipt_income, closed_months, client,
                                                                     tmp_path):
    proof = proof_of(client, receipt_income)
    heads = client.get(f"{JOURNAL}/heads").json
    assert proof["head"] == {k: v for k, v in heads[-1].items() if k != "consistency"}
    assert proof["size"] == heads[-1]["size"] > receipt_income["transaction_seq"]
    checked = run_verifier("--proof", write_json(tmp_path / "proof.json", proof),
                           "--heads", write_json(tmp_path / "heads.json", heads), "--key", heads[0]["public_key"])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert rfc6962.included(receipt_income["transaction_seq"] - 1, proof["size"], bytes.fromhex(proof["leaf_hash"]),
                            [bytes.fromhex(h) for h in proof["path"]], bytes.fromhex(heads[-1]["root"]))


def test_a_tampered_leaf_or_path_fails(receipt_income, closed_months, client, tmp_path):
    proof = proof_of(client, receipt_income)
    leaf = bytearray(bytes.fromhex(proof["leaf_hash"]))
    leaf[0] ^= 0x80
    for name, changed in [("leaf", {**proof, "leaf_hash": leaf.hex()}),
                          ("hash", {**proof, "hash": proof["path"][0]}),
                          ("path", {**proof, "path": proof["path"][:-1] + [proof["path"][0]]}),
                          ("short", {**proof, "path": proof["path"][1:]}),
                          ("seq", {**proof, "seq": proof["seq"] + 1})]:
        failed = run_verifier("--proof", write_json(tmp_path / f"{name}.json", changed))
        assert failed.returncode == 1, (name, failed.stdout)
        assert not rfc6962.included(changed["seq"] - 1, changed["size"], bytes.fromhex(changed["leaf_hash"]),
                                    [bytes.fromhex(h) for h in changed["path"]], bytes.fromhex(proof["root"])) \
            or name == "hash"


def test_a_reversed_income_says_so(receipt_income, officer, client):
    reversal = officer.post(f"{JOURNAL}/incomes/{receipt_income['id']}/reversal",
                            json={"reason": "退款", "occurred_on": "2024-01-08"})
    assert reversal.status_code == 201
    html = client.get(receipt_path(receipt_income)).get_data(as_text=True)
    note = re.search(r'id="receipt-reversed">([^<]*)<', html)
    assert note and str(reversal.json["transaction_seq"]) in note.group(1)
