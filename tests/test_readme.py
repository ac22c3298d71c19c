"""The README tells the truth: its example is the tested file, and every control,
variable and flag the code has is in its tables."""

from __future__ import annotations

import re
from pathlib import Path

from mock_okta import Settings, __main__, create_app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_the_example_is_the_tested_file_word_for_word():
    block = re.search(r"<!-- example: (\S+) -->\n```python\n(.*?)```\n<!-- /example -->",
                      README, re.S)
    assert block, "the README lost its example markers"
    assert block.group(2) == (ROOT / block.group(1)).read_text()


def test_every_control_route_is_in_the_readme():
    """The console's pages and forms are one entry: a person browses them from `/_mock/console`."""
    app = create_app(Settings(db_path=":memory:"))
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/_mock/")
              and not rule.rule.startswith("/_mock/console/")}
    assert "/_mock/console" in routes
    assert routes and [route for route in routes if f"`{route}" not in README] == []


def test_every_environment_variable_is_in_the_readme():
    source = "".join(path.read_text() for path in (ROOT / "mock_okta" / "config").glob("*.py"))
    variables = set(re.findall(r'"(MOCK_OKTA_[A-Z_]+)"', source))
    assert variables and [name for name in variables if f"`{name}`" not in README] == []


def test_every_cli_flag_is_in_the_readme():
    flags = set(re.findall(r'add_argument\("(--[a-z-]+)"', Path(__main__.__file__).read_text()))
    assert flags and [flag for flag in flags if f"`{flag}`" not in README] == []


def test_the_readme_stands_alone():
    assert "../shared" not in README and "DESIGN.md" not in README
