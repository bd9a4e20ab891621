import pytest

from portal import create_app


@pytest.fixture
def app(tmp_path):
    """An app on a fresh SQLite database, with CSRF on as in production."""
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}", "SECRET_KEY": "test", "TESTING": True, "INSTANCE_PATH": tmp_path})


@pytest.fixture
def client(app):
    return app.test_client()
