"""The baseline of the API benchmark: a bare Flask JSON endpoint at the same path as
``POST .../incomes``, served by the same gunicorn command. It parses the JSON body and
answers 201 with a JSON object of the same shape, and does nothing else. It exists only
for the benchmark: ``gunicorn 'benchmarks.bare_app:create_app()'``."""
from __future__ import annotations

from itertools import count

from flask import Flask, jsonify, request


def create_app() -> Flask:
    app = Flask(__name__)
    ids = count(1)

    @app.post("/api/v1/communities/<string:c>/incomes")
    def create_income(c: str):
        body = request.get_json()
        answer = {"id": next(ids), "transaction_seq": 0, "amount": body["amount"],
                  "shares": [{"to": "public_benefit", "amount": "0.00"}],
                  "remainder": {"to": f"501.{body['operator']}", "amount": body["amount"]},
                  "operator": body["operator"], "occurred_on": body["occurred_on"], "channel": body["channel"]}
        response = jsonify(answer)
        response.status_code = 201
        return response

    return app
