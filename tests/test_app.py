from __future__ import annotations

import pytest

from interviewer.config import load_settings
from interviewer.errors import ConfigError
from interviewer.services import Services
from interviewer.ui import launch


def test_listening_beyond_loopback_requires_a_login() -> None:
    services = Services(load_settings(host="0.0.0.0"))
    with pytest.raises(ConfigError, match="INTERVIEWER_AUTH"):
        launch(services)


def test_auth_setting_is_parsed_and_checked() -> None:
    assert load_settings(auth="ana:pw1, ben:pw2").auth_pairs() == [("ana", "pw1"), ("ben", "pw2")]
    assert load_settings().auth_pairs() == []
    with pytest.raises(ConfigError, match="user:password"):
        load_settings(auth="ana").auth_pairs()
    assert load_settings(auth="ana:pw").describe()["auth"] == "set"


def test_env_example_documents_every_setting() -> None:
    from interviewer.config import PROJECT_ROOT, Settings

    text = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    aliases = {"openai_api_key": "OPENAI_API_KEY", "chroma_host": "CHROMA_HOST",
               "chroma_port": "CHROMA_PORT"}
    for name in Settings.model_fields:
        variable = aliases.get(name, f"INTERVIEWER_{name.upper()}")
        assert variable in text, f"{variable} is not documented in .env.example"
