import uuid

from django.db import migrations, models


def first_epoch(apps, schema_editor):
    apps.get_model("registry", "DocumentRevision").objects.create(document_id=0, token=uuid.uuid4().hex)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0010_register_revision"),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentRevision",
            fields=[
                ("document_id", models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(first_epoch, migrations.RunPython.noop),
    ]
