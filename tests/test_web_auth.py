"""Dashboard login and web security: texted codes and the owner password, sessions that
expire, end at logout and when a staff member is removed, cookie flags, CSRF and Origin
checks, throttling with 429, and `next` only to our own paths."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest

from smsbot.store import staff as staff_store
from tests.web_support import (add_staff, csrf_token, log_in_with_code, log_in_with_password, post_form,
                               texted_code)

PASSWORD = "correct horse battery staple"
STAFF, OWNER, STRANGER = "+15550001111", "+15550002222", "+15550003333"
STAFF_PAGES = ["/today", "/week", "/agenda?day=2026-03-04", "/outbox", "/settings", "/conversations",
               "/conversations/+15551230001", "/appointments/1"]
STAFF_POSTS = ["/appointments/1/move", "/appointments/1/cancel", "/appointments/1/no-show", "/appointments",
               "/blocks", "/blocks/remove", "/outbox/1/retry", "/conversations/+15551230001/reply",
               "/conversations/+15551230001/takeover", "/conversations/+15551230001/handback"]
OWNER_PAGES, OWNER_POSTS = ["/staff"], ["/staff", "/staff/remove"]


@pytest.fixture
def bot(make_bot):
    made = make_bot(owner_password=PASSWORD, secret_key="test-secret-key")
    add_staff(made, STAFF, "staff")
    add_staff(made, OWNER, "owner")
    return made


@pytest.fixture
def client(bot):
    return bot.app().test_client()


@pytest.mark.parametrize("path", STAFF_PAGES + OWNER_PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, path):
    answer = client.get(path)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", STAFF_POSTS + OWNER_POSTS)
def test_anonymous_changes_need_the_token_and_then_a_login(client, path):
    assert client.post(path).status_code == 400  # no CSRF token
    answer = post_form(client, path, {})
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def test_the_root_leads_to_the_login_or_to_today(client, bot):
    assert client.get("/").headers["Location"] == "/login"
    log_in_with_code(client, bot, STAFF)
    assert client.get("/").headers["Location"] == "/today"


def test_a_texted_code_logs_a_staff_member_in_once(client, bot):
    answer = log_in_with_code(client, bot, STAFF, next_="/outbox")
    assert answer.status_code == 302 and answer.headers["Location"] == "/outbox"
    assert client.get("/today").status_code == 200
    login_texts = [row for row in bot.outbox() if row.kind == "login"]
    assert [row.to for row in login_texts] == [STAFF]
    code = texted_code(bot, STAFF)
    other = bot.app().test_client()
    assert post_form(other, "/login/verify", {"phone": STAFF, "code": code}).status_code == 401


def test_a_number_not_on_the_staff_list_gets_the_same_page_and_no_text(client, bot):
    staff = post_form(client, "/login/code", {"phone": STAFF})
    stranger = post_form(client, "/login/code", {"phone": STRANGER})
    assert staff.status_code == stranger.status_code == 200
    assert stranger.get_data(as_text=True).replace(STRANGER, "N") == staff.get_data(as_text=True).replace(STAFF, "N")
    assert [row.to for row in bot.outbox()] == [STAFF]


def test_wrong_expired_and_malformed_codes_are_refused(client, bot):
    post_form(client, "/login/code", {"phone": STAFF})
    code = texted_code(bot, STAFF)
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    assert post_form(client, "/login/verify", {"phone": STAFF, "code": wrong}).status_code == 401
    assert post_form(client, "/login/verify", {"phone": STAFF, "code": "12ab"}).status_code == 400
    assert post_form(client, "/login/verify", {"phone": "not a phone", "code": code}).status_code == 400
    bot.clock.advance(timedelta(minutes=11))
    assert post_form(client, "/login/verify", {"phone": STAFF, "code": code}).status_code == 401
    assert post_form(client, "/login/code", {"phone": "+1 call me"}).status_code == 400


def test_a_code_is_void_after_five_wrong_tries(client, bot):
    post_form(client, "/login/code", {"phone": STAFF})
    code = texted_code(bot, STAFF)
    for n in range(5):
        post_form(client, "/login/verify", {"phone": STAFF, "code": f"{(int(code) + 1 + n) % 10 ** 6:06d}"})
    assert post_form(client, "/login/verify", {"phone": STAFF, "code": code}).status_code == 401


def test_the_owner_password_logs_in_as_an_owner(client):
    assert log_in_with_password(client, "wrong password").status_code == 401
    assert client.get("/staff").status_code == 302
    assert log_in_with_password(client, PASSWORD).headers["Location"] == "/today"
    assert client.get("/staff").status_code == 200


def test_without_an_owner_password_there_is_no_password_login(make_bot):
    client = make_bot(secret_key="k").app().test_client()
    assert b'name="password"' not in client.get("/login").data
    assert log_in_with_password(client, "anything at all").status_code == 404


def test_staff_cannot_use_owner_pages(client, bot):
    log_in_with_code(client, bot, STAFF)
    assert client.get("/staff").status_code == 403
    assert post_form(client, "/staff", {"phone": STRANGER, "role": "owner"}, page="/today").status_code == 403
    assert b"/staff" not in client.get("/today").data  # not in the menu either


@pytest.mark.parametrize("target", ["/\t/evil.example", "//evil.example", "https://evil.example/x",
                                    "/\\evil.example", "/x\r\nSet-Cookie: a=b", "evil.example", "/caf\u00e9\n"])
def test_next_only_ever_leads_to_our_own_paths(client, target):
    answer = log_in_with_password(client, PASSWORD, next_=target)
    assert answer.status_code == 302 and answer.headers["Location"] == "/today"


def test_next_keeps_a_path_of_ours(client):
    assert log_in_with_password(client, PASSWORD, "/week?start=2026-03-02").headers["Location"] == \
        "/week?start=2026-03-02"


def test_the_escaped_tab_of_the_audit_is_refused_end_to_end(client):
    token = csrf_token(client, "/login?next=/%09/evil.example")
    answer = client.post("/login/password?next=/%09/evil.example", data={"csrf_token": token, "password": PASSWORD})
    assert answer.headers["Location"] == "/today"


def test_logout_ends_the_session_even_for_a_copied_cookie(client, bot):
    log_in_with_code(client, bot, STAFF)
    copied = client.get_cookie("smsbot_session").value
    post_form(client, "/logout", {}, page="/today")
    thief = bot.app().test_client()
    thief.set_cookie("smsbot_session", copied)
    assert thief.get("/today").status_code == 302


def test_removing_a_staff_member_ends_their_sessions_at_once(client, bot):
    log_in_with_code(client, bot, STAFF)
    owner = bot.app().test_client()
    log_in_with_code(owner, bot, OWNER)
    assert post_form(owner, "/staff/remove", {"phone": STAFF}, page="/staff").status_code == 302
    assert client.get("/today").status_code == 302


def test_removal_by_sms_or_cli_ends_the_session_too(client, bot):
    log_in_with_code(client, bot, STAFF)
    with bot.db.transaction() as session:
        staff_store.remove(session, STAFF)
    assert client.get("/today").status_code == 302


def test_sessions_expire(client, bot):
    log_in_with_code(client, bot, STAFF)
    bot.clock.advance(timedelta(hours=11))
    assert client.get("/today").status_code == 200
    bot.clock.advance(timedelta(hours=2))
    assert client.get("/today").status_code == 302


def _cookie_header(answer) -> str:
    [cookie] = [h for h in answer.headers.getlist("Set-Cookie") if h.startswith("smsbot_session=")]
    return cookie


def test_cookie_flags_on_http_https_and_behind_a_trusted_proxy(bot, make_bot):
    plain = _cookie_header(log_in_with_password(bot.app().test_client(), PASSWORD))
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    https = bot.app().test_client()
    # Over HTTPS, Flask-WTF also wants a same-site Referer (browsers send it: Referrer-Policy same-origin).
    https_cookie = _cookie_header(https.post("/login/password", base_url="https://localhost", data={
        "csrf_token": csrf_token(https), "password": PASSWORD}, headers={"Referer": "https://localhost/login"}))
    assert "Secure" in https_cookie
    proxied_bot = make_bot(owner_password=PASSWORD, secret_key="k", trusted_proxies=1)
    proxied = proxied_bot.app().test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9",
                 "Referer": "https://localhost/login"}
    token = csrf_token(proxied)
    cookie = _cookie_header(proxied.post("/login/password", headers=forwarded,
                                         data={"csrf_token": token, "password": PASSWORD}))
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_a_form_from_another_site_is_refused_even_with_a_token(client):
    token = csrf_token(client)
    answer = client.post("/login/password", data={"csrf_token": token, "password": PASSWORD},
                         headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403
    referred = client.post("/login/password", data={"csrf_token": token, "password": PASSWORD},
                           headers={"Referer": "https://evil.example/page"})
    assert referred.status_code == 403
    ours = client.post("/login/password", data={"csrf_token": token, "password": PASSWORD},
                       headers={"Origin": "http://localhost"})
    assert ours.status_code == 302


def test_too_many_attempts_on_one_account_get_429_without_a_pause(make_bot, caplog):
    bot = make_bot(owner_password=PASSWORD, secret_key="k", login_limit_per_account=3)
    client = bot.app().test_client()
    began = time.monotonic()
    codes = [log_in_with_password(client, "wrong password").status_code for _ in range(6)]
    assert codes == [401, 401, 401, 429, 429, 429]
    assert len([r for r in caplog.records if "over the limit" in r.getMessage()]) == 1  # once, not per guess
    assert time.monotonic() - began < 1.0  # refused at once, no sleeping in the worker thread
    refused = log_in_with_password(client, PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    bot.clock.advance(timedelta(minutes=16))
    assert log_in_with_password(client, PASSWORD).status_code == 302


def test_too_many_attempts_from_one_client_get_429_whatever_the_account(make_bot):
    bot = make_bot(owner_password=PASSWORD, secret_key="k", login_limit_per_client=3)
    client = bot.app().test_client()
    phones = [f"+1555000{n:04d}" for n in range(4)]
    assert [post_form(client, "/login/code", {"phone": p}).status_code for p in phones] == [200, 200, 200, 429]
    elsewhere = bot.app().test_client()
    answer = elsewhere.post("/login/code", environ_base={"REMOTE_ADDR": "198.51.100.7"},
                            data={"csrf_token": csrf_token(elsewhere), "phone": phones[0]})
    assert answer.status_code == 200


def test_without_a_secret_key_in_production_the_dashboard_says_so(make_bot):
    bot = make_bot(environment="production", twilio_auth_token="t" * 32, public_base_url="https://bot.example.com")
    answer = bot.app().test_client().get("/login")
    assert answer.status_code == 503 and b"SECRET_KEY" in answer.data


@pytest.mark.parametrize("who, path, status", [
    *[("staff", p, 200) for p in STAFF_PAGES], *[("staff", p, 403) for p in OWNER_PAGES],
    *[("owner", p, 200) for p in STAFF_PAGES + OWNER_PAGES]])
def test_what_staff_and_owners_may_open(bot, client, who, path, status):
    from tests.bots import CUSTOMER, START

    bot.book(CUSTOMER, START.replace(hour=14, minute=0))
    log_in_with_code(client, bot, STAFF if who == "staff" else OWNER)
    assert client.get(path).status_code == status
