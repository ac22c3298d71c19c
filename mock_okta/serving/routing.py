"""Werkzeug URL rules that compile their URL builders on first use.

Werkzeug compiles two builder functions per rule (through `ast` and
`compile()`) as each rule is added: for this app's ~80 rules that was a
quarter of start-up, though few rules are ever used to build a URL. Deferring
it changes nothing else; if Werkzeug stops calling `_compile_builder`, rules
simply compile eagerly again.
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
