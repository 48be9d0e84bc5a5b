#!/usr/bin/env python3
"""Check a community ledger yourself. One file, Python 3.9 or later, standard library only.

    python verify.py journal.csv          recompute every hash of a journal CSV export
    python verify.py audit.xlsx           ... or of an audit workbook's journal sheets
    python verify.py --proof proof.json   check an inclusion proof (a receipt's, or the API's)
    python verify.py --heads heads.json   check the signed monthly heads: every Ed25519
                                          signature, and that each month's tree extends the last
    --key HEX        require every signature to be by this public key (the one the
                     community publishes on its public page; a workbook's cover states it)
    --community C    the community code, for heads that do not name it
    --previous HASH  the hash before a CSV's first transaction, when it does not start at seq 1

Given together, the proof's hash and every head's root and chain head are also checked
against the journal. Prints what it checked; exit status 0 when everything verifies, 1
when something does not, 2 when an input cannot be read. The rules are CHAIN.md's, in
the ledger's source; this file restates them without using the ledger's own code.
"""
import argparse
import csv
import hashlib
import itertools
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, timedelta
from decimal import Decimal

GENESIS = "0" * 64
LABELS = {  # journal column: (Chinese header, English header)
    "seq": ("凭证号", "Seq"), "community": ("社区代码", "Community"), "occurred_on": ("日期", "Date"),
    "description": ("摘要", "Description"), "source": ("来源", "Source"), "reverses": ("冲销凭证号", "Reverses"),
    "created_at": ("录入时间 (UTC)", "Created at (UTC)"), "created_by": ("录入人", "Created by"),
    "account": ("科目代码", "Account"), "debit": ("借方", "Debit"), "credit": ("贷方", "Credit"),
    "hash": ("哈希", "Hash")}
COVER = {"首张凭证号": "first_seq", "First seq": "first_seq", "前一凭证哈希": "previous_hash",
         "Previous hash": "previous_hash", "末张凭证号": "last_seq", "Last seq": "last_seq",
         "末张凭证哈希": "last_hash", "Last hash": "last_hash",
         "社区公钥 (Ed25519，签署每月链头)": "public_key",
         "Community public key (Ed25519, signs the monthly heads)": "public_key"}
JOURNAL_SHEETS = ("凭证明细", "Journal")
TEXT_FIELDS = ("community", "description", "created_by")


class Problem(Exception):
    """Something that does not verify."""


class Unreadable(Exception):
    """An input that cannot be read."""


# --- canonical bytes and the chain (CHAIN.md, sections 1 and 2) -------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def json_string(text):
    return '"' + "".join(_ESCAPES.get(c) or ("\\u%04x" % ord(c) if c < " " else c) for c in text) + '"'


def amount_text(fen):
    return "%s%d.%02d" % ("-" if fen < 0 else "", abs(fen) // 100, abs(fen) % 100)


def canonical_bytes(tx):
    postings = ",".join("[%s,%s]" % (json_string(account), json_string(amount_text(fen)))
                        for account, fen in sorted(tx["postings"]))
    reverses = "null" if tx["reverses"] is None else str(tx["reverses"])
    text = ('{"community":%s,"created_at":%s,"created_by":%s,"description":%s,"occurred_on":%s,'
            '"postings":[%s],"reverses":%s,"seq":%d,"source":%s}') % (
        json_string(tx["community"]), json_string(tx["created_at"]), json_string(tx["created_by"]),
        json_string(tx["description"]), json_string(tx["occurred_on"]), postings, reverses, tx["seq"],
        json_string(tx["source"]))
    return text.encode("utf-8")


def chain_hash(previous, tx):
    return hashlib.sha256(previous.encode("ascii") + canonical_bytes(tx)).hexdigest()


def readings(tx):
    """Every way to read a transaction: a CSV field that starts with an apostrophe and a
    formula character may be the export's guard or the text itself (almost always one)."""
    texts = [tx[name] for name in TEXT_FIELDS] + [account for account, _ in tx["postings"]]
    for chosen in itertools.product(*texts):
        postings = [(account, fen) for account, (_, fen) in zip(chosen[len(TEXT_FIELDS):], tx["postings"])]
        yield dict(tx, postings=postings, **dict(zip(TEXT_FIELDS, chosen)))


def check_chain(transactions, previous=None):
    """(transaction hashes in order, first seq): every link recomputed. ``previous`` is the
    hash before the first transaction (64 zeros before seq 1); None trusts the first one's."""
    hashes, first = [], None
    for tx in transactions:
        seq = tx["seq"]
        if first is None:
            first, previous = seq, GENESIS if seq == 1 and previous is None else previous
        elif seq != first + len(hashes):
            raise Problem("seq %d is missing (found %d next)" % (first + len(hashes), seq))
        if previous is not None and not any(chain_hash(previous, r) == tx["hash"] for r in readings(tx)):
            raise Problem("seq %d: the hash does not match its content and the hash before it" % seq)
        hashes.append(tx["hash"])
        previous = tx["hash"]
    return hashes, first


def transactions(rows):
    """Posting rows (one dict per row, seq order) grouped into transactions."""
    for seq, group in itertools.groupby(rows, key=lambda row: row["seq"]):
        group = list(group)
        first = group[0]
        for row in group[1:]:
            for name in ("community", "occurred_on", "description", "source", "reverses", "created_at",
                         "created_by", "hash"):
                if row[name] != first[name]:
                    raise Problem("the rows of seq %s disagree on %s" % (seq, name))
        yield dict(first, postings=[(row["account"], row["amount"]) for row in group])


# --- reading a journal CSV export ------------------------------------------------------

def fen_of_text(text, what):
    if text == "":
        return 0
    if not re.fullmatch(r"[0-9]+\.[0-9]{2}", text):
        raise ValueError("%s is not an amount: %r" % (what, text))
    return int(text.replace(".", ""))


def csv_text(value):
    """The texts a CSV field may stand for (the export puts an apostrophe before a formula character)."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return (value[1:], value)
    return (value,)


def header_index(header):
    index = {}
    for key, names in LABELS.items():
        found = [i for i, name in enumerate(header) if name in names]
        if not found:
            raise Unreadable("no column %s" % " / ".join(names))
        index[key] = found[0]
    return index


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        index = header_index(next(reader, []))
        for number, row in enumerate(reader, start=2):
            if not any(row):
                continue
            cell = {key: row[i] if i < len(row) else "" for key, i in index.items()}
            try:
                yield {"seq": int(cell["seq"]), "occurred_on": cell["occurred_on"], "source": cell["source"],
                       "reverses": int(cell["reverses"]) if cell["reverses"] else None,
                       "created_at": cell["created_at"], "hash": cell["hash"],
                       "account": csv_text(cell["account"]),
                       "amount": fen_of_text(cell["debit"], "debit") - fen_of_text(cell["credit"], "credit"),
                       **{name: csv_text(cell[name]) for name in TEXT_FIELDS}}
            except ValueError as exc:
                raise Unreadable("row %d: %s" % (number, exc)) from None


# --- reading an audit workbook (XLSX: zip + XML) ---------------------------------------

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def unescape(text):
    """OOXML's escapes (_x000D_ ...) back to the characters they stand for."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def string_item(element):
    """A string's text: its own <t>, or its rich-text runs' (phonetic hints left out)."""
    parts = []
    for child in element:
        if child.tag == MAIN + "t":
            parts.append(child.text or "")
        elif child.tag == MAIN + "r":
            parts.append(child.findtext(MAIN + "t") or "")
    return "".join(parts)


class Workbook:
    def __init__(self, path):
        try:
            self.zip = zipfile.ZipFile(path)
            book = ET.fromstring(self.zip.read("xl/workbook.xml"))
            rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        except (zipfile.BadZipFile, KeyError, ET.ParseError) as exc:
            raise Unreadable("not a workbook: %s" % exc) from None
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        self.sheets = [(sheet.get("name"), self._part(targets[sheet.get(RELATION)]))
                       for sheet in book.iter(MAIN + "sheet")]
        properties = book.find(MAIN + "workbookPr")
        self.epoch = date(1904, 1, 1) if properties is not None and properties.get("date1904") in ("1", "true") \
            else date(1899, 12, 30)
        self.strings = []
        if "xl/sharedStrings.xml" in self.zip.namelist():
            self.strings = [string_item(si) for si in ET.fromstring(self.zip.read("xl/sharedStrings.xml"))]

    @staticmethod
    def _part(target):
        return target.lstrip("/") if target.startswith("/") else "xl/" + target

    def rows(self, part):
        """Each row as a list of values: str for text, Decimal for numbers, None for empty."""
        with self.zip.open(part) as handle:
            data = None
            for event, element in ET.iterparse(handle, events=("start", "end")):
                if event == "start" and element.tag == MAIN + "sheetData":
                    data = element
                elif event == "end" and element.tag == MAIN + "row":
                    yield self._row(element)
                    if data is not None:
                        data.remove(element)  # constant memory, however long the sheet

    def _row(self, element):
        values = []
        for cell in element.iter(MAIN + "c"):
            letters = re.match(r"[A-Z]+", cell.get("r", "")).group(0) if cell.get("r") else None
            column = (sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(letters))) - 1
                      if letters else len(values))
            values += [None] * (column + 1 - len(values))
            values[column] = self._value(cell)
        return values

    def _value(self, cell):
        kind, raw = cell.get("t", "n"), cell.findtext(MAIN + "v")
        if kind == "inlineStr":
            item = cell.find(MAIN + "is")
            return unescape(string_item(item)) if item is not None else ""
        if raw is None:
            return None
        if kind == "s":
            return unescape(self.strings[int(raw)])
        if kind in ("str", "d", "e"):
            return unescape(raw)
        if kind == "b":
            return raw == "1"
        return Decimal(raw)

    def day(self, value):
        if isinstance(value, str):
            return date.fromisoformat(value[:10]).isoformat()
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return (self.epoch + timedelta(days=int(value))).isoformat()
        raise ValueError("not a date: %r" % (value,))


def whole(value, what):
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    raise ValueError("%s is not a whole number: %r" % (what, value))


def sheet_fen(value, what):
    """A money cell as fen. Workbooks hold numbers as binary doubles (written as "%.16g",
    8.80 as 8.800000000000001): the amount is the double's shortest decimal form."""
    if value is None:
        return 0
    yuan = Decimal(repr(float(value))) if isinstance(value, Decimal) else None
    if yuan is None or yuan * 100 != (yuan * 100).to_integral_value():
        raise ValueError("%s is not an amount: %r" % (what, value))
    return int(yuan * 100)


def text(value):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError("expected text, found %r" % (value,))
    return value


def workbook_cover(book):
    for name, part in book.sheets:
        if name in ("封面", "Cover"):
            found = {COVER[row[0]]: row[1] if len(row) > 1 else None
                     for row in book.rows(part) if row and row[0] in COVER}
            if {"first_seq", "last_seq", "previous_hash", "last_hash"} <= set(found):
                return found
    raise Unreadable("no cover stating the first and last seq and hashes: not an audit workbook")


def workbook_rows(book):
    for name, part in book.sheets:
        if not any(name == base or name.startswith(base + " (") for base in JOURNAL_SHEETS):
            continue
        rows = book.rows(part)
        index = header_index(next(rows, []))
        for row in rows:
            if not any(value is not None for value in row):
                continue
            cell = {key: row[i] if i < len(row) else None for key, i in index.items()}
            try:
                yield {"seq": whole(cell["seq"], "seq"), "occurred_on": book.day(cell["occurred_on"]),
                       "source": text(cell["source"]), "created_at": text(cell["created_at"]),
                       "reverses": None if cell["reverses"] is None else whole(cell["reverses"], "reverses"),
                       "hash": text(cell["hash"]), "account": (text(cell["account"]),),
                       "amount": sheet_fen(cell["debit"], "debit") - sheet_fen(cell["credit"], "credit"),
                       **{name: (text(cell[name]),) for name in TEXT_FIELDS}}
            except ValueError as exc:
                raise Unreadable("sheet %s, seq %s: %s" % (name, cell["seq"], exc)) from None


def check_workbook(path):
    book = Workbook(path)
    cover = workbook_cover(book)
    previous = text(cover["previous_hash"]) or GENESIS
    hashes, first = check_chain(transactions(workbook_rows(book)), previous)
    last = first + len(hashes) - 1 if hashes else None
    if (last, hashes[-1] if hashes else "") != (
            None if cover["last_seq"] is None else whole(cover["last_seq"], "last seq"), text(cover["last_hash"])):
        raise Problem("the journal ends at seq %s, but the cover states seq %s with another hash"
                      % (last, cover["last_seq"]))
    return hashes, first, text(cover.get("public_key")) or None


# --- the Merkle tree (CHAIN.md, section 3; RFC 6962 and RFC 9162) ----------------------

def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(transaction_hash):
    return sha256(b"\x00" + bytes.fromhex(transaction_hash))


def node(left, right):
    return sha256(b"\x01" + left + right)


def roots(transaction_hashes, sizes):
    """{size: root} of the trees of the first ``size`` transactions, in one pass."""
    found, stack = {}, []  # stack of (leaves, hash), complete subtrees left to right
    if 0 in sizes:
        found[0] = sha256(b"")
    for count, digest in enumerate(transaction_hashes, start=1):
        stack.append((1, leaf_hash(digest)))
        while len(stack) > 1 and stack[-1][0] == stack[-2][0]:
            (size, right), (_, left) = stack.pop(), stack.pop()
            stack.append((2 * size, node(left, right)))
        if count in sizes:
            folded = stack[-1][1]
            for _, digest_left in reversed(stack[:-1]):
                folded = node(digest_left, folded)
            found[count] = folded
    return found


def included(index, size, leaf, path, root):
    """RFC 9162, section 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def consistent(first, second, first_root, second_root, path):
    """RFC 9162, section 2.1.4.2 (an empty tree, or equal sizes, need no path)."""
    if first == 0 or first == second:
        return not path and (first == 0 or first_root == second_root)
    if not 0 < first < second or not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root] + list(path)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


# --- Ed25519 signatures (RFC 8032, section 5.1.7; after its section 6 reference code) --

P = 2 ** 255 - 19
Q = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x = (a[1] - a[0]) * (b[1] - b[0]) % P
    y = (a[1] + a[0]) * (b[1] + b[0]) % P
    c, d = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    e, f, g, h = y - x, d - c, d + c, y + x
    return e * f, g * h, f * g, e * h


def _multiply(scalar, point):
    result = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point, scalar = _add(point, point), scalar >> 1
    return result


def _decompress(data):
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P or (x == 0 and sign):
        return None
    if x & 1 != sign:
        x = P - x
    return x, y, 1, x * y % P


_BASE = _decompress((4 * pow(5, P - 2, P) % P).to_bytes(32, "little"))


def _same(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def signature_ok(public_key, message, signature):
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a, r = _decompress(public_key), _decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % Q
    return _same(_multiply(s, _BASE), _add(r, _multiply(h, a)))


# --- signed heads and proofs (CHAIN.md, section 4) --------------------------------------

def head_message(community, head):
    return ('{"chain_head":%s,"community":%s,"month":%s,"root":%s,"size":%d}' % (
        json_string(head["chain_head"]), json_string(community), json_string(head["month"]),
        json_string(head["root"]), head["size"])).encode("utf-8")


def check_head(head, community, key):
    community = head.get("community") or community
    if not community:
        raise Problem("head %s does not name its community: give --community" % head["month"])
    if key and head["public_key"] != key:
        raise Problem("head %s is signed by key %s, not by %s" % (head["month"], head["public_key"], key))
    if not signature_ok(unhex(head["public_key"]), head_message(community, head), unhex(head["signature"])):
        raise Problem("head %s: the signature does not verify" % head["month"])


def check_heads(heads, community, key):
    previous = None
    for head in heads:
        check_head(head, community, key)
        if previous is not None:
            link = head.get("consistency") or {}
            path = [unhex(h) for h in link.get("path", [])]
            if 0 < previous["size"] < head["size"] and (link.get("from"), link.get("to")) != (
                    previous["size"], head["size"]):
                raise Problem("head %s carries no consistency proof from %s" % (head["month"], previous["month"]))
            if not consistent(previous["size"], head["size"], unhex(previous["root"]), unhex(head["root"]), path):
                raise Problem("head %s does not extend %s: the consistency proof fails"
                              % (head["month"], previous["month"]))
        if previous is not None and previous["public_key"] != head["public_key"]:
            print("NOTE: from %s on the heads are signed by another key, %s: compare it with the key the "
                  "community publishes" % (head["month"], head["public_key"]))
        print("head %s: %d transactions, root %s: signature OK%s" % (
            head["month"], head["size"], head["root"], "; extends %s" % previous["month"] if previous else ""))
        previous = head


def check_proof(proof, community, key, heads):
    seq, size = proof["seq"], proof["size"]
    leaf = unhex(proof["leaf_hash"])
    if "hash" in proof and leaf_hash(proof["hash"]) != leaf:
        raise Problem("the leaf hash is not SHA-256(0x00 || hash of seq %d)" % seq)
    if not included(seq - 1, size, leaf, [unhex(h) for h in proof["path"]], unhex(proof["root"])):
        raise Problem("seq %d is NOT proven in the tree of %d transactions with root %s" % (seq, size, proof["root"]))
    print("seq %d is in the tree of %d transactions with root %s: OK" % (seq, size, proof["root"]))
    head = proof.get("head")
    if head:
        if (head["size"], head["root"]) != (size, proof["root"]):
            raise Problem("the proof is not against the signed head it carries")
        check_head(head, community, key)
        print("that tree is the signed head of %s, public key %s: signature OK" % (head["month"], head["public_key"]))
        for other in heads:
            if other["month"] == head["month"] and (other["size"], other["root"]) != (head["size"], head["root"]):
                raise Problem("two different signed heads for %s: the proof's and the heads'" % head["month"])


def unhex(value):
    try:
        return bytes.fromhex(value)
    except (TypeError, ValueError):
        raise Unreadable("not a hexadecimal hash: %r" % (value,)) from None


# --- the command -------------------------------------------------------------------------

def check_journal(path, previous):
    """(transaction hashes, first seq, the public key a workbook's cover states)."""
    key = unchecked = None
    if zipfile.is_zipfile(path):
        hashes, first, key = check_workbook(path)
    else:
        hashes, first = check_chain(transactions(csv_rows(path)), previous)
        unchecked = first if first != 1 and previous is None else None
    if key:
        print("%s: the cover states the community's public key %s" % (path, key))
    if not hashes:
        print("%s: no transactions" % path)
        return [], None, key
    last = first + len(hashes) - 1
    print("%s: %d transactions verify, seq %d to %d" % (path, len(hashes), first, last))
    if unchecked:
        print("  (the link of seq %d to the hash before it is not checked: give --previous)" % unchecked)
    print("head: seq %d hash %s" % (last, hashes[-1]))
    if first == 1:
        print("tree: size %d root %s" % (last, roots(hashes, {last})[last].hex()))
    return hashes, first, key


def against_journal(hashes, first, proof, heads):
    """A proof's transaction and every head's tree and chain head, compared with the journal's."""
    if first != 1 or not hashes:
        return
    items = [head for head in heads if head["size"] <= len(hashes)]
    if proof and proof["size"] <= len(hashes):
        items.append(proof)
        if proof.get("hash", hashes[proof["seq"] - 1]) != hashes[proof["seq"] - 1]:
            raise Problem("the proof's hash of seq %d is not the journal's" % proof["seq"])
    found = roots(hashes, {item["size"] for item in items})
    for item in items:
        chain_head = hashes[item["size"] - 1] if item["size"] else GENESIS
        if found[item["size"]].hex() != item["root"] or item.get("chain_head", chain_head) != chain_head:
            raise Problem("the tree of %d transactions differs from the journal's" % item["size"])
    if items:
        print("the journal agrees with the proof and the heads it covers")


def read_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise Unreadable("%s: %s" % (path, exc)) from None


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check a community ledger's hashes, proofs and signed heads.")
    parser.add_argument("journal", nargs="?", help="journal CSV or audit workbook (XLSX)")
    parser.add_argument("--proof", help="inclusion proof (JSON)")
    parser.add_argument("--heads", help="signed monthly heads (JSON list)")
    parser.add_argument("--key", help="the community's published public key (hex)")
    parser.add_argument("--community", help="the community code, for heads that do not name it")
    parser.add_argument("--previous", help="hash before the journal's first transaction")
    args = parser.parse_args(argv)
    if not (args.journal or args.proof or args.heads):
        parser.error("give a journal file, --proof or --heads")
    try:
        proof = read_json(args.proof) if args.proof else None
        heads = read_json(args.heads) if args.heads else []
        heads = heads.get("heads", []) if isinstance(heads, dict) else heads
        hashes, first, cover_key = check_journal(args.journal, args.previous) if args.journal else ([], None, None)
        key = args.key or cover_key  # heads must be signed by the key the workbook states
        if heads:
            check_heads(heads, args.community, key)
        if proof:
            check_proof(proof, args.community, key, heads)
        against_journal(hashes, first, proof, heads)
    except Problem as problem:
        print("FAILED: %s" % problem)
        return 1
    except (Unreadable, KeyError, TypeError, ValueError, ArithmeticError, OSError) as exc:
        print("cannot read the input: %s" % exc)
        return 2
    print("everything verifies")
    return 0


if __name__ == "__main__":
    sys.exit(main())
