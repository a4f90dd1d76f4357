"""The default evaluation criteria (评估指标); the office edits them afterwards."""

from decimal import Decimal

from django.db import migrations

CRITERIA = [
    ("市场前景", "产品或服务的市场需求、成长空间与竞争力", Decimal("25")),
    ("带动能力", "对产业链上下游、就业、税收和区域经济的带动作用", Decimal("25")),
    ("政策符合度", "与国家“十四五”规划、湖南“三高四新”战略及本市产业政策的契合程度", Decimal("15")),
    ("实施条件成熟度", "用地、规划、环评、资金等前期条件的落实程度", Decimal("20")),
    ("投入产出效益", "亩均投资、亩均税收、投资强度等效益指标", Decimal("15")),
]


def create(apps, schema_editor):
    Criterion = apps.get_model("reserve", "EvaluationCriterion")
    for order, (name, description, weight) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(
            name=name, defaults={"description": description, "weight": weight, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("reserve", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
