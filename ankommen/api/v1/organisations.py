"""/api/v1/: the organisations of a region."""

from __future__ import annotations

from ninja import Query, Router

from ankommen.api.v1 import schemas as s
from ankommen.api.v1.lookups import answers, find_language, find_region, paginate
from ankommen.core.models import Organisation

router = Router()


@router.get(
    "regions/{region}/{language}/organisations/",
    response=answers(s.OrganisationPage),
    tags=["organisations"],
    summary="Organisations of a region",
)
def organisations(request, region: str, language: str, params: Query[s.PageParams]):
    found = find_region(region)
    code = find_language(found, language).code
    rows = (
        Organisation.objects.filter(region=found)
        .select_related("parent")
        .prefetch_related("areas")
        .order_by("key")
    )

    def out(o: Organisation) -> dict:
        return {
            "key": o.key,
            "name": o.name,
            "short_name": o.short_name,
            "kind": o.kind,
            "parent": o.parent.key if o.parent_id else None,
            "areas": sorted(a.pk for a in o.areas.all()),
            "description": o.description_in(code),
            "email": o.email,
            "phone": o.phone,
            "website": o.website,
            "street": o.street,
            "postal_code": o.postal_code,
            "city": o.city,
            "is_demo": o.is_demo,
            "updated_at": o.updated_at,
        }

    return paginate(request, rows, params, out)
