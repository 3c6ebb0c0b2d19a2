"""Request, Offer and Feedback of the pools are renamed to what they are —
MediationRequest, AssignmentOffer, AssignmentFeedback — so that none shares its name with
the HTTP request, the directory's offers or the API's feedback.

The tables are renamed with the models (rows, ids and foreign keys stay as they are), the
two indexes named after the request table follow, the content types are renamed by
Django's contenttypes app (same ids), and the permissions' codenames of an existing
installation (`view_request` …) are renamed to the models' new default codenames, so
that any grant to a group or a user survives.
"""

from django.conf import settings
from django.db import migrations

RENAMED = {"request": "mediationrequest", "offer": "assignmentoffer", "feedback": "assignmentfeedback"}
ACTIONS = ("add", "change", "delete", "view")


def _rename_codenames(apps, schema_editor, *, forwards: bool) -> None:
    Permission = apps.get_model("auth", "Permission")
    for old, new in RENAMED.items():
        for action in ACTIONS:
            before, after = (f"{action}_{old}", f"{action}_{new}")
            if not forwards:
                before, after = after, before
            # The content type already carries the new model name (renamed right after
            # each RenameModel) on the way forwards, and still does on the way back.
            Permission.objects.filter(
                content_type__app_label="mediation",
                content_type__model=new,
                codename=before,
            ).update(codename=after)


def rename_permission_codenames(apps, schema_editor) -> None:
    _rename_codenames(apps, schema_editor, forwards=True)


def restore_permission_codenames(apps, schema_editor) -> None:
    _rename_codenames(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cases", "0013_enrolment_nonce_of_the_authenticator"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_throttle_counts_in_the_database"),
        ("mediation", "0005_topic_confirmation_and_submission_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Feedback", new_name="AssignmentFeedback"),
        migrations.RenameModel(old_name="Offer", new_name="AssignmentOffer"),
        migrations.RenameModel(old_name="Request", new_name="MediationRequest"),
        migrations.RenameIndex(
            model_name="mediationrequest",
            new_name="mediation_m_region__79fb0b_idx",
            old_name="mediation_r_region__ce9e01_idx",
        ),
        migrations.RenameIndex(
            model_name="mediationrequest",
            new_name="mediation_m_organis_facee5_idx",
            old_name="mediation_r_organis_99048e_idx",
        ),
        migrations.RunPython(rename_permission_codenames, restore_permission_codenames),
    ]
