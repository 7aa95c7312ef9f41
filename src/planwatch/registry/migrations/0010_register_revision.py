import uuid

from django.db import migrations, models


def first_revision(apps, schema_editor):
    apps.get_model("registry", "RegisterRevision").objects.create(pk=1, token=uuid.uuid4().hex)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0009_indicator_document_judgement"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegisterRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(first_revision, migrations.RunPython.noop),
    ]
