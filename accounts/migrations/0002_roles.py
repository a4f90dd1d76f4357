"""Create the six role groups with their exact names."""

from django.db import migrations

ROLES = [
    "key_office",
    "city_leader",
    "task_force_staff",
    "department_staff",
    "investment_team",
    "service_commissioner",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
