"""English words into the corpus's words through CC-CEDICT (index.dictionary): only the corpus's own words come
back, a sense of several words is kept whole, and the forms a question writes (plurals, participles) are read."""

from __future__ import annotations

from index.dictionary import translate, translations

VOCABULARY = ["投资", "搬迁", "化工", "化学", "焚烧", "披露", "货车", "城市", "的"]


def test_a_short_sense_translates_to_the_corpus_word():
    table = translations(VOCABULARY)
    assert table["investment"] == ["投资"] and table["relocate"] == ["搬迁"]
    assert table["chemical industry"] == ["化工"] and table["chemical"] == ["化学"]


def test_a_sense_of_several_words_is_kept_whole():
    table = translations(VOCABULARY)
    assert "set" not in table and "fire" not in table  # 焚烧 /to set on fire/: set fire is its sense
    assert translate("the industry was set up", table) == ""


def test_only_the_corpus_words_come_back():
    assert "管网" not in " ".join(w for words in translations(VOCABULARY).values() for w in words)
    assert translations([]) == {}


def test_a_questions_plurals_and_participles_are_read():
    table = translations(VOCABULARY)
    assert translate("Were the chemical industry plants relocated, and the trucks?", table).split() == [
        "化工", "搬迁", "货车"]
    # burn is the sense of 27 dictionary words: too common to say which one a question means
    assert translate("total investment for burning waste", table).split() == ["投资"]
