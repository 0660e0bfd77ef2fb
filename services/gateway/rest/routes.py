"""All routes of /campaignevents/v0/."""
from fastapi import APIRouter

from eventcenter.services.gateway.rest import (
    campaigns,
    collaboration_list,
    contributions,
    email,
    event_pages,
    events,
    formatted_time,
    invitation_lists,
    organizers,
    participants,
    questions,
)

router = APIRouter()
for module in (events, event_pages, email, participants, organizers, questions, formatted_time, collaboration_list,
               invitation_lists, campaigns, contributions):
    router.include_router(module.router)
