"""What Event Center knows of MediaWiki wikis, for the services that read them: the Action API client, links in
wikitext, the directory of the wikis a service reads, worklists of articles. No service's domain lives here."""
