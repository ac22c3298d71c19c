"""Console: the outbox."""

from __future__ import annotations

from mock_okta.directory import outbox


def test_messages_are_shown_escaped_and_filtered(console, org):
    outbox.send(org.store, "a@example.com", "<b>Hi</b>", "body <script>x</script>",
                "http://localhost/welcome/abc")
    outbox.send(org.store, "b@example.com", "Other", "other body")
    page = console.page("/outbox")
    assert len(page.find_all(data_se="outbox-message")) == 2
    html = page.html
    assert "<script>x" not in html and "&lt;script&gt;x" in html and "<b>Hi" not in html
    only_a = console.page("/outbox", query_string={"to": "a@example.com"})
    assert len(only_a.find_all(data_se="outbox-message")) == 1


def test_empty_the_outbox(console, org):
    outbox.send(org.store, "a@example.com", "Hi", "b")
    shown = console.act("/outbox/clear", on="/outbox")
    assert shown.notice == "Removed 1 message(s)."
    assert outbox.list(org.store) == []
    assert shown.page.find(id="outbox-empty")
