"""End to end in a real headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium; never a downloaded browser): log in with a texted code, see today's appointments,
move one and see the customer's notice in the outbox, read a conversation.

SMSBOT_SCREENSHOTS=docs also writes the README's screenshots there."""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from smsbot.messaging.console import ConsoleSender
from smsbot.messaging.worker import Worker
from tests.bots import CUSTOMER, START
from tests.conftest import in_ci
from tests.web_support import add_staff

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
STAFF = "+15550001111"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1100,900"]


@pytest.fixture
def browser(tmp_path):
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        reason = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        if in_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture
def served(make_bot, sqlite_file_url):
    """The app on a real HTTP server (threads, as in production) on a free loopback port."""
    bot = make_bot(sqlite_file_url, secret_key="e2e-secret-key", business_name="Bright Smile Dental")
    server = make_server("127.0.0.1", 0, bot.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield bot, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def _submit(driver, by, locator) -> None:
    """Click what loads a new page, and wait until it has: a click returns before the navigation."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(by, locator).click()
    WebDriverWait(driver, 10).until(expected_conditions.staleness_of(page))


def _screenshot(driver, name: str, tmp_path: Path) -> None:
    where = Path(os.environ.get("SMSBOT_SCREENSHOTS") or tmp_path)
    driver.save_screenshot(str(where / name))


def test_log_in_with_a_texted_code_move_an_appointment_and_read_a_conversation(browser, served, tmp_path):
    from selenium.webdriver.common.by import By

    bot, base = served
    add_staff(bot, STAFF, "owner", "Dr. Rivera")
    bot.text("hi, can I come in today at 2pm?")
    bot.text("yes")
    bot.book("+15551230002", START.replace(hour=11, minute=0))
    sender = ConsoleSender()

    browser.get(base + "/")
    assert browser.current_url.startswith(base + "/login")
    browser.find_element(By.ID, "phone").send_keys(STAFF)
    _submit(browser, By.XPATH, "//button[text()='Send code']")
    assert "Enter your code" in browser.find_element(By.TAG_NAME, "h1").text
    Worker(bot.db, sender, bot.settings, bot.clock).run_once()  # the console sender shows the text
    [code] = re.findall(r"\b\d{6}\b", sender.sent[-1].body)
    browser.find_element(By.ID, "code").send_keys(code)
    _submit(browser, By.XPATH, "//button[text()='Log in']")

    assert browser.current_url == base + "/today"
    assert CUSTOMER in browser.page_source and "2:00 PM" in browser.page_source
    _screenshot(browser, "dashboard-today.png", tmp_path)

    [appointment] = [a for a in bot.booked() if a.phone == CUSTOMER]
    _submit(browser, By.CSS_SELECTOR, f"a[href='/appointments/{appointment.id}']")
    # Date and time inputs type differently per locale: set their values as the picker would.
    browser.execute_script("document.getElementById('move-date').value = '2026-03-05';"
                           "document.getElementById('move-time').value = '15:30';")
    _submit(browser, By.ID, "move")
    assert "Move #" in browser.page_source
    _submit(browser, By.ID, "confirm")
    assert "Moved #" in browser.find_element(By.CSS_SELECTOR, ".flash").text

    browser.get(base + "/outbox")
    notices = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "tbody tr") if "notice" in row.text]
    assert len(notices) == 1 and CUSTOMER in notices[0] and "moved to Thursday, March 5 at 3:30 PM" in notices[0]

    browser.get(base + "/conversations")
    _submit(browser, By.LINK_TEXT, CUSTOMER)
    assert "hi, can I come in today at 2pm?" in browser.page_source
    _screenshot(browser, "dashboard-conversation.png", tmp_path)

    browser.set_window_size(390, 844)  # a phone: every page fits its width, nothing to scroll sideways
    for path in ("/today", "/week", "/outbox", f"/conversations/{CUSTOMER}", "/settings", "/staff"):
        browser.get(base + path)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone"
