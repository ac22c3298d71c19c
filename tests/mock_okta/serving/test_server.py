"""run_in_thread: a live server that really stops, even after serving requests."""

import socket
import urllib.request

from mock_okta import create_app
from mock_okta.config import Settings
from mock_okta.serving.server import run_in_thread


def test_live_server_serves_then_stops_completely():
    live = run_in_thread(create_app(Settings(db_path=":memory:", demo_user=None)))
    with urllib.request.urlopen(live.url + "/oauth2/default/v1/keys") as response:
        assert response.status == 200
    live.stop()
    assert not live._thread.is_alive()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", live.port)) != 0


def test_context_manager_stops_the_server():
    with run_in_thread(create_app(Settings(db_path=":memory:", demo_user=None))) as live:
        assert live.url.startswith("http://127.0.0.1:")
    assert not live._thread.is_alive()
