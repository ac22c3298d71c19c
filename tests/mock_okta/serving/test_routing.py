"""URL builders compile on first use, and build the same URLs as Werkzeug's.

LazyBuilderRule overrides Werkzeug's private `Rule._compile_builder`: these
tests fail (they never skip) if Werkzeug changes what the override relies on.
"""

import inspect

from flask import Flask, url_for
from werkzeug.routing import Rule

from mock_okta.serving.routing import LazyBuilderRule


def make_app(rule_class):
    app = Flask(__name__)
    app.url_rule_class = rule_class
    app.add_url_rule("/oauth2/<server_id>/v1/keys", "keys", lambda server_id: "")
    app.add_url_rule("/users/<user_id>/lifecycle/<op>", "op", lambda user_id, op: "")
    return app


def build_all(app):
    with app.test_request_context("/"):
        return [url_for("keys", server_id="default"),
                url_for("keys", server_id="a b", extra="x&y"),
                url_for("op", user_id="00u1", op="suspend", _external=True)]


def test_lazy_rules_build_exactly_what_werkzeug_builds():
    assert build_all(make_app(LazyBuilderRule)) == build_all(make_app(Rule))


def test_builders_are_compiled_on_first_build_only():
    app = make_app(LazyBuilderRule)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "keys")
    assert rule._build_unknown.__name__ == "build_on_first_use"
    first = build_all(app)
    assert rule._build_unknown.__name__ != "build_on_first_use"  # compiled, then kept
    assert build_all(app) == first


def test_werkzeug_private_api_is_still_what_the_override_relies_on():
    """`_compile_builder(self, append_unknown=True)` exists; `compile()` sets both
    builders from it; `build()` calls the one it needs, building what Werkzeug builds."""
    parameters = list(inspect.signature(Rule._compile_builder).parameters.values())
    assert [p.name for p in parameters] == ["self", "append_unknown"]
    assert parameters[1].default is True
    lazy, eager = (next(r for r in make_app(cls).url_map.iter_rules() if r.endpoint == "op")
                   for cls in (LazyBuilderRule, Rule))
    assert lazy._build.__name__ == lazy._build_unknown.__name__ == "build_on_first_use"
    values = {"user_id": "00u1", "op": "suspend", "extra": "1"}
    assert lazy.build(values, append_unknown=False) == eager.build(values, append_unknown=False)
    assert lazy._build.__name__ != "build_on_first_use"
    assert lazy._build_unknown.__name__ == "build_on_first_use"
    assert lazy.build(values) == eager.build(values)
    assert lazy._build_unknown.__name__ != "build_on_first_use"
