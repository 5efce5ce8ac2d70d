import pytest

from tocsin.api.config import ApiConfig, ConfigError, find_vendor_dir, load_config


def test_token_from_toml_and_env_overrides_it(tmp_path):
    path = tmp_path / "tocsin.toml"
    path.write_text('[api]\ntoken = "from-file"\nmax_page_size = 50\n', encoding="utf-8")
    assert load_config(path, env={}).token == "from-file"
    assert load_config(path, env={}).max_page_size == 50
    assert load_config(path, env={"TOCSIN_API_TOKEN": "from-env"}).token == "from-env"


def test_no_token_means_no_writes():
    config = load_config(None, env={})
    assert config.token is None and not config.writes_enabled


@pytest.mark.parametrize("body", ['[api]\ntoken = 5\n', '[api]\nmax_page_size = 0\n',
                                  '[api]\nmax_page_size = true\n', "[api\n"])
def test_bad_config_is_one_clear_error(tmp_path, body):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(path, env={})


def test_vendor_dir_is_none_when_the_libraries_are_missing(tmp_path):
    assert find_vendor_dir(ApiConfig(vendor_dir=tmp_path)) is None
