"""Default indicator schemes per project type (DOMAIN §4 and DOMAIN-PRACTICE's scoring schemes).

Industrial: investment completion (the city award rule: base at 100 %, −0.5 per point
below, +0.2 per point to 130 %, +0.1 beyond, ±10 cap), output and tax contribution
(entered, banded). Infrastructure: construction progress (milestones on time),
quality (entered, banded), safety (−2 per site-management failure). Livelihood:
public satisfaction and social benefit (entered, banded). Every scheme: a major
safety or quality accident vetoes the score (一票否决). The office edits them.
"""

from django.db import migrations

RATIO = {"target": 100, "base": 40, "below_per_point": 0.5, "bonus": [[130, 0.2], [None, 0.1]], "cap": 10}
VETO = ("veto", "重大安全质量事故（一票否决）", 0, "veto", {"threshold": 1}, "computed", "major_incidents", "次")


def banded(full):
    return {"bands": [[100, full], [90, full * 0.9], [80, full * 0.8], [60, full * 0.6]], "otherwise": 0}


SCHEMES = {
    "industrial": (
        "产业项目考核指标",
        [
            ("investment", "投资完成率", 50, "ratio", RATIO, "computed", "investment_completion", "%"),
            ("output", "产值贡献率", 25, "banded", banded(25), "entered", "", "%"),
            ("tax", "税收贡献率", 25, "banded", banded(25), "entered", "", "%"),
            VETO,
        ],
    ),
    "infrastructure": (
        "基础设施项目考核指标",
        [
            ("progress", "工程进度（节点按期完成率）", 60, "ratio",
             {"target": 100, "base": 60, "below_per_point": 0.6, "cap": 30}, "computed", "milestones_on_time", "%"),
            ("quality", "质量标准", 20, "banded", banded(20), "entered", "", "分"),
            ("safety", "安全规范", 20, "deduction", {"per_event": 2}, "computed", "site_failures", "次"),
            VETO,
        ],
    ),
    "livelihood": (
        "民生项目考核指标",
        [
            ("satisfaction", "群众满意度", 60, "banded", banded(60), "entered", "", "%"),
            ("benefit", "社会效益", 40, "banded", banded(40), "entered", "", "分"),
            VETO,
        ],
    ),
}


def load(apps, schema_editor):
    Scheme = apps.get_model("assessment", "IndicatorScheme")
    Indicator = apps.get_model("assessment", "Indicator")
    for project_type, (name, indicators) in SCHEMES.items():
        scheme, created = Scheme.objects.get_or_create(project_type=project_type, defaults={"name": name})
        if not created:
            continue
        for order, (code, label, weight, rule, params, source, metric, unit) in enumerate(indicators, start=1):
            Indicator.objects.create(
                scheme=scheme, code=code, name=label, weight=weight, rule=rule, params=params,
                source=source, metric=metric, unit_label=unit, sort_order=order,
            )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
