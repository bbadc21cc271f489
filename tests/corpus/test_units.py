"""The unit registry: canonical names, aliases, English names, county groups."""

from __future__ import annotations

import pytest

from corpus.known_units import COUNTIES
from corpus.units import UnitRegistry


def test_every_unit_the_plan_names_is_registered(plan, registry):
    named = {u for s in plan.sections for u in s.units}
    assert len(named) >= 22
    assert named <= set(registry.units)
    assert {"市发展改革委", "人民银行长治支行", "市园林中心", "市统计局"} <= named


@pytest.mark.parametrize(("alias", "canonical"), [
    ("市发改委", "市发展改革委"), ("长治市发展和改革委员会", "市发展改革委"), ("长治市交通运输局", "市交通局"),
    ("交通局", "市交通局"), ("生态环境局", "市生态环境局"), ("市住房和城乡建设局", "市住建局"),
    ("人行长治支行", "人民银行长治支行"), ("各县政府", "各县区人民政府"), ("Ｔransport Bureau", "市交通局"),
    ("transport bureau", "市交通局"), ("People's Bank of China Changzhi Sub-branch", "人民银行长治支行"),
])
def test_aliases_resolve(registry, alias, canonical):
    assert registry.resolve(alias) == canonical


def test_unknown_name_does_not_resolve(registry):
    assert registry.resolve("市卫健委") is None


def test_english_names(registry):
    assert registry.english_name("市交通局") == "Transport Bureau"
    assert registry.english_name("市生态环境局") == "Ecology and Environment Bureau"
    fresh = UnitRegistry.default()
    assert all(fresh.english_name(name) != name for name in fresh.units)


def test_find_units_in_free_text(registry):
    assert registry.find_in("市住建局和长治市交通运输局各负责哪些工作") == ["市住建局", "市交通局"]
    assert registry.find_in("What is the transport bureau responsible for?") == ["市交通局"]
    assert registry.find_in("who leads the transport measures?") == []


def test_county_groups(registry):
    assert registry.is_group("各县区人民政府") and registry.is_group("有关县区人民政府")
    assert registry.members("各县区人民政府") == COUNTIES
    assert len(COUNTIES) == 12 and "沁源县" in COUNTIES
    assert registry.members("市交通局") == ()


@pytest.mark.parametrize(("text", "found"), [
    ("温室气体清单编制是生态坏境局牵头的对不对", ["市生态环境局"]),  # one character wrong in a long name
    ("市生态环竟局现在的局长是谁啊", ["市生态环境局"]),
    ("长治市税务局负责哪些工作", []), ("长治市审计局", []), ("长治市林业局", []),  # other bodies, not typos
    ("农行长治支行", []), ("潞州区人民政府", []),
])
def test_a_misspelt_long_name_is_its_unit_and_another_body_is_not(registry, text, found):
    assert registry.find_in(text) == found


@pytest.mark.parametrize(("text", "found"), [
    ("行政审批局一共牵头几项", ["市行政审批服务局"]),  # 服务 left out
    ("发改局要干什么", ["县发展和改革局"]),
    ("住建局负责哪些", ["县住房和城乡建设局"]),
    ("交通局有哪些任务", []),  # 县交通运输局 and 县交通管理局 both shorten to it: it names neither
    ("审批局", []),  # without the name's first character it names no body
])
def test_a_name_shortened_by_leaving_characters_out_is_its_unit(text, found):
    other_place = UnitRegistry()
    for name in ("市行政审批服务局", "县发展和改革局", "县住房和城乡建设局", "县交通运输局", "县交通管理局"):
        other_place.add(name)
    assert other_place.find_in(text) == found
