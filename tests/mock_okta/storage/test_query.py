"""The filter/search expression grammar (pure) and its SQL translation."""

from __future__ import annotations

import pytest

from mock_okta.directory.user_search import _filter_attribute, _search_dialect
from mock_okta.errors import CursorError, QueryError
from mock_okta.storage.query import Compare, Logical, Not, parse, tokenize
from mock_okta.storage.sql import compile_where, decode_cursor, encode_cursor, parse_time

A = Compare("status", "eq", "ACTIVE")
B = Compare("profile.lastName", "eq", "Smith")
C = Compare("profile.firstName", "sw", "J")


@pytest.mark.parametrize("text, tree", [
    ('status eq "ACTIVE"', A),
    ('status EQ "ACTIVE"', A),
    ('  status   eq   "ACTIVE"  ', A),
    ('(status eq "ACTIVE")', A),
    ('((status eq "ACTIVE"))', A),
    ('status eq "ACTIVE" and profile.lastName eq "Smith"', Logical("and", A, B)),
    ('status eq "ACTIVE" AND profile.lastName eq "Smith"', Logical("and", A, B)),
    ('status eq "ACTIVE" or profile.lastName eq "Smith" and profile.firstName sw "J"',
     Logical("or", A, Logical("and", B, C))),
    ('(status eq "ACTIVE" or profile.lastName eq "Smith") and profile.firstName sw "J"',
     Logical("and", Logical("or", A, B), C)),
    ('not status eq "ACTIVE"', Not(A)),
    ('not (status eq "ACTIVE" or profile.lastName eq "Smith")', Not(Logical("or", A, B))),
    ('profile.mobilePhone pr', Compare("profile.mobilePhone", "pr")),
    ('profile.age gt 30', Compare("profile.age", "gt", 30)),
    ('profile.score le -1.5', Compare("profile.score", "le", -1.5)),
    ('profile.admin eq true', Compare("profile.admin", "eq", True)),
    ('profile.admin eq FALSE', Compare("profile.admin", "eq", False)),
    ('profile.nickName eq null', Compare("profile.nickName", "eq", None)),
    (r'profile.title eq "say \"hi\" \\ \u00e9"', Compare("profile.title", "eq", 'say "hi" \\ é')),
    ('profile.city eq ""', Compare("profile.city", "eq", "")),
    ('lastUpdated ge "2024-01-01T00:00:00.000Z"',
     Compare("lastUpdated", "ge", "2024-01-01T00:00:00.000Z")),
    ('type.id eq "oty1"', Compare("type.id", "eq", "oty1")),
])
def test_good_expressions_parse(text, tree):
    assert parse(text) == tree


@pytest.mark.parametrize("text", [
    "", "   ", "status", 'status eq', 'eq "x"', '"x" eq "x"', 'status eq "x', 'status == "x"',
    'status ne "x"', 'status eq "x" and', 'and status eq "x"', '(status eq "x"',
    'status eq "x")', '()', 'status eq "x" status eq "y"', 'status eq "x" or or s eq "y"',
    'status eq x', 'status eq ("x")', r'status eq "bad \q escape"', 'status eq "x" ; drop',
    'profile.1abc eq "x"', 'profile. eq "x"', 'status eq 12abc', 'not', 'status pr "x"',
    "status eq 'single'", "(" * 60 + 'status eq "x"' + ")" * 60, "x" * 5000,
])
def test_bad_expressions_are_rejected(text):
    with pytest.raises(QueryError):
        parse(text)


def test_not_can_be_refused():
    with pytest.raises(QueryError):
        parse('not status eq "ACTIVE"', allow_not=False)


def test_tokenizer_reports_positions():
    with pytest.raises(QueryError, match="at 10"):
        tokenize('status eq $')


def _sql(text, dialect, ignore_case):
    return compile_where(parse(text), dialect, ignore_case=ignore_case)


@pytest.mark.parametrize("text, sql, params", [
    ('status eq "ACTIVE"', "(status = ?)", ["ACTIVE"]),
    ('id eq "00u1"', "(id = ?)", ["00u1"]),
    ('profile.email eq "A@x.com"', "(json_extract(profile, '$.email') = ?)", ["A@x.com"]),
    ('lastUpdated gt "2024-01-01T00:00:00.000Z"', "(last_updated >= ?)", [1704067200.001]),
    ('lastUpdated lt "2024-01-01T00:00:00.000Z"', "(last_updated < ?)", [1704067200.0]),
    ('lastUpdated eq "2024-01-01T00:00:00.000Z"', "(last_updated >= ? AND last_updated < ?)",
     [1704067200.0, 1704067200.001]),
])
def test_filter_compiles_case_sensitive_sql(text, sql, params):
    assert _sql(text, _filter_attribute, False) == (sql, params)


@pytest.mark.parametrize("text", [
    'profile.nickName eq "x"', 'status sw "A"', 'id gt "00u"', 'profile.email pr',
    'Status eq "ACTIVE"', 'profile.Email eq "x"', 'created gt "2024-01-01T00:00:00.000Z"',
    'lastUpdated gt "yesterday"', 'lastUpdated gt 5', 'status eq 5',
])
def test_filter_rejects_what_okta_does_not_filter_on(text):
    with pytest.raises(QueryError):
        _sql(text, _filter_attribute, False)


SEARCH = _search_dialect("otyTYPE")


@pytest.mark.parametrize("text, sql, params", [
    ('profile.email eq "A@X.com"', "(json_extract(profile_key, '$.email') = ?)",
     ["a@x.com"]),
    ('status eq "active"', "(status = ?)", ["ACTIVE"]),
    ('profile.department sw "Eng"',
     "(json_extract(profile_key, '$.department') >= ? AND "
     "json_extract(profile_key, '$.department') < ?)", ["eng", "eng\U0010ffff"]),
    ('profile.age ge 21', "(json_extract(profile, '$.age') >= ?)", [21]),
    ('profile.admin eq true', "(json_extract(profile, '$.admin') = ?)", [1]),
    ('profile.mobilePhone pr', "(json_extract(profile, '$.mobilePhone') IS NOT NULL)", []),
    ('type.id eq "OTYtype"', "1", []),
    ('type.id eq "other"', "0", []),
    ('not status eq "ACTIVE"', "(NOT coalesce((status = ?), 0))", ["ACTIVE"]),
    ('activated pr', "(activated IS NOT NULL)", []),
])
def test_search_compiles_case_insensitive_sql(text, sql, params):
    assert _sql(text, SEARCH, True) == (sql, params)


@pytest.mark.parametrize("text", [
    'nickName eq "x"', 'profile.x sw 5', 'status eq true', 'created sw "2024"',
    'profile.x eq null', 'type.id gt "a"', 'credentials.password eq "x"',
])
def test_search_rejects_bad_attributes_and_values(text):
    with pytest.raises(QueryError):
        _sql(text, SEARCH, True)


@pytest.mark.parametrize("text, epoch", [
    ("2024-01-01T00:00:00.000Z", 1704067200.0),
    ("2024-01-01T00:00:00Z", 1704067200.0),
    ("2024-01-01T01:00:00.123+01:00", 1704067200.123),
    ("2024-01-01T00:00:00", 1704067200.0),
])
def test_times(text, epoch):
    assert parse_time(text) == epoch


def test_cursors_round_trip_and_reject_forgeries():
    assert decode_cursor(encode_cursor("00u12345678901234567"), sorted_=False) == (
        None, "00u12345678901234567")
    cursor = encode_cursor("00u12345678901234567", "Smith", True)
    assert decode_cursor(cursor, sorted_=True) == ("Smith", "00u12345678901234567")
    for bad in ("zzz", "00u1", "s", "sbm90LWpzb24", cursor[:-3], "00u1234567890123456!"):
        with pytest.raises(CursorError):
            decode_cursor(bad, sorted_=bad.startswith("s"))
    with pytest.raises(CursorError):
        decode_cursor(cursor, sorted_=False)
