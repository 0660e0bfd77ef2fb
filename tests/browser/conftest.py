"""Headless Chromium (Debian's package, never a downloaded browser) driven by Playwright."""
import os
import pathlib

import pytest

CHROMIUM = os.environ.get("EVENTCENTER_CHROMIUM", "/usr/bin/chromium")
# The machine has no internet: no background connections, no updates, no first-run pages.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
async def browser():
    from playwright.async_api import async_playwright

    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        await browser.close()


@pytest.fixture
async def new_page(browser, gateway):
    """Pages in fresh browser contexts (one per person), closed after the test."""
    contexts = []

    async def open_page(locale: str = "en-US", timezone: str = "Europe/Paris"):
        context = await browser.new_context(base_url=gateway.url, locale=locale, timezone_id=timezone)
        contexts.append(context)
        return await context.new_page()

    yield open_page
    for context in contexts:
        await context.close()
