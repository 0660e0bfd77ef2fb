"""Liveness and readiness: /healthz answers while the process runs, /readyz when the services answer and the
gateway knows which sessions were signed out."""
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    states = await request.app.state.channels.ready()
    states["signed_out_sessions"] = request.app.state.signed_out.ready.is_set()
    ready = all(states.values())
    return JSONResponse({"status": "ready" if ready else "unavailable", **states}, status_code=200 if ready else 503)
