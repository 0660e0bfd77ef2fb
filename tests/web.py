"""Signing a plain HTTP client in through /dev/login, as a browser without JavaScript does."""
import re

import httpx

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no CSRF token field"
    return found.group(1)


async def signed_in_client(base_url: str, username: str, groups=(), blocked: bool = False,
                           email: str = "") -> httpx.AsyncClient:
    """`email`: the address dev sign-in records as confirmed (none by default)."""
    client = httpx.AsyncClient(base_url=base_url, timeout=30)
    form = await client.get("/dev/login")
    answer = await client.post("/dev/login", data={"username": username, "groups": list(groups),
                                                   "blocked": "true" if blocked else "", "email": email,
                                                   "token": csrf_of(form.text)})
    assert answer.status_code == 303, answer.text
    return client


async def anonymous_client(base_url: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, timeout=30)
