"""Liveness and readiness: /healthz answers while the process runs, /readyz when the services answer."""
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    ready = await request.app.state.clients.ready()
    return JSONResponse({"status": "ready" if ready else "unavailable", "registration": ready},
                        status_code=200 if ready else 503)
