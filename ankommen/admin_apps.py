from django.contrib.admin.apps import AdminConfig


class AnkommenAdminConfig(AdminConfig):
    """The Django admin, with ankommen's scoped site as `admin.site`."""

    default_site = "ankommen.core.admin_site.AnkommenAdminSite"
