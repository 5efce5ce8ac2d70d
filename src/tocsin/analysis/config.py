"""Alert thresholds and watch lists, read from TOML.

The documented defaults live in `tocsin/data/alerts.toml`; a user file only
needs the keys it changes.  Unknown keys and impossible values raise
`ConfigError` with one line naming the key, never a silent default.
"""
from __future__ import annotations

import dataclasses
import difflib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from tocsin.models import ALERTABLE_STATUSES

#: statuses that may never feed an alert, whatever a config file says.
NEVER_ALERTABLE = frozenset({"hypothetical", "opinion", "denied", "negated"})


class ConfigError(ValueError):
    """A bad alert configuration; the message names the key."""


@dataclass(frozen=True, slots=True)
class MovementConfig:
    window_days: int = 30
    min_distance_km: float = 100.0
    min_steps: int = 2
    min_straightness: float = 0.7
    min_events_per_week: int = 2
    #: used by `tocsin track` only: events this far from a week's median do not move its centre
    outlier_km: float = 300.0
    min_explicit_km: float = 10.0
    max_distance_km: float = 800.0
    #: the same, for a reported move whose destination is in the country where it is placed
    max_domestic_km: float = 1500.0
    front_link_km: float = 60.0
    front_radius_km: float = 250.0
    episode_days: int = 14
    max_report_lag_days: int = 7
    max_relayed_lag_days: int = 120
    kinds: tuple[str, ...] = ("withdraw", "advance", "redeploy", "mobilize")


@dataclass(frozen=True, slots=True)
class SurgeConfig:
    baseline_weeks: int = 8
    p_threshold: float = 0.001
    min_count: int = 5
    min_baseline_rate: float = 0.5
    min_covered_weeks: int = 4
    min_articles: int = 2
    max_report_lag_days: int = 7
    event_types: tuple[str, ...] = ("Battles", "Explosions/Remote violence",
                                    "Violence against civilians")


@dataclass(frozen=True, slots=True)
class NewPresenceConfig:
    lookback_days: int = 90
    min_prior_events: int = 3
    window_days: int = 7
    min_coverage_events: int = 3
    min_expected: float = 1.0
    min_reports: int = 2
    max_report_lag_days: int = 7


@dataclass(frozen=True, slots=True)
class TerritoryConfig:
    sub_event_types: tuple[str, ...] = (
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Non-violent transfer of territory",
    )
    place_precisions: tuple[str, ...] = ("point", "city", "admin2")
    date_precisions: tuple[str, ...] = ("day", "week")
    require_actor: bool = True
    max_report_lag_days: int = 7
    episode_days: int = 14
    taker_kinds_ignored: tuple[str, ...] = ("civilians", "international")


@dataclass(frozen=True, slots=True)
class WatchedPlace:
    name: str
    lat: float
    lon: float
    radius_km: float = 150.0
    kind: str = "city"          # "city" or "border"


@dataclass(frozen=True, slots=True)
class ApproachConfig:
    min_steps: int = 3
    min_step_km: float = 5.0
    max_gap_days: int = 30
    watch: tuple[WatchedPlace, ...] = ()


@dataclass(frozen=True, slots=True)
class AlertConfig:
    alertable_statuses: frozenset[str] = frozenset(ALERTABLE_STATUSES)
    min_independent_sources: int = 1
    watch_actors: frozenset[str] = frozenset()
    watch_regions: frozenset[str] = frozenset()
    ignore_actor_kinds: frozenset[str] = frozenset({"civilians", "government", "international"})
    max_evidence: int = 50
    theatre_share: float = 0.2
    theatre_min_reports: int = 10
    movement: MovementConfig = MovementConfig()
    surge: SurgeConfig = SurgeConfig()
    new_presence: NewPresenceConfig = NewPresenceConfig()
    territory: TerritoryConfig = TerritoryConfig()
    approach: ApproachConfig = ApproachConfig()


_SECTIONS: dict[str, type] = {
    "movement": MovementConfig, "surge": SurgeConfig, "new_presence": NewPresenceConfig,
    "territory": TerritoryConfig, "approach": ApproachConfig,
}
_SETS = ("alertable_statuses", "watch_actors", "watch_regions", "ignore_actor_kinds")
T = TypeVar("T")


def load_config(path: Path | None = None) -> AlertConfig:
    """The packaged defaults, overlaid with the TOML file at `path` if given."""
    config = default_config()
    if path is None:
        return config
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read alert config {path}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"alert config {path} is not valid TOML: {error}") from error
    return _validated(_overlay(config, data, str(path)))


@lru_cache(maxsize=1)
def default_config() -> AlertConfig:
    """The documented defaults from tocsin/data/alerts.toml (read once)."""
    text = resources.files("tocsin").joinpath("data/alerts.toml").read_text(encoding="utf-8")
    return _validated(_overlay(AlertConfig(), tomllib.loads(text), "tocsin/data/alerts.toml"))


def _overlay(base: AlertConfig, data: dict[str, Any], origin: str) -> AlertConfig:
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: [{key}] must be a table")
            changes[key] = _section(getattr(base, key), value, f"{origin}: {key}")
        elif key in _SETS:
            changes[key] = frozenset(_str_list(value, f"{origin}: {key}"))
        elif key in ("min_independent_sources", "max_evidence", "theatre_min_reports"):
            changes[key] = _typed(value, int, f"{origin}: {key}")
        elif key == "theatre_share":
            changes[key] = _typed(value, float, f"{origin}: {key}")
        else:
            raise ConfigError(f"{origin}: unknown key {key!r}{_hint(key)}")
    return dataclasses.replace(base, **changes)


_TOP_LEVEL = tuple(f.name for f in dataclasses.fields(AlertConfig) if f.name not in _SECTIONS)


def _hint(key: str) -> str:
    """Where a misplaced or misspelt key belongs ('; 'kinds' is in [movement]')."""
    sections: dict[str, list[str]] = {}
    for name, kind in _SECTIONS.items():
        for field in dataclasses.fields(kind):
            sections.setdefault(field.name, []).append(f"[{name}]")
    places = {name: f"in {' or '.join(found)}" for name, found in sections.items()}
    places.update({name: "a top-level key: write it before any [section]" for name in _TOP_LEVEL})
    if key in places:                  # a real key, in the wrong place
        return f"; {key!r} is {places[key]}"
    close = difflib.get_close_matches(key, list(places), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}? It is {places[close[0]]}" if close else ""


def _section(base: T, data: dict[str, Any], where: str) -> T:
    fields = {f.name: f for f in dataclasses.fields(base)}  # type: ignore[arg-type]
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            raise ConfigError(f"{where}: unknown key {key!r}{_hint(key)}")
        current = getattr(base, key)
        if key == "watch":
            changes[key] = tuple(_watched(item, f"{where}.watch[{i}]")
                                 for i, item in enumerate(_list(value, f"{where}.watch")))
        elif isinstance(current, tuple):
            changes[key] = tuple(_str_list(value, f"{where}.{key}"))
        else:
            changes[key] = _typed(value, type(current), f"{where}.{key}")
    return dataclasses.replace(base, **changes)  # type: ignore[type-var]


def _watched(item: Any, where: str) -> WatchedPlace:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: must be a table with name, lat, lon, radius_km")
    missing = {"name", "lat", "lon"} - set(item)
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(sorted(missing))}")
    place = _section(WatchedPlace(name="", lat=0.0, lon=0.0), item, where)
    if not -90 <= place.lat <= 90 or not -180 <= place.lon <= 180:
        raise ConfigError(f"{where}: lat/lon out of range ({place.lat}, {place.lon})")
    if place.radius_km <= 0:
        raise ConfigError(f"{where}: radius_km must be positive")
    return place


def _typed(value: Any, kind: type, where: str) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
        raise ConfigError(f"{where}: expected {kind.__name__}, got {value!r}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected a list, got {value!r}")
    return value


def _str_list(value: Any, where: str) -> list[str]:
    items = _list(value, where)
    if not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return items


def _validated(config: AlertConfig) -> AlertConfig:
    banned = config.alertable_statuses & NEVER_ALERTABLE
    if banned:
        raise ConfigError(f"alertable_statuses: {', '.join(sorted(banned))} may never feed alerts")
    unknown = config.alertable_statuses - ALERTABLE_STATUSES
    if unknown:
        raise ConfigError(f"alertable_statuses: unknown status {', '.join(sorted(unknown))}")
    positive = {
        "min_independent_sources": config.min_independent_sources,
        "max_evidence": config.max_evidence,
        "movement.window_days": config.movement.window_days,
        "movement.min_steps": config.movement.min_steps,
        "surge.baseline_weeks": config.surge.baseline_weeks,
        "surge.min_count": config.surge.min_count,
        "new_presence.lookback_days": config.new_presence.lookback_days,
        "approach.min_steps": config.approach.min_steps,
    }
    positive.update({
        "movement.episode_days": config.movement.episode_days,
        "territory.episode_days": config.territory.episode_days,
        "surge.min_articles": config.surge.min_articles,
    })
    for key, value in positive.items():
        if value < 1:
            raise ConfigError(f"{key} must be at least 1, got {value}")
    if not 0 <= config.theatre_share <= 1:
        raise ConfigError(f"theatre_share must be in [0, 1], got {config.theatre_share}")
    if not 0 < config.surge.p_threshold < 1:
        raise ConfigError(f"surge.p_threshold must be in (0, 1), got {config.surge.p_threshold}")
    if not 0 <= config.movement.min_straightness <= 1:
        raise ConfigError("movement.min_straightness must be in [0, 1]")
    if config.movement.max_distance_km <= config.movement.min_explicit_km:
        raise ConfigError("movement.max_distance_km must exceed movement.min_explicit_km")
    if config.movement.max_domestic_km < config.movement.max_distance_km:
        raise ConfigError("movement.max_domestic_km cannot be below movement.max_distance_km")
    if config.surge.min_covered_weeks > config.surge.baseline_weeks:
        raise ConfigError("surge.min_covered_weeks cannot exceed surge.baseline_weeks")
    return config
