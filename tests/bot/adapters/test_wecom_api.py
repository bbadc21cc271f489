"""The WeCom API client over real HTTP against the fake WeCom server: tokens, sends, errcodes, retries."""

from __future__ import annotations

import asyncio
import socket

import pytest

from bot.adapters.wecom.api import WeComClient, WeComError, with_retries
from reminders.delivery import Backoff
from tests.fakes.wecom import AGENT_ID, CORP_ID, SECRET, FakeWeCom


@pytest.fixture
async def fake():
    server = await FakeWeCom().start()
    yield server
    await server.stop()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client(fake):
    async with WeComClient(fake.base_url, corp_id=CORP_ID, secret=SECRET, agent_id=AGENT_ID) as c:
        yield c


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


async def test_one_gettoken_for_many_concurrent_sends(fake, client):
    await asyncio.gather(*(client.send_app_message(["zhangsan"], "text", f"第{i}条") for i in range(12)))
    assert len(fake.calls("/cgi-bin/gettoken")) == 1
    sent = fake.delivered("/cgi-bin/message/send")
    assert len(sent) == 12 and {r.query["access_token"] for r in sent} == {"token-1"}
    body = sent[0].body
    assert body["touser"] == "zhangsan" and body["agentid"] == int(AGENT_ID) and body["msgtype"] == "text"


async def test_token_renewed_before_its_stated_expiry(fake):
    fake.token_ttl = 7200
    clock = Clock()
    async with WeComClient(fake.base_url, corp_id=CORP_ID, secret=SECRET, agent_id=AGENT_ID, clock=clock) as c:
        await c.send_app_message(["a"], "text", "一")
        clock.now += 6000  # still well inside 7200 s
        await c.send_app_message(["a"], "text", "二")
        assert len(fake.calls("/cgi-bin/gettoken")) == 1
        clock.now += 1000  # 7000 s: within the renewal margin
        await c.send_app_message(["a"], "text", "三")
    assert len(fake.calls("/cgi-bin/gettoken")) == 2
    assert [r.query["access_token"] for r in fake.delivered("/cgi-bin/message/send")] == \
        ["token-1", "token-1", "token-2"]


@pytest.mark.parametrize("expire", ["expired", "unknown"])
async def test_rejected_token_is_refreshed_and_the_send_repeated_once(fake, client, expire):
    await client.send_app_message(["a"], "text", "先取得令牌")
    if expire == "expired":
        fake.expire_tokens()  # WeCom answers 42001
    else:
        fake.tokens.clear()  # WeCom answers 40014
    await client.send_app_message(["a"], "text", "令牌失效后")
    assert len(fake.calls("/cgi-bin/gettoken")) == 2
    calls = fake.calls("/cgi-bin/message/send")
    assert [r.query["access_token"] for r in calls] == ["token-1", "token-1", "token-2"]
    assert [r.body["text"]["content"] for r in fake.delivered("/cgi-bin/message/send")] == ["先取得令牌", "令牌失效后"]


async def test_wrong_secret_is_a_clear_error_and_nothing_is_sent(fake):
    async with WeComClient(fake.base_url, corp_id=CORP_ID, secret="wrong-secret", agent_id=AGENT_ID) as c:
        with pytest.raises(WeComError) as info:
            await c.send_app_message(["a"], "text", "你好")
    assert info.value.errcode == 40001 and not info.value.retryable
    assert "wrong-secret" not in str(info.value)
    assert fake.calls("/cgi-bin/message/send") == []


async def test_unconfigured_app_is_refused_before_any_request(fake):
    async with WeComClient(fake.base_url) as c:
        with pytest.raises(WeComError, match="POLICYBOT_WECOM_CORP_ID"):
            await c.send_app_message(["a"], "text", "你好")
    assert fake.requests == []


@pytest.mark.parametrize("errcode", [45009, 45033, -1])
async def test_rate_limit_errcodes_back_off_and_retry(fake, client, errcode):
    fake.fail("/cgi-bin/message/send", errcode=errcode, times=2)
    sleeps = Sleeps()
    await with_retries(lambda: client.send_app_message(["a"], "text", "限流后重试"), Backoff(base=1.0), sleeps)
    assert sleeps.waits == [1.0, 2.0]
    assert len(fake.delivered("/cgi-bin/message/send")) == 1 and len(fake.calls("/cgi-bin/message/send")) == 3


async def test_http_429_honours_retry_after_and_5xx_backs_off(fake, client):
    fake.fail("/cgi-bin/webhook/send", status=429, headers={"Retry-After": "7"})
    fake.fail("/cgi-bin/webhook/send", status=502)
    sleeps = Sleeps()
    await with_retries(lambda: client.send_robot("robot-key", "text", "通知"), Backoff(base=0.5), sleeps)
    assert sleeps.waits == [7.0, 1.0]
    assert len(fake.delivered("/cgi-bin/webhook/send")) == 1


async def test_retries_stop_at_the_backoffs_attempts(fake, client):
    fake.fail("/cgi-bin/webhook/send", status=503, times=10)
    sleeps = Sleeps()
    with pytest.raises(WeComError) as info:
        await with_retries(lambda: client.send_robot("robot-key", "text", "通知"), Backoff(attempts=3), sleeps)
    assert info.value.status == 503 and info.value.retryable
    assert len(sleeps.waits) == 2 and len(fake.calls("/cgi-bin/webhook/send")) == 3


async def test_other_errcodes_are_not_retried(fake, client):
    fake.fail("/cgi-bin/webhook/send", errcode=93000)
    sleeps = Sleeps()
    with pytest.raises(WeComError) as info:
        await with_retries(lambda: client.send_robot("robot-key", "text", "通知"), Backoff(), sleeps)
    assert info.value.errcode == 93000 and not info.value.retryable and sleeps.waits == []


async def test_unreachable_server_is_retryable_and_names_no_secret():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with WeComClient(f"http://127.0.0.1:{port}") as c:
        with pytest.raises(WeComError) as info:
            await c.send_robot("secret-robot-key", "text", "通知")
    assert info.value.retryable and "secret-robot-key" not in str(info.value)


async def test_robot_text_with_mentions_and_markdown(fake, client):
    await client.send_robot("robot-key", "text", "请各单位注意", mentioned=["zhangsan", "@all"])
    await client.send_robot("robot-key", "markdown", "**附表第2项** 已逾期")
    text, markdown = fake.delivered("/cgi-bin/webhook/send")
    assert text.query["key"] == "robot-key"
    assert text.body["text"] == {"content": "请各单位注意", "mentioned_list": ["zhangsan", "@all"]}
    assert markdown.body["markdown"] == {"content": "**附表第2项** 已逾期"}
    with pytest.raises(ValueError, match="only in text"):
        await client.send_robot("robot-key", "markdown", "x", mentioned=["a"])


async def test_app_chat_send(fake, client):
    await client.send_app_chat("groupchat1", "markdown", "**答复**")
    (sent,) = fake.delivered("/cgi-bin/appchat/send")
    assert sent.body == {"chatid": "groupchat1", "msgtype": "markdown", "markdown": {"content": "**答复**"},
                         "_accepted": True}


async def test_over_the_byte_limit_is_refused_before_sending(fake, client):
    at_limit = "减" * 682 + "ab"  # 2046 + 2 bytes
    await client.send_robot("k", "text", at_limit)
    with pytest.raises(ValueError, match="2049 bytes"):
        await client.send_robot("k", "text", at_limit + "c")
    with pytest.raises(ValueError, match="4097 bytes"):
        await client.send_app_message(["a"], "markdown", "a" * 4097)
    assert len(fake.calls("/cgi-bin/webhook/send")) == 1 and fake.calls("/cgi-bin/message/send") == []
