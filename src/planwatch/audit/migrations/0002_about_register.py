from django.conf import settings
from django.db import migrations, models

# As planwatch.audit.models.REPORTING_WORK_APPS was when this ran (a migration does not import the live constant).
REPORTING_WORK_APPS = ["reporting"]


def mark_reporting_work(apps, schema_editor):
    """The entries written before the field existed: those about reporting work, in one statement."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    kinds = ContentType.objects.filter(app_label__in=REPORTING_WORK_APPS).values("pk")
    AuditEntry.objects.using(schema_editor.connection.alias).filter(content_type__in=kinds).update(about_register=False)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_audit_trail'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='about_register',
            field=models.BooleanField(default=True, editable=False, verbose_name='về sổ theo dõi'),
        ),
        migrations.RunPython(mark_reporting_work, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(condition=models.Q(('about_register', True)), fields=['-id'], name='audit_about_register_latest'),
        ),
    ]
