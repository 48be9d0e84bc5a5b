"""Alembic is the only way schemas change: the migrations must build exactly the models' schema."""
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from ledger import create_app, db
from ledger.models import metadata
from ledger.setup_commands import alembic_config, migrate


@pytest.fixture
def empty_app(empty_database_url, tmp_path):
    app = create_app({"DATABASE_URL": empty_database_url, "INSTANCE_DIR": str(tmp_path / "instance"),
                      "SECRET_KEY": "test-secret"})
    with app.app_context():
        yield app
    db.engine(app).dispose()


def differences(app) -> list:
    with db.engine(app).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_migrations_build_the_models_schema(empty_app):
    migrate(empty_app)
    assert differences(empty_app) == []


def test_the_comparison_notices_a_missing_table(empty_app):
    migrate(empty_app)
    command.downgrade(alembic_config(empty_app), "base")
    assert any(diff[0] == "add_table" for diff in differences(empty_app))


def test_downgrade_to_base_and_upgrade_again(empty_app):
    migrate(empty_app)
    command.downgrade(alembic_config(empty_app), "base")
    assert set(inspect(db.engine(empty_app)).get_table_names()) == {"alembic_version"}
    migrate(empty_app)
    assert differences(empty_app) == []


def test_the_revisions_form_one_line(empty_app):
    assert len(ScriptDirectory.from_config(alembic_config(empty_app)).get_heads()) == 1
