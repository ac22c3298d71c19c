"""Hooks for every suite under tests/. Only here (the conftest pytest loads first,
also in pytest-xdist's controller, which collects nothing) does a summary hook run."""

from tests.mock_okta.support.fuzz import pytest_terminal_summary  # noqa: F401
