"""三员分立: create the three administrator role groups with their exact names."""

from django.db import migrations

ADMIN_ROLES = ["system_admin", "security_admin", "audit_admin"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ADMIN_ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_security")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
