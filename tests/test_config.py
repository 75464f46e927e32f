"""Configuration precedence and the embedded defaults."""
from __future__ import annotations

from addin import create_app


def test_testing_app_needs_no_setup_and_uses_a_temporary_database(tmp_path):
    app = create_app({"TESTING": True})
    assert app.config["DATABASE_URL"].startswith("sqlite:///")
    assert "sendwell-test-" in app.config["DATABASE_URL"]
    assert app.test_client().get("/healthz").status_code == 200


def test_default_database_lives_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SENDWELL_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/sendwell.sqlite"
    assert app.config["AUTH_PROVIDER"] is None


def test_precedence_file_then_environment_then_dict(tmp_path, monkeypatch):
    (tmp_path / "sendwell.toml").write_text('port = 9001\nhost = "127.0.0.2"\nmax_content_length = 2048\n')
    monkeypatch.setenv("SENDWELL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SENDWELL_PORT", "9002")
    app = create_app({"HOST": "::1"})
    assert app.config["MAX_CONTENT_LENGTH"] == 2048  # file
    assert app.config["PORT"] == 9002  # environment beats file, parsed as JSON
    assert app.config["HOST"] == "::1"  # dict beats all


def test_explicit_config_file_and_text_values(tmp_path, monkeypatch):
    path = tmp_path / "elsewhere.toml"
    path.write_text(f'database_url = "sqlite:///{tmp_path}/elsewhere.sqlite"\n')
    monkeypatch.setenv("SENDWELL_CONFIG", str(path))
    monkeypatch.setenv("SENDWELL_AUTH_PROVIDER", "entra")
    monkeypatch.setenv("SENDWELL_ENTRA_CLIENT_ID", "6e74172b-be56-4843-9ff4-e66a39bb12e3")
    monkeypatch.setenv("SENDWELL_ENTRA_ALLOWED_TENANTS", '["72f988bf-86f1-41af-91ab-2d7cd011db47"]')
    app = create_app({"TESTING": True})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/elsewhere.sqlite"
    assert (tmp_path / "elsewhere.sqlite").exists()  # migrated on start
    assert app.config["AUTH_PROVIDER"] == "entra"
