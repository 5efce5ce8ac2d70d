import click
from click.testing import CliRunner

from tocsin.cli.serve_cmd import register


def cli_group() -> click.Group:
    @click.group()
    def cli() -> None: ...

    register(cli)
    return cli


def test_serve_refuses_a_missing_database(tmp_path):
    result = CliRunner().invoke(cli_group(), ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no database" in result.output


def test_serve_reports_a_bad_config(tmp_path, api_db):
    config = tmp_path / "bad.toml"
    config.write_text("[api]\ntoken = 3\n", encoding="utf-8")
    result = CliRunner().invoke(cli_group(), ["serve", "--db", str(api_db), "--config", str(config)])
    assert result.exit_code == 1 and "token must be a string" in result.output


def test_both_commands_are_documented():
    for name in ("serve", "export"):
        result = CliRunner().invoke(cli_group(), [name, "--help"])
        assert result.exit_code == 0 and "--db" in result.output
