"""The demo's industry map (产业地图): seven chains, their links and where Liuyang stands on each.

The seed (二, 2.1): the map showed that "本地在高端装备制造、新材料等领域存在明显短板", so
those two chains are mostly weak (短板) or missing (缺失); 花炮 is the local strength from
raw materials to the fireworks culture city; 数字经济 is strong where Huawei co-builds the
park (computing, open city data) and thin in the middle. Each chain names the
``projects.Industry`` of the same or closest name (高端装备 → 先进制造).

The guidance funds (产业引导基金): the 100亿 mother fund; the seed's 5亿 electronics sub-fund
with a Shenzhen investor and its three investments, one listed on the 科创板; the digital
park's 10亿 digital-economy sub-fund (co-built with Huawei). The mother fund's government
money is 30亿, each sub-fund's a fifth of its size (the mother's share).

The local enterprises and the investors are invented and say so ("（演示）"), like the
demo's owner enterprises.
"""

from datetime import date as D

from investment.choices import FundKind, InvestmentStatus, LinkPosition, LinkStatus, ListingBoard

UP, MID, DOWN = LinkPosition.UPSTREAM, LinkPosition.MIDSTREAM, LinkPosition.DOWNSTREAM
STRENGTH, WEAK, MISSING = LinkStatus.STRENGTH, LinkStatus.WEAK, LinkStatus.MISSING

#: chain name → (industry name, description, [(link, position, status, [local enterprises])])
CHAINS = {
    "电子信息": (
        "电子信息",
        "以新型显示模组和消费电子应用为基础，向上补芯片设计、半导体材料，向下拓展汽车电子。"
        "5亿元电子信息产业基金（母基金子基金）重点投向本链。",
        [
            ("半导体材料与电子化学品", UP, MISSING, []),
            ("芯片设计与封装测试", UP, MISSING, []),
            ("电子元器件", UP, WEAK, ["浏阳晶锐电子元件有限公司（演示）"]),
            (
                "新型显示模组",
                MID,
                STRENGTH,
                ["浏阳显视光电科技有限公司（演示）", "湖南蓝海触控科技有限公司（演示）"],
            ),
            ("传感器与模组", MID, WEAK, ["浏阳智联光电科技有限公司（演示）"]),
            ("智能终端整机组装", MID, WEAK, ["浏阳华鑫智能终端有限公司（演示）"]),
            ("汽车电子", DOWN, MISSING, []),
            ("消费电子应用", DOWN, STRENGTH, ["湖南浏阳电子信息产业园运营有限公司（演示）"]),
        ],
    ),
    "生物医药": (
        "生物医药",
        "经开区生物医药园以化学制剂和中药为主，生物制品、医疗器械和研发外包是招商重点。",
        [
            ("中药材规范种植", UP, STRENGTH, ["浏阳市道地药材种植专业合作社（演示）"]),
            ("医药原料与中间体", UP, WEAK, ["浏阳康源医药化工有限公司（演示）"]),
            (
                "化学制剂与仿制药",
                MID,
                STRENGTH,
                ["浏阳生物医药产业发展有限公司（演示）", "湖南湘浏制药有限公司（演示）"],
            ),
            ("现代中药", MID, STRENGTH, ["浏阳本草堂药业有限公司（演示）"]),
            ("生物制品与疫苗", MID, MISSING, []),
            ("医疗器械", MID, WEAK, ["浏阳安康医疗器械有限公司（演示）"]),
            ("研发外包（CRO/CDMO）", DOWN, MISSING, []),
            ("医药流通与冷链", DOWN, STRENGTH, ["浏阳医药物流配送中心有限公司（演示）"]),
        ],
    ),
    "新材料": (
        "新材料",
        "产业地图所示短板（seed）：本地以基础化工原料和花炮原辅材料为主，复合材料、电池材料"
        "刚起步，电子功能材料和高端应用空白。“先租后让”引进的新材料项目补在复合材料一环。",
        [
            ("基础化工原料", UP, STRENGTH, ["浏阳金泰化工有限公司（演示）"]),
            ("先进陶瓷", MID, WEAK, ["浏阳精瓷新材料有限公司（演示）"]),
            ("高性能复合材料", MID, WEAK, ["浏阳新材料科技有限公司（演示）"]),
            ("新能源电池材料", MID, WEAK, ["湖南浏锂新能源材料有限公司（演示）"]),
            ("电子功能材料", MID, MISSING, []),
            ("航空航天与轨道交通应用", DOWN, MISSING, []),
            ("烟花与建材原辅料应用", DOWN, STRENGTH, ["浏阳宏达纸品有限公司（演示）"]),
        ],
    ),
    "高端装备": (
        "先进制造",
        "产业地图所示短板（seed）：数控系统、工业机器人整机空白，精密零部件和铸锻件薄弱。"
        "招商小分队重点对接长三角、珠三角，引进投资50亿元的精密制造产业园补链。"
        "花炮“机器换人”带出了一批本地自动化装备企业，是本链的优势环节。",
        [
            ("特种钢材与铸锻件", UP, WEAK, ["浏阳金锻机械有限公司（演示）"]),
            ("数控系统与伺服驱动", UP, MISSING, []),
            (
                "精密零部件加工",
                MID,
                WEAK,
                ["浏阳精密制造产业园开发有限公司（演示）", "浏阳恒精机械零部件有限公司（演示）"],
            ),
            ("工业机器人整机", MID, MISSING, []),
            (
                "智能制造装备（花炮自动化生产线）",
                MID,
                STRENGTH,
                ["浏阳智造花炮机械有限公司（演示）", "湖南烟花智能装备有限公司（演示）"],
            ),
            ("工程机械关键零部件", MID, WEAK, ["浏阳重工配件有限公司（演示）"]),
            ("系统集成与运维服务", DOWN, WEAK, ["浏阳工控系统集成有限公司（演示）"]),
        ],
    ),
    "花炮": (
        "花炮",
        "本地优势产业：“浏阳花炮”地理标志证明商标，团体标准高于国家标准，"
        "100余条自动化生产线，年产值突破200亿元；短板在危化品物流和跨境电商。",
        [
            ("原辅材料（纸筒、引线、化工原料）", UP, STRENGTH, ["浏阳宏达纸品有限公司（演示）"]),
            ("花炮机械装备", UP, STRENGTH, ["浏阳智造花炮机械有限公司（演示）"]),
            (
                "烟花爆竹生产",
                MID,
                STRENGTH,
                ["浏阳花炮产业发展有限公司（演示）", "浏阳金盛烟花制造有限公司（演示）"],
            ),
            ("焰火燃放设计", MID, STRENGTH, ["浏阳焰火艺术表演有限公司（演示）"]),
            ("危化品物流与仓储", DOWN, WEAK, ["浏阳花炮物流有限公司（演示）"]),
            ("电商与出口贸易", DOWN, WEAK, ["浏阳花炮进出口有限公司（演示）"]),
            ("花炮文旅（花炮文化城）", DOWN, STRENGTH, ["浏阳花炮文化城运营有限公司（演示）"]),
        ],
    ),
    "文旅康养": (
        "文旅康养",
        "以大围山国家森林公园和浏阳河为核心，景区运营和节庆品牌（杜鹃花节、森林音乐节、焰火）"
        "是优势；康养、研学和智慧文旅服务需要引进市场主体。",
        [
            ("生态与文化资源开发", UP, STRENGTH, ["大围山文旅投资发展有限公司（演示）"]),
            ("景区运营", MID, STRENGTH, ["大围山文旅投资发展有限公司（演示）"]),
            ("康养酒店与精品民宿", MID, WEAK, ["浏阳河文旅发展有限公司（演示）"]),
            ("森林康养与中医药康养", MID, WEAK, ["大围山森林康养基地有限公司（演示）"]),
            ("研学与户外运动", DOWN, WEAK, ["大围山户外运动营地有限公司（演示）"]),
            ("智慧文旅服务", DOWN, MISSING, []),
            ("节庆会展", DOWN, STRENGTH, ["浏阳焰火艺术表演有限公司（演示）"]),
        ],
    ),
    "数字经济": (
        "数字经济",
        "数字经济产业园与华为政企共建：算力基础设施和城市场景开放是优势，大数据服务、"
        "工业互联网和人工智能应用是招商重点。10亿元数字经济产业基金配套投向本链。",
        [
            ("算力与云计算基础设施", UP, STRENGTH, ["浏阳数字经济产业园运营有限公司（演示）"]),
            ("软件与信息技术服务", MID, WEAK, ["浏阳数智软件有限公司（演示）"]),
            ("大数据服务", MID, WEAK, ["浏阳云擎数据科技有限公司（演示）"]),
            ("人工智能算法与应用", MID, MISSING, []),
            ("工业互联网平台", MID, WEAK, ["浏阳工业互联网服务中心有限公司（演示）"]),
            ("智慧城市场景（政务、交通、医疗）", DOWN, STRENGTH, ["浏阳城市大脑运营有限公司（演示）"]),
            ("数字文创", DOWN, MISSING, []),
        ],
    ),
}


# -- the guidance funds -----------------------------------------------------------------------

MOTHER = "浏阳市产业引导基金"
ELECTRONICS = "浏阳电子信息产业基金"
DIGITAL = "浏阳数字经济产业基金"

#: name → fields; money in 万元 (the seed: mother 100亿, electronics 5亿, digital economy 10亿)
FUNDS = {
    MOTHER: {
        "kind": FundKind.MOTHER,
        "size": 1000000,
        "government_amount": 300000,
        "partner": "浏阳市国有资本投资运营集团有限公司（演示，受托管理）",
        "committed": 1000000,
        "paid_in": 420000,
        "established_on": D(2021, 1, 8),
        "focus": ["电子信息", "生物医药", "新能源"],  # the seed: 重点投向电子信息、生物医药、新能源
    },
    ELECTRONICS: {
        "kind": FundKind.SUB,
        "parent": MOTHER,
        "size": 50000,
        "government_amount": 10000,
        "partner": "深圳市前海鹏程创业投资管理有限公司（演示）",  # the seed: 深圳某投资公司
        "committed": 50000,
        "paid_in": 30000,
        "established_on": D(2021, 8, 16),
        "focus": ["电子信息"],
    },
    DIGITAL: {
        "kind": FundKind.SUB,
        "parent": MOTHER,
        "size": 100000,
        "government_amount": 20000,
        "partner": "深圳数智生态股权投资管理有限公司（演示；与华为共建数字经济产业园配套设立）",
        "committed": 100000,
        "paid_in": 40000,
        "established_on": D(2021, 6, 30),
        "focus": ["数字经济"],
    },
}

#: (fund, company, 万元, invested on, status, board, listed on, project name, note)
INVESTMENTS = [
    (
        ELECTRONICS,
        "浏阳智联光电科技有限公司（演示）",
        6000,
        D(2021, 12, 10),
        InvestmentStatus.LISTED,
        ListingBoard.STAR,
        D(2025, 6, 27),
        "",
        "光电传感器模组；2025年6月科创板上市",
    ),
    (
        ELECTRONICS,
        "深圳芯辰微电子有限公司（演示）",
        8000,
        D(2022, 4, 18),
        InvestmentStatus.HOLDING,
        "",
        None,
        "",
        "芯片设计与封装；基金招商引来浏阳建封测基地",
    ),
    (
        ELECTRONICS,
        "湖南蓝海触控科技有限公司（演示）",
        5000,
        D(2022, 9, 5),
        InvestmentStatus.HOLDING,
        "",
        None,
        "",
        "触控显示模组，高新区扩产",
    ),
    (
        DIGITAL,
        "浏阳云擎数据科技有限公司（演示）",
        3000,
        D(2022, 11, 15),
        InvestmentStatus.HOLDING,
        "",
        None,
        "数字经济产业园",
        "园区大数据服务企业",
    ),
    (
        DIGITAL,
        "浏阳城市大脑运营有限公司（演示）",
        2000,
        D(2023, 8, 8),
        InvestmentStatus.HOLDING,
        "",
        None,
        "数字经济产业园",
        "城市场景数据开放运营",
    ),
]
