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
