from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.analysis.config import ConfigError, default_config, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "alerts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_come_from_the_packaged_file() -> None:
    config = load_config(None)
    assert config == default_config()
    assert config.movement.window_days == 30 and config.movement.min_distance_km == 100
    assert config.new_presence.lookback_days == 90
    assert config.alertable_statuses == {"asserted", "reported", "alleged", "contested"}


def test_user_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, """
watch_actors = ["ISIS"]
[surge]
min_count = 8
[[approach.watch]]
name = "Baghdad"
lat = 33.34
lon = 44.4
radius_km = 120
"""))
    assert config.watch_actors == {"ISIS"}
    assert config.surge.min_count == 8 and config.surge.baseline_weeks == 8
    assert config.approach.watch[0].name == "Baghdad"
    assert config.approach.watch[0].radius_km == 120.0


@pytest.mark.parametrize("text, message", [
    ('alertable_statuses = ["reported", "hypothetical"]', "hypothetical may never feed"),
    ('alertable_statuses = ["rumoured"]', "unknown status rumoured"),
    ("speed = 3", "unknown key 'speed'"),
    ("[surge]\nmin_count = 'five'", "surge.min_count: expected int"),
    ("[surge]\np_threshold = 2.0", "p_threshold must be in"),
    ("[movement]\nmin_steps = 0", "movement.min_steps must be at least 1"),
    ("[[approach.watch]]\nname = 'X'\nlat = 1.0", "missing lon"),
    ("[[approach.watch]]\nname = 'X'\nlat = 100.0\nlon = 1.0", "out of range"),
    ("watch_actors = [", "not valid TOML"),
])
def test_bad_config_is_a_one_line_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, text))
