"""The web pages: server-rendered HTML for events, campaigns, the Collaboration List, contributions and a person's
own pages, with their templates, translations and static files."""
