"""Changzhi's municipal units as officials name them: short name, long names, English.

The documents use the short official names (市发展改革委); officials type the
long ones, the old ones and English. Units a new document names that are not
listed here are still registered from its text, with derived aliases.
"""

from __future__ import annotations

# canonical short name, aliases, English names (first one is the display name)
UNITS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("市发展改革委", ("市发改委", "发改委", "发展改革委", "市发展和改革委员会", "发展和改革委员会", "发改局"),
     ("Development and Reform Commission", "DRC", "NDRC", "development and reform", "development commission")),
    ("市规划和自然资源局", ("市自然资源局", "自然资源局", "规划和自然资源局", "规自局", "市规划局", "规划局", "国土局"),
     ("Planning and Natural Resources Bureau", "natural resources bureau", "planning bureau")),
    ("市工信局", ("工信局", "市工业和信息化局", "工业和信息化局", "经信局", "市经信局"),
     ("Industry and Information Technology Bureau", "industry bureau", "MIIT", "industry and information technology")),
    ("市生态环境局", ("生态环境局", "市环保局", "环保局", "环境局", "生态局", "长治市生态环境局"),
     ("Ecology and Environment Bureau", "environment bureau", "environmental protection bureau", "EEB",
      "ecology bureau", "ecology and environment", "environmental bureau")),
    ("市能源局", ("能源局",), ("Energy Bureau", "energy administration")),
    ("市水利局", ("水利局", "水务局"), ("Water Resources Bureau", "water bureau")),
    ("市农业农村局", ("农业农村局", "市农业局", "农业局", "农委"),
     ("Agriculture and Rural Affairs Bureau", "agriculture bureau", "agriculture and rural affairs")),
    ("市行政审批局", ("行政审批局", "审批局", "市行政审批服务管理局", "行政审批服务管理局"),
     ("Administrative Approval Bureau", "approval bureau", "administrative approval")),
    ("市市场监管局", ("市场监管局", "市市场监督管理局", "市场监督管理局", "市监局"),
     ("Market Supervision Bureau", "market regulation bureau", "market supervision", "SAMR")),
    ("市城市管理局", ("城市管理局", "市城管局", "城管局", "城管"),
     ("Urban Management Bureau", "urban management", "city management bureau")),
    ("市财政局", ("财政局",), ("Finance Bureau", "finance department")),
    ("市住建局", ("住建局", "市住房和城乡建设局", "住房和城乡建设局", "住房城乡建设局", "建设局"),
     ("Housing and Urban-Rural Development Bureau", "housing bureau", "construction bureau",
      "housing and urban-rural development")),
    ("市交通局", ("交通局", "市交通运输局", "交通运输局", "长治市交通运输局"),
     ("Transport Bureau", "transportation bureau", "transport department")),
    ("市商务局", ("商务局",), ("Commerce Bureau", "commerce department")),
    ("市机关事务管理局", ("机关事务管理局", "机关事务局", "市机关事务局", "机关事务中心"),
     ("Government Offices Administration", "government offices", "offices administration")),
    ("市园林中心", ("园林中心", "市园林局", "园林局", "园林绿化中心"),
     ("Landscaping Center", "landscape and gardens center", "gardens center")),
    ("市科技局", ("科技局", "市科学技术局", "科学技术局"),
     ("Science and Technology Bureau", "science bureau")),
    ("市司法局", ("司法局",), ("Justice Bureau", "judicial bureau")),
    ("人民银行长治支行", ("人行长治支行", "人民银行长治市中心支行", "人民银行长治中心支行", "人民银行", "央行长治支行"),
     ("People's Bank of China Changzhi Sub-branch", "People's Bank of China", "PBOC", "PBC")),
    ("市金融办", ("金融办", "市地方金融监督管理局", "地方金融监管局", "市金融局", "金融局"),
     ("Financial Affairs Office", "finance office", "financial office")),
    ("市统计局", ("统计局",), ("Statistics Bureau", "statistical bureau")),
    ("市教育局", ("教育局",), ("Education Bureau", "education department")),
)

COUNTIES: tuple[str, ...] = ("潞州区", "上党区", "屯留区", "潞城区", "襄垣县", "平顺县", "黎城县",
                             "壶关县", "长子县", "武乡县", "沁县", "沁源县")

# group names: every county government, or those a task concerns; the generic "all units"
GROUPS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("各县区人民政府", ("各县区政府", "各县政府", "各县（区）人民政府", "各县(区)人民政府", "县区人民政府",
                   "县区政府", "县政府", "各县区"),
     ("county governments", "all county governments", "county-level governments")),
    ("有关县区人民政府", ("有关县区政府", "相关县区人民政府", "相关县区政府", "有关县（区）人民政府"),
     ("the county governments concerned", "relevant county governments")),
    ("各相关单位", ("各有关单位", "相关单位", "有关单位", "市直各相关单位"),
     ("all units concerned", "relevant units")),
)
