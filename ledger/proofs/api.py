"""The Merkle tree, its proofs and the signed monthly heads: public, for anyone to check."""
from __future__ import annotations

from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, guarded
from ledger.core.errors import ValidationFailed
from ledger.sqltypes import MAX_BIGINT
from ledger.proofs import heads, schemas, tree
from ledger.proofs.services import chain_size, checked_size, current_tree, inclusion_answer

blp = Blueprint("proofs", __name__, url_prefix="/api/v1/communities",
                description="Verifiability: the RFC 6962 Merkle tree over the journal, proofs, signed monthly heads")


def hexes(hashes: list[bytes]) -> list[str]:
    return [digest.hex() for digest in hashes]


@blp.get("/<string:c>/tree")
@guarded(PUBLIC)
@blp.arguments(schemas.TreeArgs, location="query")
@blp.response(200, schemas.TreeOut)
def tree_head(args, community):
    """The root of the tree of the first ``size`` transactions (public)."""
    size = checked_size("size", args["size"], chain_size(community))
    with current_tree(community, size) as session:
        return {"size": size, "root": tree.root(session, community.id, size).hex()}


def seq_number(text: str) -> int:
    """The seq of the path: anything but a transaction number is a 422 naming it (not a 404)."""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_BIGINT:
        raise ValidationFailed.on("seq", "a transaction number: a whole number from 1")
    return int(text)


@blp.get("/<string:c>/transactions/<string:seq>/proof")
@guarded(PUBLIC)
@blp.arguments(schemas.TreeArgs, location="query")
@blp.response(200, schemas.ProofOut)
def inclusion_proof(args, community, seq):
    """The audit path of transaction ``seq`` in the tree of ``size`` transactions (public)."""
    seq = seq_number(seq)
    size = checked_size("size", args["size"], chain_size(community))
    if seq > size:
        raise ValidationFailed.on("seq", f"transaction {seq} is not in the tree of {size} transactions")
    with current_tree(community, size) as session:
        return inclusion_answer(session, community, seq, size)


@blp.get("/<string:c>/consistency")
@guarded(PUBLIC)
@blp.arguments(schemas.ConsistencyArgs, location="query")
@blp.response(200, schemas.ConsistencyOut)
def consistency_proof(args, community):
    """The proof that the tree of ``from`` transactions is a prefix of the tree of ``to`` (public)."""
    new = checked_size("to", args["to"], chain_size(community))
    if args["from_"] > new:
        raise ValidationFailed.on("from", f"must not be more than 'to' ({new})")
    with current_tree(community, new) as session:
        return {"from_": args["from_"], "to": new,
                "path": hexes(tree.consistency(session, community.id, args["from_"], new))}


@blp.get("/<string:c>/heads")
@guarded(PUBLIC)
@blp.response(200, schemas.HeadOut(many=True))
def signed_heads(community):
    """Every signed monthly head, oldest first, each with the consistency proof from the one before (public)."""
    signed = heads.signed_heads(db.session(), community)
    with current_tree(community, max((head.size for head in signed), default=0)) as session:
        answer, previous = [], None
        for head in signed:
            link = None
            if previous is not None and previous.size > 0:
                link = {"from_": previous.size, "to": head.size,
                        "path": hexes(tree.consistency(session, community.id, previous.size, head.size))}
            answer.append({**heads.present(head, community), "consistency": link})
            previous = head
        return answer
