"""English words officials type, mapped to the plan's Chinese terms so BM25 can see English questions.

The dense model crosses languages but blurs neighbouring topics; these terms
give English questions the same lexical anchor Chinese ones have. It is a
glossary of the domain (pollution and carbon policy), not of questions.
"""

from __future__ import annotations

import re

GLOSSARY: dict[str, str] = {
    "transport": "交通 运输", "transportation": "交通 运输", "traffic": "交通", "vehicle": "车辆", "vehicles": "车辆",
    "car": "汽车", "cars": "汽车", "truck": "货车", "trucks": "货车", "electric vehicle": "新能源汽车 电动",
    "ev": "新能源 电动", "evs": "新能源 电动", "battery": "电池", "batteries": "动力电池", "retired": "退役",
    "solar": "光伏 太阳能", "panel": "光伏组件", "panels": "光伏组件", "wind": "风电", "turbine": "风电机组",
    "coke": "焦炉 焦化", "coking": "焦化 炭化室", "oven": "焦炉", "ovens": "焦炉", "shut down": "关停",
    "shutdown": "关停", "height": "高度", "steel": "钢铁 炼钢", "coal": "煤炭", "loose coal": "散煤",
    "scattered coal": "散煤", "heating": "取暖 供暖", "clean heating": "清洁取暖", "air": "大气 空气",
    "air pollution": "大气污染", "water": "水", "wastewater": "污水", "sewage": "污水", "soil": "土壤",
    "waste": "固体废物 垃圾", "solid waste": "固体废物", "garbage": "垃圾", "recycling": "循环利用 综合利用",
    "recycled": "循环利用", "agriculture": "农业", "farm": "农业 农村", "farms": "农业 农村",
    "livestock": "畜禽", "manure": "畜禽粪污", "straw": "秸秆", "forest": "森林", "forests": "森林",
    "biodiversity": "生物多样性", "invasive": "外来入侵物种", "wetland": "湿地", "wetlands": "湿地",
    "building": "建筑", "buildings": "建筑", "construction": "建筑 建设", "prefabricated": "装配式建筑",
    "green finance": "绿色金融", "finance": "金融 财政", "financing": "投融资", "bank": "银行", "carbon": "碳",
    "emission": "排放", "emissions": "排放", "peak": "碳达峰", "neutrality": "碳中和", "hydrogen": "氢能 氢燃料",
    "pilot": "试点", "pilots": "试点", "enterprise": "企业", "enterprises": "企业", "company": "企业",
    "companies": "企业", "industrial park": "园区", "park": "园区", "parks": "园区", "zoning": "分区管控",
    "outdated": "落后", "capacity": "产能", "phase out": "淘汰 退出", "phasing out": "淘汰 退出",
    "eliminate": "淘汰", "technology": "技术", "innovation": "创新", "law": "法规", "laws": "法规",
    "regulation": "法规", "regulations": "法规", "standard": "标准", "standards": "标准", "training": "培训",
    "publicity": "宣传", "education": "宣传教育", "assessment": "考核", "inspection": "督查",
    "monitoring": "监测", "plastic": "塑料 禁塑 白色污染", "plastics": "塑料 禁塑", "railway": "铁路",
    "rail": "铁路", "energy": "能源", "natural gas": "天然气", "gas": "天然气", "climate": "气候",
    "industry": "工业", "industrial": "工业", "cement": "水泥", "glass": "玻璃", "chemical": "化工",
    "power plant": "电厂 发电", "electricity": "电力", "villages": "农村", "rural": "农村", "urban": "城市 城镇",
    "county": "县区", "counties": "县区", "lifestyle": "生活方式", "green": "绿色", "low-carbon": "低碳",
    "ultra-low": "超低排放", "vocs": "挥发性有机物", "ozone": "臭氧", "pm2.5": "PM2.5", "monitoring station": "监测站",
    "township": "乡镇", "towns": "乡镇", "cooperation": "合作", "international": "国际", "leadership": "组织领导",
}
_TERMS = "|".join(sorted(map(re.escape, GLOSSARY), key=len, reverse=True))
_PATTERN = re.compile(rf"(?<![a-z])({_TERMS})(?![a-z])")


def expand(question: str) -> str:
    """The Chinese terms for the English domain words in a question ('' when there are none)."""
    return " ".join(GLOSSARY[m] for m in _PATTERN.findall(question.lower()))
