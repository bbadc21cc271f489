"""The character signal: a colloquial word the plan never uses meets the plan's word through their characters."""

from __future__ import annotations

import shutil

import numpy as np

from index.search import Searcher
from index.store import CHARACTERS, build_index, current_build, load_index
from index.tokenize import characters


def test_characters_are_the_folded_chinese_characters_only():
    assert characters("旱厕 OK，廁所2025年") == ["旱", "厕", "厕", "所", "年"]  # traditional 廁 folded


def test_a_word_the_plan_lacks_is_found_by_its_characters(searcher):
    # 旱厕 is in no chunk (the words give nothing); 三、（十） is the one article that names 农村厕所.
    assert not searcher._bm25(["旱厕"]).any()
    by_section = searcher._per_section(searcher._characters("旱厕"), 0.0)
    assert searcher.section_ids[int(np.argmax(by_section))] == "art-10"


def test_an_index_built_before_the_character_table_is_searched_without_it(tmp_path, plan, encoder):
    build = build_index([plan], tmp_path / "index", encoder)
    shutil.rmtree(build / CHARACTERS)
    old = Searcher(load_index(tmp_path / "index", encoder), encoder)
    assert old.index.characters is None and current_build(tmp_path / "index") == build
    assert not old._characters("农村旱厕").any()
    assert old.search("交通领域的措施由谁牵头？").hits[0].section_id == "art-9"
