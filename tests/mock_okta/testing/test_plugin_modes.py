"""The plugin as another project meets it: an inner pytest run in a subprocess,
with the org on a thread (default), in a subprocess, at a URL, and per xdist worker."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

INNER_TEST = textwrap.dedent('''
    import os

    def test_sign_in(okta_org):
        okta_org.create_user("inner@example.com", firstName="Inner")
        assert okta_org.sign_in("inner@example.com")["id_token"]
        with open(os.environ["ORG_URL_FILE"], "a") as out:
            out.write(okta_org.url + "\\n")
''')


def run_inner(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    (tmp_path / "test_inner.py").write_text(INNER_TEST)
    urls = tmp_path / "urls.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_OKTA_")}
    env["ORG_URL_FILE"] = str(urls)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "-l", *args, str(tmp_path / "test_inner.py")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    return result, urls.read_text().split() if urls.exists() else []


def test_default_starts_an_org_on_a_thread(tmp_path):
    result, urls = run_inner(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(urls) == 1 and urls[0].startswith("http://127.0.0.1:")


def test_process_mode_starts_python_m_mock_okta(tmp_path):
    result, urls = run_inner(tmp_path, "--mock-okta-process")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(urls) == 1 and urls[0].startswith("http://127.0.0.1:")


def test_url_mode_uses_the_running_org(tmp_path, okta_org):
    result, urls = run_inner(tmp_path, "--mock-okta-url", okta_org.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert urls == [okta_org.url]
    # The inner test's reset happened before it; its user is here now.
    assert okta_org.api("GET", "users/inner@example.com")["profile"]["firstName"] == "Inner"


def test_url_mode_with_a_wrong_token_fails_with_the_org_answer(tmp_path, okta_org):
    result, _ = run_inner(tmp_path, "--mock-okta-url", okta_org.url,
                          "--mock-okta-api-token", "wrong")
    assert result.returncode != 0
    assert "/api/v1/users?activate=true answered 401" in result.stdout
    assert "E0000011" in result.stdout


def test_xdist_gives_each_worker_its_own_org(tmp_path):
    (tmp_path / "test_second.py").write_text(INNER_TEST.replace("test_sign_in", "test_again"))
    result, urls = run_inner(tmp_path, "-n", "2", str(tmp_path / "test_second.py"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(urls) == 2 and len(set(urls)) == 2


IMPORTED_TEST = textwrap.dedent('''
    def test_the_fixture_org_is_the_exported_one(okta_org):
        assert okta_org.sign_in("fixture@example.com")["id_token"]
        okta_org.create_user("made.here@example.com")
        okta_org.reset()   # back to the imported org, not to an empty one
        assert okta_org.api("GET", "users/fixture@example.com")["id"] == "{user_id}"
        assert okta_org.api("GET", "users/made.here@example.com", expect=404)
''')


def test_an_exported_org_is_every_test_run_s_starting_point(tmp_path):
    from mock_okta.testing import start_org

    with start_org() as org:
        user = org.create_user("fixture@example.com")
        org.export(tmp_path / "org.json")
    (tmp_path / "test_inner.py").write_text(IMPORTED_TEST.replace("{user_id}", user["id"]))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_OKTA_")}
    env["MOCK_OKTA_IMPORT"] = str(tmp_path / "org.json")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(tmp_path / "test_inner.py")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
