"""All routes of /campaignevents/v0/."""
from fastapi import APIRouter

from eventcenter.services.gateway.rest import events, organizers, participants, questions

router = APIRouter()
for module in (events, participants, organizers, questions):
    router.include_router(module.router)
