"""Words officials type, mapped to the terms plans use, so BM25 can see the question.

English questions share no word with a Chinese plan, and colloquial Chinese
(塑料袋, 种庄稼, 养猪场) rarely uses a plan's official terms (禁塑, 耕地,
畜禽养殖). The dense model crosses both gaps but blurs neighbouring topics;
these terms give such questions the lexical anchor that plain questions have.
It is a glossary of the domain (pollution and carbon policy), not of questions.
Short forms (城建 for 城乡建设) need no entry: they are read off the corpus's
own terms (`abbreviations`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

GLOSSARY: dict[str, str] = {
    "transport": "交通 运输", "transportation": "交通 运输", "traffic": "交通", "vehicle": "车辆", "vehicles": "车辆",
    "car": "汽车", "cars": "汽车", "truck": "货车", "trucks": "货车", "electric vehicle": "新能源汽车 电动",
    "ev": "新能源 电动", "evs": "新能源 电动", "battery": "电池", "batteries": "动力电池", "retired": "退役",
    "solar": "光伏 太阳能", "panel": "光伏组件", "panels": "光伏组件", "wind": "风电", "turbine": "风电机组",
    "coke": "焦炉 焦化", "oven": "焦炉", "ovens": "焦炉", "shut down": "关停",
    "shutdown": "关停", "steel": "钢铁 炼钢", "coal": "煤炭", "loose coal": "散煤",
    "scattered coal": "散煤", "heating": "取暖 供暖", "clean heating": "清洁取暖",
    "coal heating": "散煤 清洁取暖", "two-high": "两高", "two high": "两高", "approve": "审批 核准",
    "approves": "审批 核准", "approval": "审批", "air": "大气 空气",
    "air pollution": "大气污染", "water": "水", "wastewater": "污水", "sewage": "污水", "soil": "土壤",
    "waste": "固体废物 垃圾", "solid waste": "固体废物", "garbage": "垃圾", "recycling": "循环利用 综合利用",
    "recycled": "循环利用", "agriculture": "农业", "farm": "农业 农村", "farms": "农业 农村",
    "livestock": "畜禽", "manure": "畜禽粪污", "straw": "秸秆", "forest": "森林", "forests": "森林",
    "biodiversity": "生物多样性", "invasive": "外来入侵物种", "wetland": "湿地", "wetlands": "湿地",
    "building": "建筑", "buildings": "建筑", "construction": "建筑 建设", "prefabricated": "装配式建筑",
    "green finance": "绿色金融", "finance": "金融 财政", "financing": "投融资", "bank": "银行", "carbon": "碳",
    "emission": "排放", "emissions": "排放", "discharge": "排放", "discharges": "排放",
    "near-zero": "零排放 近零能耗", "near zero": "零排放 近零能耗",  # jieba reads 近零排放 as 零排放
    "peak": "碳达峰", "neutrality": "碳中和", "hydrogen": "氢能 氢燃料",
    "pilot": "试点", "pilots": "试点", "enterprise": "企业", "enterprises": "企业", "company": "企业",
    "companies": "企业", "industrial park": "园区", "park": "园区", "parks": "园区", "zoning": "分区管控",
    "outdated": "落后", "capacity": "产能", "phase out": "淘汰 退出", "phasing out": "淘汰 退出",
    "eliminate": "淘汰", "technology": "技术", "innovation": "创新", "law": "法规", "laws": "法规",
    "regulation": "法规", "regulations": "法规", "standard": "标准", "standards": "标准", "training": "培训",
    "publicity": "宣传", "education": "宣传教育", "assessment": "考核", "inspection": "督查",
    "fake": "数据造假", "faking": "数据造假", "falsify": "数据造假", "falsified": "数据造假", "fraud": "数据造假",
    "ccus": "碳捕集 封存", "carbon capture": "碳捕集", "pumped storage": "抽水蓄能", "hydro storage": "抽水蓄能",
    "assessment section": "国考断面 断面", "assessment sections": "国考断面 断面",
    "monitoring": "监测", "plastic": "塑料 禁塑 白色污染", "plastics": "塑料 禁塑", "railway": "铁路",
    "rail": "铁路", "energy": "能源", "natural gas": "天然气", "gas": "天然气", "climate": "气候",
    "industry": "工业", "industrial": "工业", "cement": "水泥", "glass": "玻璃", "chemical": "化工",
    "power plant": "电厂 发电", "electricity": "电力", "villages": "农村", "rural": "农村", "urban": "城市 城镇",
    "county": "县区", "counties": "县区", "lifestyle": "生活方式", "green": "绿色", "low-carbon": "低碳",
    "ultra-low": "超低排放", "vocs": "挥发性有机物", "ozone": "臭氧", "pm2.5": "PM2.5", "monitoring station": "监测站",
    "township": "乡镇", "ev battery": "动力电池", "ev batteries": "动力电池", "solar panel": "光伏组件",
    "solar panels": "光伏组件", "old cars": "老旧车辆", "old vehicles": "老旧车辆", "charging": "充电",
    "towns": "乡镇", "cooperation": "合作", "international": "国际", "leadership": "组织领导",
    "crop residue": "秸秆", "crop residues": "秸秆", "refrigerant": "氢氟碳化物 消耗臭氧层物质",
    "refrigerants": "氢氟碳化物 消耗臭氧层物质", "freon": "氢氟碳化物 消耗臭氧层物质", "hfc": "氢氟碳化物",
    "hfcs": "氢氟碳化物", "ozone-depleting": "消耗臭氧层物质", "accountability": "问责 考核",
    # Indicators by their statistical and chemical names: plans write either (单位GDP and 单位地区生产总值, NOx and
    # 氮氧化物, COD and 化学需氧量, NH3-N and 氨氮), questions the other.
    "gdp": "地区生产总值 生产总值", "cod": "化学需氧量", "ammonia nitrogen": "氨氮 nh3-n", "ammonia": "氨氮 nh3-n",
    "nitrogen oxides": "氮氧化物 nox", "nox": "氮氧化物", "sulfur dioxide": "二氧化硫 so2", "so2": "二氧化硫",
    "co2": "二氧化碳", "carbon dioxide": "二氧化碳", "energy consumption": "能源消耗 能耗",
}
COLLOQUIAL: dict[str, str] = {
    "塑料袋": "禁塑 白色污染", "塑料瓶": "禁塑 白色污染", "餐盒": "禁塑 白色污染", "吸管": "禁塑 白色污染",
    "一次性塑料": "禁塑 白色污染", "庄稼": "耕地 农用地", "种地": "耕地 农业", "农田": "耕地", "田地": "耕地",
    "养猪": "畜禽 养殖", "养鸡": "畜禽 养殖", "养牛": "畜禽 养殖", "猪场": "畜禽 养殖", "鸡场": "畜禽 养殖",
    "粪便": "畜禽粪污 资源化利用", "电动车": "新能源汽车 新能源车辆", "电车": "新能源汽车 新能源车辆",
    "油车": "燃油 车辆", "旧车": "老旧车辆", "老车": "老旧车辆", "大货车": "货车 柴油货车", "拉煤": "运输 公转铁",
    "火车运": "铁路 公转铁", "走铁路": "铁路 公转铁", "烧煤": "散煤 燃煤", "烧炭": "散煤", "取暖": "清洁取暖",
    "暖气": "清洁取暖 供暖", "烟囱": "排放 大气污染", "冒烟": "排放 大气污染", "雾霾": "大气污染 PM2.5 重污染天气",
    "空气质量": "环境空气质量", "臭水沟": "黑臭水体", "脏水": "污水", "废水": "污水", "垃圾场": "垃圾填埋场",
    "剩饭": "垃圾分类", "扔垃圾": "垃圾分类", "光伏板": "光伏组件", "太阳能板": "光伏组件", "旧电池": "退役动力电池",
    "废电池": "退役动力电池", "种树": "植树造林 国土绿化", "造林": "植树造林", "矿坑": "废弃矿山 采煤沉陷区",
    "塌陷": "采煤沉陷区", "钢厂": "钢铁企业", "焦化厂": "焦化企业", "水泥厂": "水泥", "电厂": "燃煤电厂",
    "外地物种": "外来入侵物种", "外来物种": "外来入侵物种", "检测站": "监测站", "贷款": "绿色金融 信贷",
    "补贴": "资金 支持政策", "发文件": "出台 政策",
    "上级": "省政府", "考核": "考核 督查", "宣传": "宣传教育", "节能": "节能降碳 能耗",
    "氟利昂": "氢氟碳化物 消耗臭氧层物质", "制冷剂": "氢氟碳化物 消耗臭氧层物质", "追责": "问责 考核",
    "地区生产总值": "gdp", "生产总值": "gdp", "化学需氧量": "cod", "氨氮": "nh3-n", "氮氧化物": "nox",
    "二氧化硫": "so2",
    # data fraud, as the domain says it: the plan's 数据造假 and its standard synonyms
    "虚报": "数据造假", "谎报": "数据造假", "瞒报": "数据造假", "弄虚作假": "数据造假", "作假": "数据造假",
}
# English writes a compound with a hyphen or a space alike (low-carbon, low carbon; loose-coal, loose coal).
_ENGLISH = {term.replace("-", " "): plan_terms for term, plan_terms in GLOSSARY.items()}


def expand(question: str) -> str:
    """The plan's terms for the English and colloquial domain words in a question ('' when there are none)."""
    folded = question.lower()
    return " ".join([_ENGLISH[m] for m in _longest(folded.replace("-", " "), _ENGLISH, whole_words=True)] +
                    [COLLOQUIAL[m] for m in _longest(folded, COLLOQUIAL, whole_words=False)])


def beyond_glossary(question: str) -> str:
    """An English question without the words the glossary gives the plan's terms for: what is left to look up
    elsewhere (`index.dictionary`), so a word the glossary translated is not weighed twice."""
    text = question.lower().replace("-", " ")
    for entry in _longest(text, _ENGLISH, whole_words=True):  # whole words, as found: coal, not char(coal)
        text = re.sub(rf"(?<![a-z]){re.escape(entry)}s?(?![a-z])", " ", text, count=1)
    return text


def _longest(text: str, table: dict[str, str], *, whole_words: bool) -> list[str]:
    """The entries of `table` in `text`, left to right, the longest at each place; with `whole_words`, an
    entry counts only between non-letters (ev is not in every). A scan of dictionary lookups: an alternation
    of every entry took 24 ms to compile in each process."""
    longest = max(map(len, table))
    found, at = [], 0
    while at < len(text):
        if not (whole_words and at and _letter(text[at - 1])):
            end = next((end for end in range(min(len(text), at + longest), at, -1)
                        if text[at:end] in table and (not whole_words or _word_end(text, end) is not None)), None)
            if end is not None:
                found.append(text[at:end])
                at = (_word_end(text, end) or end) if whole_words else end
                continue
        at += 1
    return found


def _word_end(text: str, end: int) -> int | None:
    """Where the word that an entry ending at `end` begins ends: there, or one further for a plural's s (industrial
    parks for industrial park, coke ovens for coke oven); None when the entry stops inside a word."""
    for stop in (end, end + 1 if text[end:end + 1] == "s" else None):
        if stop is not None and (stop >= len(text) or not _letter(text[stop])):
            return stop
    return None


def _letter(char: str) -> bool:
    return "a" <= char <= "z"


_FOUR = re.compile(r"[\u4e00-\u9fff]{4}")


def abbreviations(vocabulary: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The two-character short forms of the corpus's four-character terms, as Chinese forms them: the first
    character of each half (城乡建设 → 城建, 环境保护 → 环保, 发展改革 → 发改)."""
    table: dict[str, list[str]] = {}
    for word in vocabulary:
        if _FOUR.fullmatch(word):
            table.setdefault(word[0] + word[2], []).append(word)
    return {short: tuple(sorted(words)) for short, words in table.items()}


def spelt_out(query_tokens: list[str], vocabulary: frozenset[str], table: dict[str, tuple[str, ...]]) -> list[str]:
    """The terms a question's short forms stand for, where the corpus never uses the short form itself
    (城建这块谁挑头 → 城乡建设)."""
    return [term for token in query_tokens if len(token) == 2 and token not in vocabulary
            for term in table.get(token, ())]
