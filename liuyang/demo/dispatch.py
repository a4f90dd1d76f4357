"""The demo's weekly dispatch meetings (每周调度会): what each task force discussed and agreed.

Pure data and dates; ``work.py`` records them through ``projects.services.meetings``.
The seed's task forces met four times in the weeks before 27 November 2026, on their
own weekday, each meeting with its minutes, decisions and action items; every other
lit project's task force met twice. Items of earlier meetings are done; those of the
latest are open and due after the demo's today, except one of 数字经济产业园's, due
20 November and still open (the one overdue item).
"""

from dataclasses import dataclass
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from projects.choices import MeetingFrequency

from .pool import base_name
from .progress import DEMO_TODAY


@dataclass(frozen=True)
class Item:
    title: str
    owner: str  # a username; the liaison when that person is not in the task force
    due_in_days: int
    done: bool = True


@dataclass(frozen=True)
class Meeting:
    minutes: str
    decisions: str
    items: tuple


#: the meeting rhythm of the seed's task forces (weekday 0 = Monday), set when they are created
RHYTHMS = {
    "花炮产业转型升级": (MeetingFrequency.WEEKLY, 1),
    "大围山生态旅游示范区": (MeetingFrequency.WEEKLY, 2),
    "数字经济产业园": (MeetingFrequency.WEEKLY, 0),
    "精密制造产业园": (MeetingFrequency.WEEKLY, 3),
    "生物医药产业化项目": (MeetingFrequency.WEEKLY, 4),
    "高性能新材料产业化项目": (MeetingFrequency.WEEKLY, 1),
    "浏阳河文旅综合体": (MeetingFrequency.BIWEEKLY, 2),
}

LOCATIONS = ["市重点办三楼会议室", "项目现场指挥部"]

# The seed's task forces: four meetings each, oldest first.
SEED_MEETINGS = {
    "花炮产业转型升级": [
        Meeting(
            "听取“机器换人”技改进度汇报：全年计划改造自动化生产线40条，已完成36条。",
            "1. 剩余4条生产线11月底前完成设备进场；2. 花炮文化城展陈方案报市文旅广体局审查。",
            (
                Item("督促剩余4条自动化生产线设备进场", "taskforce2", 10),
                Item("报送花炮文化城展陈方案", "taskforce2", 7),
            ),
        ),
        Meeting(
            "研究花炮文化城消防验收准备工作，听取安全生产专项检查情况。",
            "1. 住建局牵头开展消防验收预检；2. 技改企业安全评价报告月底前备案。",
            (
                Item("组织花炮文化城消防验收预检", "tf_build", 10),
                Item("技改企业安全评价报告备案", "tf_env", 14),
            ),
        ),
        Meeting(
            "调度技改设备安装调试及“浏阳花炮”品牌推广工作。",
            "1. 新投产生产线开展试生产安全评估；2. 筹备年度焰火展演活动。",
            (Item("新投产生产线试生产安全评估", "tf_env", 12),),
        ),
        Meeting(
            "听取11月进度：自动化生产线累计完成104条，文化城展陈布展推进中。",
            "1. 12月底前完成全部投产验收准备；2. 汇总“机器换人”成效数据（效率、事故率、附加值）。",
            (
                Item("全部投产验收准备", "taskforce2", 28, done=False),
                Item("汇总“机器换人”成效数据", "tf_dev", 21, done=False),
            ),
        ),
    ],
    "大围山生态旅游示范区": [
        Meeting(
            "听取旅游公路、游客中心、生态停车场施工进度，雨季影响路基施工约1个月。",
            "1. 增加作业面，抢抓晴好天气施工；2. 交通局派员驻场指导。",
            (Item("旅游公路增开2个作业面", "taskforce2", 10), Item("交通局驻场指导方案", "tf_build", 7)),
        ),
        Meeting(
            "研究游客中心装饰装修与生态停车场（二期）用地问题。",
            "1. 自然资源局加快二期停车场林地报批；2. 游客中心12月底前完成装修。",
            (Item("二期停车场林地报批", "tf_land", 14), Item("游客中心装修进度计划", "taskforce2", 7)),
        ),
        Meeting(
            "调度森林音乐节筹备与旅游公路安全设施施工。",
            "1. 护栏及标志标线11月底前完成；2. 音乐节交通组织方案报公安交警审核。",
            (Item("护栏及标志标线施工", "tf_build", 14),),
        ),
        Meeting(
            "听取11月进度：落后序时进度约18个百分点，主要是路基施工滞后。",
            "1. 制定赶工计划，12月完成投资不少于0.8亿元；2. 市领导每周现场督导。",
            (
                Item("报送赶工计划", "taskforce2", 7, done=False),
                Item("落实12月投资资金拨付", "taskforce2", 20, done=False),
            ),
        ),
    ],
    "数字经济产业园": [
        Meeting(
            "听取二期标准厂房主体施工、云计算中心机电安装及企业入驻情况（已入驻企业120余家）。",
            "1. 二期标准厂房年底前主体封顶；2. 华为平台建设进度纳入周调度。",
            (
                Item("二期标准厂房主体施工进度计划", "taskforce", 7),
                Item("对接华为平台建设周报", "taskforce", 7),
            ),
        ),
        Meeting(
            "研究二期供电、10kV专线接入及园区道路配套。",
            "1. 协调国网浏阳市供电公司11月20日前完成二期10kV专线接入方案；2. 园区道路12月完工。",
            (
                Item("协调供电公司完成二期10kV专线接入方案", "tf_build", 11, done=False),
                Item("园区道路配套施工", "tf_build", 30, done=False),
            ),
        ),
        Meeting(
            "调度数字经济产业基金（10亿元）投资项目落地及人才公寓建设。",
            "1. 基金已投企业用房需求汇总；2. 人才公寓装修12月交付。",
            (Item("汇总基金已投企业用房需求", "tf_dev", 7),),
        ),
        Meeting(
            "听取11月进度：完成投资超序时进度；10kV专线接入方案仍未完成，列为督办事项。",
            "1. 专线接入方案限期完成；2. 准备2027年度计划投资申报。",
            (Item("申报2027年度计划投资", "tf_dev", 21, done=False),),
        ),
    ],
    "精密制造产业园": [
        Meeting(
            "听取一期厂房装修及精密加工设备进场情况，长三角配套企业对接进展。",
            "1. 设备进场前完成厂房环境验收；2. 商务局跟进3家配套企业签约。",
            (Item("一期厂房环境验收", "tf_env", 10),),
        ),
        Meeting(
            "研究二期厂房基础施工与用地报批。",
            "1. 自然资源局12月前完成二期用地报批；2. 施工许可同步办理。",
            (Item("二期用地报批", "tf_land", 14), Item("二期施工许可", "tf_build", 14)),
        ),
        Meeting(
            "调度10月投资统计：设备购置金额大，需核实付款凭证。",
            "1. 企业补齐设备采购合同及付款凭证；2. 专班核实后重新填报。",
            (Item("补齐设备采购付款凭证", "taskforce", 7),),
        ),
        Meeting(
            "听取10月月报退回后的整改情况：凭证已收集，拟12月初重新提交。",
            "1. 12月5日前重新提交10月月报；2. 11月月报同步报送。",
            (Item("重新提交10月月报", "taskforce", 8, done=False),),
        ),
    ],
    "生物医药产业化项目": [
        Meeting(
            "听取研发楼与生产车间主体竣工情况（高压线迁改已于上半年完成）。",
            "1. 洁净车间装修12月完成；2. GMP认证准备同步启动。",
            (Item("洁净车间装修进度计划", "taskforce", 7),),
        ),
        Meeting(
            "研究设备安装调试与环保设施验收。",
            "1. 污水处理站11月底前调试；2. 生态环境局指导排污许可申领。",
            (Item("污水处理站调试", "tf_env", 10), Item("排污许可申领", "tf_env", 14)),
        ),
        Meeting(
            "调度消防验收与竣工验收准备。",
            "1. 住建局组织消防验收；2. 竣工验收资料12月中旬前备齐。",
            (Item("组织消防验收", "tf_build", 12),),
        ),
        Meeting(
            "听取11月进度：完成投资与序时进度基本同步，年底可全部投产。",
            "1. 竣工验收备案；2. 投产仪式筹备。",
            (Item("竣工验收备案", "tf_build", 25, done=False),),
        ),
    ],
    "高性能新材料产业化项目": [
        Meeting(
            "听取一期厂房主体竣工及生产线设备采购情况。",
            "1. 设备安装调试1月完成；2. “先租后让”租赁期考核指标梳理。",
            (Item("梳理“先租后让”租赁期考核指标", "tf_land", 14),),
        ),
        Meeting(
            "研究危化品仓库安全评价与环评验收。",
            "1. 安全评价报告月底前报审；2. 环评验收监测同步开展。",
            (Item("危化品仓库安全评价报审", "tf_env", 10),),
        ),
        Meeting(
            "调度设备安装进度及达产后税收测算。",
            "1. 企业报送达产计划；2. 发改局核实投资强度。",
            (Item("核实投资强度", "tf_dev", 10),),
        ),
        Meeting(
            "听取11月进度：设备安装调试有序推进。",
            "1. 部分投产准备；2. 租赁期考核材料12月提交。",
            (Item("提交租赁期考核材料", "tf_land", 24, done=False),),
        ),
    ],
    "浏阳河文旅综合体": [
        Meeting(
            "听取概念规划深化及可研编制情况。",
            "1. 可研报告12月报发改局；2. 启动用地报批。",
            (Item("报送可研报告", "tf_dev", 21),),
        ),
        Meeting(
            "研究滨河段用地报批与防洪评价。",
            "1. 自然资源局牵头用地预审；2. 水利局开展防洪影响评价。",
            (Item("用地预审与选址", "tf_land", 20),),
        ),
        Meeting(
            "调度焰火表演场选址与安全评估。",
            "1. 应急局参与安全距离论证；2. 与花炮文化城联动方案细化。",
            (Item("焰火表演场安全距离论证", "tf_env", 21),),
        ),
        Meeting(
            "听取11月进度：规划设计方案已完成，环评正在编制。",
            "1. 环评报告12月报审；2. 2027年3月开工目标倒排工期。",
            (
                Item("环评报告报审", "tf_env", 25, done=False),
                Item("倒排2027年开工工期", "tf_dev", 20, done=False),
            ),
        ),
    ],
}

GENERIC_MINUTES = "听取{name}形象进度及本月投资完成情况，梳理存在问题。"
GENERIC_DECISIONS = "1. 对照工作方案节点倒排工期；2. 存在问题列入问题清单，限时销号。"


def generic_meetings(spec):
    return [
        Meeting(
            GENERIC_MINUTES.format(name=base_name(spec["name"])),
            GENERIC_DECISIONS,
            (Item("对照工作方案节点倒排工期", "liaison", 10),),
        ),
        Meeting(
            GENERIC_MINUTES.format(name=base_name(spec["name"])),
            "1. 按时报送月报；2. 专班成员分头协调要素保障。",
            (Item("协调落实要素保障", "liaison", 21, done=False),),
        ),
    ]


def meetings_for(spec):
    return SEED_MEETINGS.get(base_name(spec["name"])) or generic_meetings(spec)


def meeting_days(frequency, weekday, count, today=DEMO_TODAY):
    """The last ``count`` meeting days on or before ``today``, oldest first."""
    last = today - timedelta(days=(today.weekday() - weekday) % 7)
    days = [last]
    while len(days) < count:
        if frequency == MeetingFrequency.MONTHLY:
            day = days[-1] - relativedelta(months=1)
            day -= timedelta(days=(day.weekday() - weekday) % 7)
        else:
            day = days[-1] - timedelta(weeks=2 if frequency == MeetingFrequency.BIWEEKLY else 1)
        days.append(day)
    return sorted(days)


def item_dates(held_on, item):
    """(due date, done on) of an action item of a meeting held on ``held_on``."""
    due = held_on + timedelta(days=item.due_in_days)
    if item.done:
        return due, min(
            held_on + timedelta(days=max(item.due_in_days - 2, 1)), DEMO_TODAY - timedelta(days=1)
        )
    if due >= DEMO_TODAY or item.title == OVERDUE_ITEM:
        return due, None
    return DEMO_TODAY + timedelta(days=item.due_in_days), None


#: the one action item left open past its due date
OVERDUE_ITEM = "协调供电公司完成二期10kV专线接入方案"
