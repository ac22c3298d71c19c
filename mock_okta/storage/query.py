"""Okta's expression language for `filter` and `search` (pure: text in, tree out).

    expr    := term ("or" term)*
    term    := factor ("and" factor)*
    factor  := "not" factor | "(" expr ")" | path "pr" | path op value
    op      := eq | sw | gt | ge | lt | le           (case-insensitive)
               (the System Log adds ne | co | ew: `operators=LOG_COMPARISONS`)
    value   := "double-quoted string" | number | true | false | null

Attribute paths are case-sensitive (`profile.firstName`). What each attribute
means, and which operators it takes, is the caller's business (user_search,
groups); this module only knows the grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mock_okta.errors import QueryError

COMPARISONS = ("eq", "sw", "gt", "ge", "lt", "le")
LOG_COMPARISONS = (*COMPARISONS, "ne", "co", "ew")
_KEYWORDS = {"and", "or", "not", "pr", *COMPARISONS}
_MAX_LENGTH = 4096
_MAX_DEPTH = 50

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<paren>[()])
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?(?![\w.]))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
""", re.VERBOSE)
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r"}


@dataclass(frozen=True)
class Compare:
    path: str
    op: str          # one of COMPARISONS, or "pr"
    value: object = None


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class Logical:
    op: str          # "and" | "or"
    left: Node
    right: Node


Node = Compare | Not | Logical


@dataclass(frozen=True)
class Token:
    kind: str        # paren | string | number | word | keyword | literal
    value: object
    at: int


def tokenize(text: str) -> list[Token]:
    if len(text) > _MAX_LENGTH:
        raise QueryError("expression too long")
    tokens, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise QueryError(f"unexpected character at {pos}: {text[pos]!r}")
        kind, raw = match.lastgroup, match.group()
        if kind == "string":
            tokens.append(Token("string", _unquote(raw[1:-1], pos), pos))
        elif kind == "number":
            tokens.append(Token("number", float(raw) if "." in raw else int(raw), pos))
        elif kind == "word":
            lowered = raw.lower()
            if lowered in _KEYWORDS:
                tokens.append(Token("keyword", lowered, pos))
            elif lowered in ("true", "false", "null"):
                tokens.append(Token("literal", {"true": True, "false": False}.get(lowered), pos))
            else:
                tokens.append(Token("word", raw, pos))
        elif kind == "paren":
            tokens.append(Token("paren", raw, pos))
        pos = match.end()
    return tokens


def _unquote(body: str, at: int) -> str:
    out, i = [], 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            escaped = body[i + 1]
            if escaped == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", body[i + 2:i + 6]):
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            if escaped not in _ESCAPES:
                raise QueryError(f"bad escape in string at {at}")
            out.append(_ESCAPES[escaped])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse(text: str, *, allow_not: bool = True,
          operators: tuple[str, ...] = COMPARISONS) -> Node:
    """Parse an expression; QueryError for anything malformed."""
    if not isinstance(text, str) or not text.strip():
        raise QueryError("empty expression")
    parser = _Parser(tokenize(text), allow_not, operators)
    node = parser.expr(0)
    if parser.peek() is not None:
        raise QueryError(f"unexpected {parser.peek().value!r} at {parser.peek().at}")
    return node


class _Parser:
    def __init__(self, tokens: list[Token], allow_not: bool, operators: tuple[str, ...]):
        self.tokens, self.pos, self.allow_not = tokens, 0, allow_not
        self.operators = operators

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise QueryError("unexpected end of expression")
        self.pos += 1
        return token

    def at_keyword(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "keyword" and token.value == word

    def expr(self, depth: int) -> Node:
        if depth > _MAX_DEPTH:
            raise QueryError("expression nested too deeply")
        node = self.term(depth)
        while self.at_keyword("or"):
            self.take()
            node = Logical("or", node, self.term(depth))
        return node

    def term(self, depth: int) -> Node:
        node = self.factor(depth)
        while self.at_keyword("and"):
            self.take()
            node = Logical("and", node, self.factor(depth))
        return node

    def factor(self, depth: int) -> Node:
        token = self.take()
        if token.kind == "keyword" and token.value == "not":
            if not self.allow_not:
                raise QueryError("'not' is not supported here")
            return Not(self.factor(depth + 1))
        if token.kind == "paren" and token.value == "(":
            node = self.expr(depth + 1)
            closing = self.take()
            if closing.kind != "paren" or closing.value != ")":
                raise QueryError(f"expected ')' at {closing.at}")
            return node
        if token.kind != "word":
            raise QueryError(f"expected an attribute at {token.at}")
        operator = self.take()
        name = str(operator.value).lower() if operator.kind in ("keyword", "word") else None
        if name not in (*self.operators, "pr"):
            raise QueryError(f"Unrecognized attribute operator '{operator.value}' at position"
                             f" {operator.at}. Expected: {','.join((*self.operators, 'pr'))}")
        if name == "pr":
            return Compare(token.value, "pr")
        value = self.take()
        if value.kind not in ("string", "number", "literal"):
            raise QueryError(f"expected a value at {value.at}")
        return Compare(token.value, name, value.value)
