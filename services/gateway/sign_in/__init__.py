"""Sign-in: OAuth with the wiki (or the dev sign-in), the browser session, sessions ended by signing out, and telling
the services who signed in."""
