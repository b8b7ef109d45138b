"""Browser fixtures: the app served over HTTP in a thread, and Debian's Chromium driven by Playwright.

Playwright never downloads a browser here: it drives ``/usr/bin/chromium``. Without it the
browser tests are skipped, unless ``REQUIRE_BROWSER=1`` (CI), when they fail instead.
Set ``SCREENSHOTS=1`` to refresh the README's screenshots in ``static/screenshots/``.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app
from app.config import PROJECT_ROOT, TestConfig
from app.extensions import db
from app.notifications.models import OutboxMessage

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}
SCREENSHOT_FOLDER = PROJECT_ROOT / "static" / "screenshots"
FAILURE_FOLDER = PROJECT_ROOT / "test-results" / "browser"
TIMEOUT_MS = 10_000


class QuietRequestHandler(WSGIRequestHandler):
    """Keep the access log out of test output; errors are still logged."""

    def log_request(self, code="-", size="-") -> None:
        pass


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_server(app):
    """A second app on the suite's database, with CSRF on as in production, served on a free port."""
    served = create_app({
        **{key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()},
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
    })
    server = make_server("127.0.0.1", 0, served, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=served)
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with served.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@pytest.fixture
def new_context(browser, live_server, request):
    """Open browser contexts (separate people: own cookies); on failure, keep a screenshot of each page."""
    contexts: list[BrowserContext] = []

    def open_context(**options) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, viewport=options.pop("viewport", DESKTOP),
                                      locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    failed = getattr(request.node, "browser_test_failed", False)
    for number, context in enumerate(contexts):
        if failed:
            FAILURE_FOLDER.mkdir(parents=True, exist_ok=True)
            for page_number, page in enumerate(context.pages):
                page.screenshot(path=str(FAILURE_FOLDER / f"{request.node.name}-{number}-{page_number}.png"),
                                full_page=True)
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    """A desktop page for one anonymous visitor."""
    return new_context().new_page()


@pytest.fixture
def screenshot():
    """Save a README screenshot, only when ``SCREENSHOTS=1``."""

    def save(page: Page, name: str) -> None:
        if os.environ.get("SCREENSHOTS") != "1":
            return
        SCREENSHOT_FOLDER.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_FOLDER / f"{name}.png"), full_page=True)

    return save


@pytest.fixture
def emailed_link(app):
    """Open the mail: the link the latest outbox message to ``address`` carries (on ``path``)."""

    def find(address: str, path: str) -> str:
        bodies = db.session.scalars(
            select(OutboxMessage.body_text).where(OutboxMessage.recipient_email == address)
            .order_by(OutboxMessage.id.desc())
        ).all()
        db.session.rollback()  # hold no transaction open while the server writes
        for body in bodies:
            links = [link for link in re.findall(r"https?://\S+", body) if path in link]
            if links:
                return links[0]
        raise AssertionError(f"no mail to {address} carries a link to {path}: {bodies!r}")

    return find
