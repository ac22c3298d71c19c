"""The site's own pages. Thin: the user is already on g.user (see auth.load_logged_in_user)."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from .site_session import login_required

bp = Blueprint("views", __name__)


@bp.get("/")
def home():
    # Back from the org's sign-out, the URL carries the logout `state`: drop it from the bar.
    if request.args and set(request.args) <= {"state"}:
        return redirect(url_for("views.home"))
    return render_template("home.html")


@bp.get("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.svg")


@bp.get("/dashboard")
@login_required
def dashboard():
    return render_template("dashboard.html", user=g.user)


@bp.get("/lair")
@login_required
def lair():
    """A second protected page, as in the seeds: the same `login_required`."""
    return render_template("lair.html", user=g.user)
