"""Werkzeug URL rules that compile their URL builders on first use.

The one place the project touches a private Werkzeug API, kept because it is
measured: Werkzeug compiles two builder functions per rule (through `ast` and
`compile()`) as each rule is added, and for this app's ~80 rules that is most
of `create_app` (scripts/time_startup.py: 46 ms median with Werkzeug's Rule, 10 ms
with this one), paid by every test that makes an app. Few rules ever build a URL.

What it relies on: `Rule.compile()` sets `_build` and `_build_unknown` from
`self._compile_builder(append_unknown)`, and `Rule.build()` calls them.
tests/mock_okta/serving/test_routing.py fails if any of that changes.
"""

from __future__ import annotations

from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    def _compile_builder(self, append_unknown: bool = True):
        attribute = "_build_unknown" if append_unknown else "_build"

        def build_on_first_use(rule: Rule, **values):
            builder = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            setattr(rule, attribute, builder)  # later builds go straight to it
            return builder(**values)

        return build_on_first_use
