"""The sandbox ASGI app: Ozon under /ozon, WB (all hosts) under /wb, photos under /cdn."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from sandbox import cdn, ozon, wb
from sandbox.config import SandboxConfig
from sandbox.context import SandboxContext
from sandbox.faults import FaultMiddleware


def create_app(config: SandboxConfig | None = None) -> FastAPI:
    ctx = SandboxContext.create(config or SandboxConfig())
    app = FastAPI(title="ozwb sandbox", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.ctx = ctx
    app.include_router(ozon.build_router(ctx), prefix="/ozon")
    app.include_router(wb.build_router(ctx), prefix="/wb")
    app.include_router(cdn.build_router(ctx), prefix="/cdn")

    @app.get("/_sandbox/stats")
    def stats() -> dict[str, Any]:
        return ctx.stats.snapshot()

    @app.post("/_sandbox/stats/reset")
    def reset_stats() -> dict[str, bool]:
        ctx.stats.reset()
        return {"ok": True}

    app.add_middleware(FaultMiddleware, ctx=ctx)
    return app
