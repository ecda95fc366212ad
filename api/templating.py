"""Jinja2 pages: ``render(request, "x.html", {...})`` adds the signed-in user, the unread notices
badge, the flash message and ``csrf_field()`` to every template (autoescape on)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup

from api.security import CSRF_FIELD, FLASH_COOKIE, csrf_token, read_flash

ROOT = Path(__file__).resolve().parent.parent


def resource_dir(name: str, package_relative: Path) -> Path:
    """A folder shipped next to the code (a checkout) or in the working directory (the Docker image)."""
    for candidate in (package_relative, Path.cwd() / name):
        if candidate.is_dir():
            return candidate
    return package_relative


@pass_context
def _csrf_field(context: dict[str, Any]) -> Markup:
    token = csrf_token(context["request"])
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)


def format_when(epoch: float | None) -> str:
    """``{{ job.created_at | when }}`` → "26.11.2026 10:05 UTC"."""
    if epoch is None:
        return "—"
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%d.%m.%Y %H:%M UTC")


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(resource_dir("templates", ROOT / "templates")))
    templates.env.autoescape = True
    templates.env.globals["csrf_field"] = _csrf_field
    templates.env.filters["when"] = format_when
    return templates


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    data: dict[str, Any] = {
        "user": getattr(request.state, "user", None),
        "unread_notices": getattr(request.state, "unread_notices", 0),
        "flash": read_flash(request),
        "csrf_token": csrf_token(request),
        **(context or {}),
    }
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, name, data, status_code=status_code)
    if request.cookies.get(FLASH_COOKIE):
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response
