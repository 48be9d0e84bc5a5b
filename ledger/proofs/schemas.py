from __future__ import annotations

from marshmallow import Schema, fields, validate

from ledger.sqltypes import MAX_BIGINT

_SIZE = validate.Range(0, MAX_BIGINT)
_HEX_LIST = fields.List(fields.String(), metadata={"description": "hashes as hex, in RFC 6962 order"})


class TreeArgs(Schema):
    size = fields.Integer(load_default=None, validate=_SIZE,
                          metadata={"description": "leaves (transactions 1..size); default the chain head"})


class TreeOut(Schema):
    size = fields.Integer()
    root = fields.String(metadata={"description": "RFC 6962 root, hex"})


class ConsistencyArgs(Schema):
    from_ = fields.Integer(data_key="from", required=True, validate=validate.Range(1, MAX_BIGINT))
    to = fields.Integer(load_default=None, validate=_SIZE, metadata={"description": "default the chain head"})


class ProofOut(Schema):
    seq = fields.Integer()
    hash = fields.String(metadata={"description": "the transaction's chain hash"})
    leaf_hash = fields.String(metadata={"description": "SHA-256(0x00 || hash)"})
    size = fields.Integer()
    root = fields.String()
    path = _HEX_LIST


class ConsistencyOut(Schema):
    from_ = fields.Integer(data_key="from")
    to = fields.Integer()
    path = _HEX_LIST


class HeadOut(Schema):
    month = fields.String()
    size = fields.Integer()
    root = fields.String()
    chain_head = fields.String()
    signature = fields.String(metadata={"description": "Ed25519 over the head's message (CHAIN.md), hex"})
    public_key = fields.String(metadata={"description": "the community's Ed25519 public key, hex"})
    community = fields.String()
    consistency = fields.Nested(ConsistencyOut, allow_none=True,
                                metadata={"description": "proof that the previous head's tree is a prefix of this one"})
