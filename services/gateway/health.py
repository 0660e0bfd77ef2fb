"""Liveness and readiness: /healthz answers while the process runs, /readyz when the services answer."""
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    states = await request.app.state.clients.ready()
    ready = all(states.values())
    return JSONResponse({"status": "ready" if ready else "unavailable", **states}, status_code=200 if ready else 503)
