"""Helpers for the dev console's tests (/_mock/console): open a page, submit one of
its forms with the page's CSRF token and `back` path, and read the notice or the
error message the console shows after it."""

from __future__ import annotations

from tests.mock_okta.support.pages import Page, csrf_token

CONSOLE = "/_mock/console"


class Console:
    def __init__(self, client):
        self.client = client

    def get(self, path: str, status: int = 200, **kwargs):
        response = self.client.get(CONSOLE + path, **kwargs)
        assert response.status_code == status, response.get_data(as_text=True)[:2000]
        return response

    def page(self, path: str, **kwargs) -> Page:
        return Page(self.get(path, **kwargs))

    def submit(self, action: str, data: dict | None = None, *, on: str | None = None,
               csrf: bool = True):
        """POST the form at `action` as the page `on` (default: the action's own page)
        would: CSRF token and `back` path included. Returns the raw response."""
        page = on if on is not None else action
        form = dict(data or {})
        form.setdefault("back", CONSOLE + page)
        if csrf:
            form["csrf_token"] = csrf_token(self.get(page))
        return self.client.post(CONSOLE + action, data=form)

    def act(self, action: str, data: dict | None = None, *, on: str | None = None) -> Shown:
        """Submit, expect the console's 303, and follow it to the page shown next."""
        response = self.submit(action, data, on=on)
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        location = response.headers["Location"]
        followed = self.client.get(location)
        assert followed.status_code == 200, followed.get_data(as_text=True)[:2000]
        return Shown(location, Page(followed))


class Shown:
    """The page shown after an action: where it is, its notice or error message."""

    def __init__(self, location: str, page: Page):
        self.location, self.page = location, page

    @property
    def notice(self) -> str | None:
        found = self.page.find(data_se="flash-notice")
        return found["_text"] if found else None

    @property
    def error(self) -> str | None:
        found = self.page.find(data_se="flash-error")
        return found["_text"] if found else None
