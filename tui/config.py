"""The user's settings: one TOML file in the platform's config directory, overridden by the
environment.

::

    # ~/.config/eventscope/config.toml (Linux; `eventscope config` prints the path)
    db = "~/conflicts/karabakh.db"       # the database `eventscope` opens
    sides = "~/conflicts/sides.toml"     # the sides file `eventscope load` applies
    theme = "textual-light"              # any Textual theme name
    [keys]                               # binding id = keys, as on the help screen
    "list.down" = "j,down,ctrl+n"
    "app.quit" = "ctrl+q"

``$EVENTSCOPE_CONFIG`` names another file; ``$EVENTSCOPE_DB``, ``$EVENTSCOPE_SIDES`` and
``$EVENTSCOPE_THEME`` override the file's values.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path, user_data_path

CONFIG_ENV = "EVENTSCOPE_CONFIG"
OVERRIDES = {"db": "EVENTSCOPE_DB", "sides": "EVENTSCOPE_SIDES", "theme": "EVENTSCOPE_THEME"}
"""The environment variable that overrides each setting of the file."""

EXAMPLE = """\
# eventscope settings (`eventscope config` shows what is in effect and where it came from)
db = "~/conflicts/karabakh.db"       # the database `eventscope`, open and export use
sides = "~/conflicts/sides.toml"     # the sides file `eventscope load` applies
theme = "textual-light"              # any Textual theme name
[keys]                               # binding id = keys, as on the help screen (?)
"list.down" = "j,down,ctrl+n"
"app.quit" = "ctrl+q"
"""
"""A config file to start from, printed by `eventscope config` when there is none."""


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Settings:
    """What the config file and the environment say; None where neither says anything."""

    path: Path
    """The config file these settings were read from (it may not exist)."""
    db: Path | None = None
    sides: Path | None = None
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, applied as a Textual keymap."""
    sources: dict[str, str] = field(default_factory=dict)
    """Where each value came from: the file or an environment variable."""


def config_path() -> Path:
    """``$EVENTSCOPE_CONFIG``, else ``config.toml`` in the platform's user config directory."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named).expanduser()
    return user_config_path("eventscope", appauthor=False) / "config.toml"


def data_dir() -> Path:
    """The platform's user data directory for eventscope: a place to keep databases (nothing is
    written there unless you put a database there)."""
    return user_data_path("eventscope", appauthor=False)


def load_settings() -> Settings:
    """Read the config file (a missing file is no settings) and apply the environment.

    Raises:
        ConfigError: the file exists but is not TOML or holds values of the wrong kind.
    """
    path = config_path()
    values: dict[str, object] = {}
    if path.is_file():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: not a valid TOML config file ({error})") from error
        except OSError as error:
            raise ConfigError(f"{path}: cannot read the config file ({error.strerror})") from error
    unknown = sorted(values.keys() - {"db", "sides", "theme", "keys"})
    if unknown:
        raise ConfigError(f"{path}: unknown setting {', '.join(unknown)} (db, sides, theme, keys)")
    sources = {name: str(path) for name in values}
    for name, variable in OVERRIDES.items():
        if os.environ.get(variable):
            values[name] = os.environ[variable]
            sources[name] = f"${variable}"
    for name in ("db", "sides", "theme"):
        if name in values and not isinstance(values[name], str):
            raise ConfigError(f"{path}: {name} must be a string")
    keys = values.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(value, str) for value in keys.values()):
        raise ConfigError(f'{path}: [keys] must map binding ids to key strings ("j,down")')
    return Settings(
        path=path,
        db=_path(values.get("db")),
        sides=_path(values.get("sides")),
        theme=values.get("theme"),  # type: ignore[arg-type]
        keys=dict(keys),
        sources=sources,
    )


def _path(value: object) -> Path | None:
    return Path(value).expanduser() if isinstance(value, str) and value else None
