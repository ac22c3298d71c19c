"""The CSRF helper: one token per session, compared in constant time, bad input is just False."""

import pytest
from flask import session

from app import csrf


def test_token_is_created_once_per_session(app):
    with app.test_request_context():
        first = csrf.get_token()
        assert len(first) >= 40
        assert csrf.get_token() == first
        assert session[csrf.SESSION_KEY] == first


def test_sessions_get_different_tokens(app):
    with app.test_request_context():
        one = csrf.get_token()
    with app.test_request_context():
        two = csrf.get_token()
    assert one != two


def test_matching_token_is_valid(app):
    with app.test_request_context():
        assert csrf.is_valid(csrf.get_token())


@pytest.mark.parametrize("submitted", [None, "", "wrong", "x" * 43, 123, b"bytes", "\u00e9\u00e9",
                                       "\ud800"])
def test_anything_else_is_invalid(app, submitted):
    with app.test_request_context():
        csrf.get_token()
        assert csrf.is_valid(submitted) is False


def test_no_token_in_session_is_invalid_even_for_empty_input(app):
    with app.test_request_context():
        assert csrf.is_valid("") is False
        assert csrf.is_valid(None) is False


def test_a_non_string_token_in_the_session_is_replaced(app):
    with app.test_request_context():
        session[csrf.SESSION_KEY] = 17
        assert csrf.is_valid(17) is False
        token = csrf.get_token()
        assert isinstance(token, str) and token != 17
