"""The callback endpoint's checks over real HTTP, with requests signed and encrypted as WeCom does."""

from __future__ import annotations

import base64
import time
from urllib.parse import parse_qs, urlencode

import httpx
import pytest
from aiohttp import web
from wechatpy.enterprise.crypto import PrpCrypto

from bot.adapters.wecom.callback import PATH, Callback, CallbackVerifier, ReplayGuard, callback_app, make_crypto
from bot.settings import SettingsError
from tests.fakes.wecom import AES_KEY, AGENT_ID, CORP_ID, TOKEN, echo_query, encrypted_callback, message_xml, signature


@pytest.fixture
async def endpoint():
    """The callback endpoint on a random port; yields (url, the callbacks it handed on)."""
    received: list[Callback] = []
    verifier = CallbackVerifier(make_crypto(TOKEN, AES_KEY, CORP_ID), AGENT_ID)
    runner = web.AppRunner(callback_app(verifier, received.append))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    async with httpx.AsyncClient(base_url=f"http://{host}:{port}") as http:
        yield http, received
    await runner.cleanup()


async def post(http: httpx.AsyncClient, query: str, body: bytes) -> httpx.Response:
    return await http.post(f"{PATH}?{query}", content=body, headers={"Content-Type": "text/xml"})


async def test_url_verification_returns_the_decrypted_echostr(endpoint):
    http, _ = endpoint
    response = await http.get(f"{PATH}?{echo_query('8403017428465286437')}")
    assert response.status_code == 200 and response.text == "8403017428465286437"


@pytest.mark.parametrize("forgery", ["token", "corp", "stale", "missing"])
async def test_url_verification_refuses_forgeries(endpoint, forgery):
    http, _ = endpoint
    query = {"token": lambda: echo_query("123", token="not-our-token"),
             "corp": lambda: echo_query("123", corp_id="wwanother"),
             "stale": lambda: echo_query("123", int(time.time()) - 3600),
             "missing": lambda: urlencode({"echostr": "abc"})}[forgery]()
    response = await http.get(f"{PATH}?{query}")
    assert response.status_code == (400 if forgery == "missing" else 403) and "123" not in response.text


async def test_a_message_is_acknowledged_at_once_and_handed_on(endpoint):
    http, received = endpoint
    query, body = encrypted_callback(message_xml("谁牵头推进公转铁？", user="lisi", msg_id="42"))
    response = await post(http, query, body)
    assert response.status_code == 200 and response.text == ""
    assert received == [Callback(msg_type="text", user_id="lisi", chat_id="", text="谁牵头推进公转铁？", msg_id="42",
                                 key="42")]


async def test_an_app_chat_message_carries_its_chat_id(endpoint):
    http, received = endpoint
    query, body = encrypted_callback(message_xml("/projects", chat_id="wrOgAAAA", msg_id="43"))
    assert (await post(http, query, body)).status_code == 200
    assert received[0].chat_id == "wrOgAAAA"


async def test_bad_signature_is_refused_and_not_processed(endpoint):
    http, received = endpoint
    query, body = encrypted_callback(message_xml("问题", msg_id="50"))
    fields = {k: v[0] for k, v in parse_qs(query).items()}
    fields["msg_signature"] = signature("guessed-token", fields["timestamp"], fields["nonce"], "x")
    response = await post(http, urlencode(fields), body)
    assert response.status_code == 403 and received == []


async def test_tampered_ciphertext_is_refused(endpoint):
    http, received = endpoint
    query, body = encrypted_callback(message_xml("问题", msg_id="51"))
    tampered = body.replace(b"<Encrypt><![CDATA[", b"<Encrypt><![CDATA[AAAA")
    assert (await post(http, query, tampered)).status_code == 403 and received == []


async def test_a_replayed_msg_id_is_refused_and_answered_once(endpoint):
    http, received = endpoint
    first = encrypted_callback(message_xml("问题", msg_id="60"))
    assert (await post(http, *first)).status_code == 200
    assert (await post(http, *first)).status_code == 409  # the same request again (WeCom's retry or a replay)
    again = encrypted_callback(message_xml("问题", msg_id="60"), nonce="another-nonce")
    assert (await post(http, *again)).status_code == 409  # re-signed, same MsgId
    assert len(received) == 1


async def test_a_stale_timestamp_is_refused(endpoint):
    http, received = endpoint
    query, body = encrypted_callback(message_xml("问题", msg_id="70"), int(time.time()) - 3600)
    response = await post(http, query, body)
    assert response.status_code == 403 and "stale" in response.text and received == []


def _signed(encrypted: str) -> tuple[str, bytes]:
    ts, nonce = str(int(time.time())), "n"
    query = urlencode({"msg_signature": signature(TOKEN, ts, nonce, encrypted), "timestamp": ts, "nonce": nonce})
    return query, f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()


@pytest.mark.parametrize("garble", ["not-xml", "not-utf8", "no-encrypt", "random-ciphertext", "not-base64",
                                    "inner-not-xml", "no-sender", "no-params"])
async def test_garbled_payloads_are_refused(endpoint, garble):
    http, received = endpoint
    key = base64.b64decode(AES_KEY + "=")
    if garble == "not-xml":
        query, body = encrypted_callback(message_xml("x"))[0], b"{\"json\": true}"
    elif garble == "not-utf8":
        query, body = encrypted_callback(message_xml("x"))[0], b"\xff\xfe<xml>"
    elif garble == "no-encrypt":
        query, body = encrypted_callback(message_xml("x"))[0], b"<xml><ToUserName>a</ToUserName></xml>"
    elif garble == "random-ciphertext":
        # fixed bytes, not random: about 1 random block in 100 decrypts to a foreign corp id (403)
        query, body = _signed(base64.b64encode(bytes(range(64))).decode())
    elif garble == "not-base64":
        query, body = _signed("%%%not base64%%%")
    elif garble == "inner-not-xml":
        query, body = _signed(PrpCrypto(key).encrypt("这不是XML <<<", CORP_ID).decode())
    elif garble == "no-sender":
        query, body = _signed(PrpCrypto(key).encrypt("<xml><MsgType>text</MsgType></xml>", CORP_ID).decode())
    else:
        query, body = "", encrypted_callback(message_xml("x"))[1]
    response = await post(http, query, body)
    assert response.status_code == 400 and received == []


async def test_another_corp_or_app_is_refused(endpoint):
    http, received = endpoint
    other_corp = encrypted_callback(message_xml("问题", msg_id="80"), corp_id="wwanother")
    assert (await post(http, *other_corp)).status_code == 403
    other_app = encrypted_callback(message_xml("问题", msg_id="81", agent_id="1000099"))
    assert (await post(http, *other_app)).status_code == 403
    assert received == []


async def test_an_oversized_body_is_refused(endpoint):
    http, received = endpoint
    query, _ = encrypted_callback(message_xml("x"))
    response = await post(http, query, b"<xml>" + b"a" * 400_000 + b"</xml>")
    assert response.status_code == 413 and received == []


def test_replay_guard_forgets_after_keep_and_stays_bounded():
    now = [0.0]
    guard = ReplayGuard(keep=600, clock=lambda: now[0], limit=3)
    assert guard.first_time("a") and not guard.first_time("a")
    now[0] = 601
    assert guard.first_time("a")  # long gone: its timestamp would be refused as stale anyway
    for key in "bcd":
        assert guard.first_time(key)
    assert len(guard.seen) == 3


@pytest.mark.parametrize(("token", "key", "message"), [
    ("", AES_KEY, "POLICYBOT_WECOM_TOKEN"), (TOKEN, "short", "43-character"), (TOKEN, AES_KEY[:-2], "43-character")])
def test_missing_or_malformed_settings_are_named(token, key, message):
    with pytest.raises(SettingsError, match=message):
        make_crypto(token, key, CORP_ID)
