"""Default work-plan templates: the pre-construction links and the construction nodes
that statistics systems track (DOMAIN-PRACTICE: 拆迁 … 全部投产). The office edits them."""

from django.db import migrations

PRE = [
    ("项目立项（审批/核准/备案）", -210),
    ("用地预审与选址", -180),
    ("土地征收", -150),
    ("规划设计方案", -120),
    ("环评安评", -90),
    ("施工图设计及审查", -45),
    ("施工许可", -10),
]
INDUSTRIAL = [
    ("拆迁", -30),
    ("打桩", 30),
    ("开挖", 60),
    ("正负零", 120),
    ("主体封顶", 300),
    ("主体竣工", 420),
    ("设备安装调试", 480),
    ("部分投产", 540),
    ("全部投产", 600),
]
INFRASTRUCTURE = [
    ("拆迁", -30),
    ("开挖/路基", 60),
    ("主体工程过半", 240),
    ("主体完工", 420),
    ("竣工验收", 480),
    ("交付使用", 510),
]
LIVELIHOOD = [
    ("拆迁", -30),
    ("正负零", 120),
    ("主体封顶", 300),
    ("竣工验收", 420),
    ("交付使用", 450),
]
TEMPLATES = [
    ("产业项目标准工作方案", "industrial", INDUSTRIAL),
    ("基础设施项目标准工作方案", "infrastructure", INFRASTRUCTURE),
    ("民生项目标准工作方案", "livelihood", LIVELIHOOD),
]


def create(apps, schema_editor):
    Template = apps.get_model("projects", "MilestoneTemplate")
    Item = apps.get_model("projects", "MilestoneTemplateItem")
    for name, project_type, construction in TEMPLATES:
        template, created = Template.objects.get_or_create(name=name, defaults={"project_type": project_type})
        if not created:
            continue
        nodes = [(n, "pre", d) for n, d in PRE] + [(n, "construction", d) for n, d in construction]
        Item.objects.bulk_create(
            Item(template=template, name=n, phase=phase, offset_days=d, sort_order=(i + 1) * 10)
            for i, (n, phase, d) in enumerate(nodes)
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_task_force_work")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
