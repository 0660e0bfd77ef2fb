"""Registration service: events, organizers, registrations, questions, rights and blocks."""
