"""The JSON API under /api/v1: flask-smorest builds the OpenAPI document from the
marshmallow schemas of each domain's blueprint."""
from __future__ import annotations

from importlib import import_module

from flask import Flask
from flask_smorest import Api, Blueprint
from flask_smorest.spec.plugins import integerconverter2paramschema
from werkzeug.routing import IntegerConverter

from ledger.schemas import ErrorSchema

# Each domain's api module exposes ``blp``. Order is the order in the OpenAPI document.
API_MODULES = (
    "ledger.communities.api",
    "ledger.journal.api",
    "ledger.operators.api",
    "ledger.agreements.api",
    "ledger.incomes.api",
    "ledger.funds.api",
    "ledger.projects.api",
    "ledger.decisions.api",
    "ledger.disbursements.api",
    "ledger.trust.api",
    "ledger.exports.api",
    "ledger.imports.api",
    "ledger.jobs.api",
    "ledger.public.api",
    "ledger.questions.api",
    "ledger.proofs.api",
    "ledger.todo.api",
)


class LedgerApi(Api):
    """flask-smorest, documenting errors in the format ledger/errors.py answers with."""
    ERROR_SCHEMA = ErrorSchema


class RowId(IntegerConverter):
    """``<int:...>`` in every URL: a row id the databases can hold (1 .. 2**63 - 1). A larger
    number is a 404 like any id that does not exist, not an overflow inside the driver."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = 1, max: int | None = 2**63 - 1,
                 signed: bool = False) -> None:
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> list[Blueprint]:
    """Register every API blueprint; returns them."""
    app.url_map.converters["int"] = RowId
    app.config.update(
        API_TITLE="Community enterprise ledger",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = LedgerApi(app, spec_kwargs={"components": {"securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer", "description": "API token from `ledger token`"},
    }}})
    api.register_converter(RowId, integerconverter2paramschema)
    blueprints = [import_module(name).blp for name in API_MODULES]
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.extensions["ledger.api"] = api
    return blueprints
