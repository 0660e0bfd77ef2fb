"""What a revision's wikitext links to, read without asking the wiki to parse it."""
import re

# Targets that are not page links: files and categories (unless written with a leading colon). Interwiki
# prefixes are not known here, so such links count as page links (Event Center's wikis rarely use them).
_NOT_PAGE_LINKS = ("file:", "image:", "media:", "category:")
_LINK = re.compile(r"\[\[([^\[\]|{}<>\n]+)(?:\|[^\[\]]*)?\]\]")


def wikitext_links(text: str) -> set[str]:
    """The distinct page links written as [[Target]] or [[Target|label]] (no #fragment, first letter upper case,
    underscores as spaces), as the wiki's link table would hold them for plain wikitext. Links made by templates
    are not seen: that would need the wiki to parse both revisions (action=parse, far dearer)."""
    found = set()
    for target in _LINK.findall(text):
        target = target.split("#", 1)[0].replace("_", " ").strip()
        if target.startswith(":"):
            target = target[1:].strip()
        elif target.lower().startswith(_NOT_PAGE_LINKS):
            continue
        if target:
            found.add(" ".join((target[0].upper() + target[1:]).split()))
    return found
