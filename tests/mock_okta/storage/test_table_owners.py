"""Each SQLite table is written by one module, the owner storage/schema.py names;
every other module asks the owner (see directory/deletion.py for the widest case)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import mock_okta
from mock_okta.storage.schema import SCHEMA

PACKAGE = Path(mock_okta.__file__).parent
_OWNED = re.compile(r"^-- owner: (\S+)[^\n]*\nCREATE TABLE IF NOT EXISTS (\w+)", re.MULTILINE)
_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)")
# SQL that changes rows; an upsert's `DO UPDATE SET` belongs to its INSERT.
_WRITE = re.compile(r"\b(?:INSERT(?: OR \w+)? INTO|(?<!DO )UPDATE|DELETE FROM)\s+(\w+)")

OWNERS = {table: path for path, table in _OWNED.findall(SCHEMA)}


def _writes() -> list[tuple[str, str]]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for table in _WRITE.findall(path.read_text(encoding="utf-8")):
            found.add((path.relative_to(PACKAGE).as_posix(), table))
    return sorted(found)


WRITES = _writes()


def test_every_table_names_an_owner_that_exists():
    assert sorted(OWNERS) == sorted(_TABLE.findall(SCHEMA))
    for table, path in OWNERS.items():
        assert (PACKAGE / path).is_file(), f"{table}: no module {path}"


def test_the_scan_sees_the_writes():
    assert ("directory/users.py", "users") in WRITES
    assert ("directory/tokens.py", "authorization_codes") in WRITES
    assert len({table for _, table in WRITES}) == len(OWNERS)  # every table is written


@pytest.mark.parametrize("module, table", WRITES, ids=[f"{m}:{t}" for m, t in WRITES])
def test_only_the_owner_writes_a_table(module, table):
    assert table in OWNERS, f"{module} writes {table}, which the schema does not define"
    assert module == OWNERS[table], f"{module} writes {table}; ask {OWNERS[table]} instead"
