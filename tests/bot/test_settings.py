"""Settings as an operator gives them: variables in any case over a .env file, numbers checked, secrets hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Secret, Settings, SettingsError


def test_a_variable_beats_the_env_file_and_a_keyword_beats_both(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("POLICYBOT_HOME=/srv/from-file\nPOLICYBOT_MAX_UPLOAD_MB=7\n"
                        "POLICYBOT_TELEGRAM_TOKEN=123:file\nOTHER=ignored\n", "utf-8")
    monkeypatch.setenv("policybot_home", "/srv/from-variable")  # any case, as pydantic-settings read them
    settings = Settings(env_file=env_file)
    assert settings.home == Path("/srv/from-variable")
    assert settings.max_upload_mb == 7 and settings.max_upload_bytes == 7 * 1024 * 1024
    assert settings.telegram_token.get_secret_value() == "123:file"
    assert Settings(env_file=env_file, max_upload_mb=3).max_upload_mb == 3
    assert Settings(env_file=None).max_upload_mb == 20


def test_a_number_that_is_not_one_names_the_variable(monkeypatch):
    monkeypatch.setenv("POLICYBOT_MAX_UPLOAD_MB", "twenty")
    with pytest.raises(SettingsError, match=r"^setting POLICYBOT_MAX_UPLOAD_MB: 'twenty' is not a whole number$"):
        Settings(env_file=None)


def test_secrets_are_never_printed_and_unknown_settings_are_refused():
    settings = Settings(env_file=None, wecom_secret="s3cret", telegram_token=Secret("123:abc"))
    assert "s3cret" not in repr(settings) and "123:abc" not in str(settings)
    assert settings.wecom_secret.get_secret_value() == "s3cret"
    assert settings.replace(encoder="hash").telegram_token.get_secret_value() == "123:abc"
    with pytest.raises(TypeError, match="telegram_tokn"):
        Settings(env_file=None, telegram_tokn="x")
