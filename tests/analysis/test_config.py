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
    # a key in the wrong place or misspelt says where it belongs
    ("[movement]\ntheatre_share = 0.3", "movement: unknown key 'theatre_share'; 'theatre_share' "
                                         "is a top-level key: write it before any"),
    ("theatre_shar = 0.3", "did you mean 'theatre_share'"),
    ("[surge]\nepisode_days = 3", r"'episode_days' is in \[movement\] or \[territory\]"),
    ("kinds = ['withdraw']", r"'kinds' is in \[movement\]"),
])
def test_bad_config_is_a_one_line_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, text))


def test_a_bad_alert_config_stops_the_cli_before_it_starts(tmp_path: Path) -> None:
    """Every command taking --alerts-config reads the rules when its command line is
    parsed: a bad key is a one-line error before anything is ingested or served, never
    a traceback after the work or a failure at the first refresh (an HTTP 500)."""
    from click.testing import CliRunner

    from tocsin.cli.main import cli

    bad = write(tmp_path, "[movement]\ntheatre_share = 0.3")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://example.org/feed.xml\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    article = tmp_path / "a.txt"
    article.write_text("Rebels took Idlib\n\nRebels took Idlib on Monday.\n", encoding="utf-8")
    for command in (["serve", "--db", db, "--watch", str(feeds)],
                    ["watch", "--db", db, "--feeds", str(feeds), "--polls", "1"],
                    ["ingest", str(article), "--db", db], ["refresh", "--db", db],
                    ["replay", str(article)]):
        result = CliRunner().invoke(cli, [*command, "--alerts-config", str(bad)])
        assert result.exit_code != 0, (command, result.output)
        assert "unknown key 'theatre_share'" in result.output, (command, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "s.duckdb").exists()          # nothing was ingested first


def test_the_watch_backend_refuses_a_bad_alert_config_when_built(tmp_path: Path) -> None:
    from contextlib import nullcontext

    from tocsin.live.backend import StoreBackend

    bad = write(tmp_path, "theatre_shar = 0.3")
    with pytest.raises(ConfigError, match="did you mean 'theatre_share'"):
        StoreBackend(lambda: nullcontext(), alert_config=bad)  # type: ignore[arg-type]
