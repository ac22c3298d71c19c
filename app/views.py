"""The site's own pages. Thin: the user is already on g.user (see auth.load_logged_in_user)."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from .auth import login_required

bp = Blueprint("views", __name__)


@bp.get("/")
def home():
    return render_template("home.html")


@bp.get("/dashboard")
@login_required
def dashboard():
    return render_template("dashboard.html", user=g.user)
