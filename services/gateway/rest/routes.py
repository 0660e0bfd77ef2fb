"""All routes of /campaignevents/v0/."""
from fastapi import APIRouter

from eventcenter.services.gateway.rest import (
    campaigns, collaboration_list, contributions, email, events, formatted_time, invitation_lists, organizers, participants, questions,
)

router = APIRouter()
for module in (events, email, participants, organizers, questions, formatted_time, collaboration_list,
               invitation_lists, campaigns, contributions):
    router.include_router(module.router)
