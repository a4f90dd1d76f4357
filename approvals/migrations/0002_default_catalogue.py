"""Load the default approval catalogue (approvals.catalogue_data): 5 stages, 23 items, their materials.

Departments the catalogue names are created if missing, by full name only (the same names the
demo uses; the demo loader fills in their short name and parent)."""

from django.db import migrations

from approvals.catalogue_data import DEPARTMENTS, ITEMS, STAGES


def load(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")
    Stage = apps.get_model("approvals", "ApprovalStage")
    Item = apps.get_model("approvals", "ApprovalItem")
    Material = apps.get_model("approvals", "ItemMaterial")
    units = {}
    for name in DEPARTMENTS:
        units[name] = Unit.objects.filter(name=name).first() or Unit.objects.create(name=name, kind="department")
    stages = {}
    for order, (code, number, name, limit, lead) in enumerate(STAGES, start=1):
        stages[code], _ = Stage.objects.get_or_create(
            code=code,
            defaults={
                "number": number,
                "name": name,
                "time_limit": limit,
                "lead_unit": units.get(lead),
                "sort_order": order,
            },
        )
    for order, (stage, code, name, dept, statutory, note, promised, promise, milestone, materials) in enumerate(
        ITEMS, start=1
    ):
        item, created = Item.objects.get_or_create(
            code=code,
            defaults={
                "stage": stages[stage],
                "name": name,
                "department": units[dept],
                "statutory_limit": statutory,
                "statutory_note": note,
                "promised_limit": promised,
                "promise_system": promise,
                "is_milestone": milestone,
                "sort_order": order,
            },
        )
        if created:
            for position, spec in enumerate(materials, start=1):
                Material.objects.create(item=item, sort_order=position, **spec)


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
