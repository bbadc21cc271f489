"""Words for BM25: jieba over simplified Chinese, lower-cased English words.

Officials type traditional characters, full-width letters and chat filler;
the plan is simplified Chinese. Everything is folded to one form first, and
the segmenter knows the plan's units and domain terms so 散煤清零 stays one word.
One segmenter is in use at a time: the one the live index was built with.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import jieba
import opencc

from index.segmenter import FullSegmenter, Segmenter

DOMAIN_TERMS = (
    "减污降碳", "协同增效", "公转铁", "散煤清零", "散煤",
    "超低排放", "短流程炼钢", "长流程", "装配式建筑", "三线一单", "两高",
    "碳达峰", "碳中和", "双碳", "清洁取暖", "新能源", "新能源汽车", "非道路移动机械", "氢燃料电池", "光储直柔", "碳汇",
    "温室气体", "挥发性有机物", "大宗固废", "煤矸石", "粉煤灰", "畜禽粪污", "秸秆", "生物多样性", "外来入侵物种",
    "绿色金融", "气候投融资", "碳排放权", "排污许可", "清洁生产", "焦化", "焦炉", "转炉", "高炉", "电炉", "抽水蓄能",
    "分布式光伏", "污水处理厂", "再生水", "人工湿地", "黑臭水体", "重污染天气", "深度治理", "节约型机关", "垃圾分类",
    "禁塑", "碳普惠", "绿色建材", "超低能耗", "近零能耗", "零碳建筑", "自动监测站", "铁路专用线", "炭化室",
    "燃煤发电机组", "燃煤电厂", "煤电", "氢能", "生物质能", "地热能", "小水电", "工业炉窑", "绿色制造", "碳捕集",
    "动力电池", "光伏组件", "厨余垃圾", "填埋场", "渗滤液", "持久性有机污染物", "添汞产品", "温室气体清单",
    "细颗粒物", "臭氧", "氮氧化物", "绿色低碳", "生态环境分区管控", "环境准入", "污水近零排放", "双近零",
    "综合利用", "资源化利用", "农药减量增效", "化肥农药", "面源污染", "秸秆禁烧", "农机", "国土绿化", "天然林",
    "湿地", "水土流失", "矿山生态修复", "城市通风廊道", "花粉污染", "土壤污染", "受污染耕地", "植树造林",
    "采煤沉陷区", "信息披露", "碳排放", "考核督查", "约谈问责", "宣传教育", "六五环境日", "全国低碳日", "节能宣传周",
)
# question words, chat filler and words every article shares: they say nothing about the topic
STOP_WORDS = frozenset("""
的 了 是 在 和 与 及 以及 或 等 对 由 把 被 为 于 从 向 将 要 会 能 可以 应 应该 需要 需 吗 呢 吧 啊 呀 哦 么 嘛
什么 啥 哪些 哪个 哪 谁 怎么 怎样 如何 多少 几 几个 几家 是否 有没有 有无 有 没有 这 那 这个 那个 这项 这些 那些 其
我们 你们 他们 我 你 请问 请 问 一下 一些 一个 还 也 都 就 又 再 啊 个 上 下 中 里 方面 方案 工作 任务 事情 内容
牵头 负责 单位 部门 哪家 谁家 责任 责任单位 牵头单位 牵头部门 主管 主要 完成 时候 时间 时限 截止 期限 什么时候 啥时候
目标 要求 规定 文件 实施方案 措施 相关 有关 各项 具体 情况 部分 这部分 由谁 挑头 管 搞 做 干 弄 咋 咋办
长治 长治市 我市 全市 市里 项 条 款 呀 了吗 么样 一样 之 以 所 其中 通过 进行 开展 推进 加强 加快 推动 实施
一共 总共 共计 总计
""".split())
_ENGLISH = re.compile(r"[a-z][a-z0-9.\-]*[a-z0-9]|[a-z]")
ENGLISH_STOP = frozenset("""a an the of to in on for and or by with is are was were be been what which who whom whose
when where how why does do did will would should can could this that these those it its their there about from as at
tasks task assigned responsible lead leads leading takes take agency department bureau plan measures measure""".split())
_CJK = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """One comparable form: NFKC (full-width to ASCII), simplified characters, lower case."""
    return _to_simplified().convert(unicodedata.normalize("NFKC", text)).lower()


_segmenter: Segmenter | None = None


def prepare(extra_words: Iterable[str] = ()) -> FullSegmenter:
    """Segment with jieba's whole dictionary and the domain terms and unit names (cheap again for the same words).

    What a build cuts its corpus with (and saves, `FullSegmenter.save`), and
    what an index built before builds saved their segmenter is searched with.
    """
    global _segmenter
    _segmenter = _full(tuple(w for w in (*DOMAIN_TERMS, *extra_words) if _CJK.fullmatch(w) and len(w) >= 2))
    return _segmenter


@lru_cache(maxsize=1)
def _full(words: tuple[str, ...]) -> FullSegmenter:
    jieba.setLogLevel(logging.WARNING)
    return FullSegmenter(words)


def use(prepared: Segmenter) -> None:
    """Segment with another segmenter: a build's saved one (`TableSegmenter`), which its corpus was cut with."""
    global _segmenter
    _segmenter = prepared


def segmenter() -> Segmenter:
    """The segmenter in use; jieba's whole dictionary with the domain terms when no index chose one."""
    return _segmenter or prepare()


def characters(text: str) -> list[str]:
    """The Chinese characters of a text, folded: terms of the character index, where a colloquial or shortened
    word meets the plan's (旱厕 and 厕所, 准则 and 原则, 烧垃圾 and 垃圾焚烧) without a list of either. No stop list:
    BM25's IDF weighs a character by how many chunks hold it."""
    return [c for run in _CJK.findall(fold(text)) for c in run]


def tokens(text: str) -> list[str]:
    """BM25 terms of a text: jieba's search-mode words and English words, stop words removed."""
    folded = fold(text)
    cut = segmenter().cut_for_search
    out: list[str] = []
    for run in _CJK.findall(folded):
        out.extend(w for w in cut(run) if w not in STOP_WORDS and (len(w) > 1 or w in "煤钢水气"))
    out.extend(w for w in _ENGLISH.findall(folded) if w not in ENGLISH_STOP)
    out.extend(re.findall(r"\d+(?:\.\d+)?", folded))
    return out
