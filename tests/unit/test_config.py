"""Settings: the config file in the platform's config directory, the environment over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config import CONFIG_ENV, ConfigError, config_path, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for variable in ("EVENTSCOPE_DB", "EVENTSCOPE_SIDES", "EVENTSCOPE_THEME"):
        monkeypatch.delenv(variable, raising=False)
    config = tmp_path / "config.toml"
    monkeypatch.setenv(CONFIG_ENV, str(config))
    return config


def test_without_a_file_there_are_no_settings(clean_environment: Path) -> None:
    settings = load_settings()
    assert settings.path == clean_environment
    assert (settings.db, settings.sides, settings.theme, settings.keys) == (None, None, None, {})


def test_the_default_path_is_in_the_user_config_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(CONFIG_ENV)
    path = config_path()
    assert path.name == "config.toml"
    assert path.parent.name == "eventscope"


def test_file_values_and_environment_overrides(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_environment.write_text(
        'db = "~/wars/karabakh.db"\ntheme = "textual-light"\n[keys]\n"list.down" = "j,ctrl+n"\n',
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.db == Path.home() / "wars" / "karabakh.db"
    assert settings.theme == "textual-light"
    assert settings.keys == {"list.down": "j,ctrl+n"}
    assert settings.sources["db"] == str(clean_environment)
    monkeypatch.setenv("EVENTSCOPE_DB", "/tmp/other.db")
    overridden = load_settings()
    assert overridden.db == Path("/tmp/other.db")
    assert overridden.sources["db"] == "$EVENTSCOPE_DB"
    assert overridden.theme == "textual-light"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("db = ", "not a valid TOML config file"),
        ('colour = "red"\n', "unknown setting colour"),
        ("db = 3\n", "db must be a string"),
        ('keys = "j"\n', r"\[keys\] must map binding ids"),
        ('[keys]\n"list.down" = 1\n', r"\[keys\] must map binding ids"),
    ],
)
def test_a_bad_file_is_one_clear_error_naming_it(
    clean_environment: Path, content: str, problem: str
) -> None:
    clean_environment.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"^{clean_environment}: {problem}"):
        load_settings()
