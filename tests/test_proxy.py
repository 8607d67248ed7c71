"""The deployment example (deploy/) checked as far as it can be without Docker: the Compose file
parses, names only settings the app reads and addresses that match its services, its variables are
in deploy/.env.example, and nginx accepts the proxy's template filled in the Compose way. The proxy
itself runs for real in front of two replicas in tests/test_replicas.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from interviewer.config import PROJECT_ROOT, Settings, load_settings
from tests import proxy as nginx

DEPLOY = PROJECT_ROOT / "deploy"
_VARIABLE = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def _example_env() -> dict[str, str]:
    lines = (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines()
    pairs = [line.partition("=") for line in lines if line.strip() and not line.startswith("#")]
    return {key: value for key, _, value in pairs}


def _interpolate(value: Any, env: dict[str, str]) -> Any:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?message} with deploy/.env.example's values."""
    if isinstance(value, str):
        def one(m: re.Match[str]) -> str:
            if m[1] in env:
                return env[m[1]]
            assert m[2] == "-", f"${{{m[1]}}} is required but not in deploy/.env.example"
            return m[3]
        return _VARIABLE.sub(one, value)
    if isinstance(value, list):
        return [_interpolate(v, env) for v in value]
    if isinstance(value, dict):
        return {k: _interpolate(v, env) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return dict(_interpolate(loaded, _example_env()))


def _setting_names() -> set[str]:
    """Every environment variable the app's settings read (interviewer/config.py)."""
    names: set[str] = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        choices = getattr(alias, "choices", None)
        if choices:
            names.update(str(c) for c in choices)
        else:
            names.add(f"INTERVIEWER_{name.upper()}")
    return names


def _dockerfile_env() -> dict[str, str]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    env: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            for pair in line[4:].split():
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def test_the_compose_file_names_its_services_and_only_settings_the_app_reads(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    assert set(services) == {"postgres", "chroma", "model", "app1", "app2", "proxy"}
    known = _setting_names()
    for name in ("app1", "app2"):
        app = services[name]
        assert set(app["environment"]) <= known, set(app["environment"]) - known
        assert set(app["depends_on"]) <= set(services)
        for volume in app["volumes"]:
            assert volume.split(":")[0] in compose["volumes"]
    assert set(_dockerfile_env()) - {"PIP_NO_CACHE_DIR", "PYTHONUNBUFFERED"} <= known
    assert set(services["proxy"]["depends_on"]) == {"app1", "app2"}


def test_the_app_settings_in_compose_parse_and_point_at_its_services(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = compose["services"]
    env = {**_dockerfile_env(), **services["app1"]["environment"]}
    assert services["app2"]["environment"] == services["app1"]["environment"]
    for key, value in env.items():
        monkeypatch.setenv(key, str(value))
    settings = load_settings()
    assert settings.host == "0.0.0.0" and settings.auth_pairs()  # a login beyond loopback
    database = urlsplit(settings.database_url.get_secret_value() if settings.database_url else "")
    pg = services["postgres"]["environment"]
    assert database.scheme == "postgresql" and database.hostname == "postgres"
    assert (database.username, database.password, database.path.lstrip("/")) == (
        pg["POSTGRES_USER"], pg["POSTGRES_PASSWORD"], pg["POSTGRES_DB"])
    assert settings.chroma_host == "chroma" and settings.chroma_port == 8000  # the image's port
    model = urlsplit(settings.base_url or "")
    command = services["model"]["command"]
    assert model.hostname == "model" and str(model.port) == command[command.index("--port") + 1]
    assert settings.model == command[command.index("--alias") + 1]
    assert str(settings.storage_dir) == "/storage"


def test_every_compose_variable_is_in_the_env_example() -> None:
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    used = {m[1] for m in _VARIABLE.finditer(text)}
    assert used and used <= set(_example_env()), used - set(_example_env())


def test_the_proxy_template_is_filled_in_the_way_compose_fills_it(compose: dict[str, Any]) -> None:
    proxy = compose["services"]["proxy"]
    env = proxy["environment"]
    assert proxy["volumes"] == ["./nginx.conf.template:/etc/nginx/templates/default.conf.template:ro"]
    assert env["NGINX_ENVSUBST_FILTER"] == nginx.FILTER
    template = nginx.TEMPLATE.read_text(encoding="utf-8")
    assert nginx.placeholders(template) == {k for k in env if k.startswith(nginx.FILTER)}
    port = _dockerfile_env()["INTERVIEWER_PORT"]
    assert [env["COACH_APP1"], env["COACH_APP2"]] == [f"app1:{port}", f"app2:{port}"]
    assert proxy["ports"] == [f"8080:{env['COACH_LISTEN']}"]
    rendered = nginx.render(template, {k: str(v) for k, v in env.items()})
    code = "\n".join(line.split("#")[0] for line in rendered.splitlines())
    assert nginx.FILTER not in code and "$http_host" in code  # nginx's own variables untouched
    assert "server app1:7860 " in code and "server app2:7860 " in code and "listen 80;" in code


def test_nginx_accepts_the_proxy_template(tmp_path: Path) -> None:
    proxy = nginx.Proxy(["127.0.0.1:7001", "127.0.0.1:7002"])
    try:
        proxy.write()
        assert "test is successful" in proxy.check()
    finally:
        shutil.rmtree(proxy.folder, ignore_errors=True)
