"""Short forms officials type for the plan's four-character terms (城建 for 城乡建设)."""

from __future__ import annotations

from index.glossary import abbreviations, spelt_out

VOCABULARY = frozenset({"城乡建设", "环境保护", "发展改革", "环保", "建设", "交通运输"})


def test_a_four_character_term_is_shortened_to_the_first_character_of_each_half():
    table = abbreviations(VOCABULARY)
    assert table["城建"] == ("城乡建设",) and table["环保"] == ("环境保护",) and table["发改"] == ("发展改革",)
    assert "建设" not in table and "城乡" not in table  # only four-character terms have short forms


def test_only_a_short_form_the_corpus_never_uses_is_spelt_out():
    table = abbreviations(VOCABULARY)
    assert spelt_out(["城建", "交通"], VOCABULARY, table) == ["城乡建设"]
    assert spelt_out(["环保"], VOCABULARY, table) == []  # the corpus says 环保 itself: BM25 already sees it
    assert spelt_out(["城乡建设"], VOCABULARY, table) == []


def test_an_entry_takes_its_plural_whole_and_no_longer_word():
    from index.glossary import expand

    assert expand("who leads the industrial parks?") == "园区"  # not 工业 for industrial alone
    assert expand("solar panels") == expand("solar panel") != ""
    assert expand("every evening") == ""  # ev is not in every, nor evs in evening


def test_what_the_glossary_translates_is_not_left_for_the_dictionary():
    from index.glossary import beyond_glossary

    left = beyond_glossary("When is the loose-coal phase-out project due?").split()
    assert left == ["when", "is", "the", "project", "due?"]  # loose coal → 散煤, phase out → 淘汰 退出 already


def test_a_glossary_word_inside_another_word_is_left_whole():
    from index.glossary import beyond_glossary

    assert "charcoal" in beyond_glossary("Is charcoal or coal banned?").split()
