"""All routes of /campaignevents/v0/."""
from fastapi import APIRouter

from eventcenter.services.gateway.rest import events

router = APIRouter()
router.include_router(events.router)
