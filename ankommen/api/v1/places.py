"""/api/v1/: the places of public offers and events."""

from __future__ import annotations

from django.db.models import QuerySet
from ninja import Query, Router

from ankommen.api.v1 import schemas as s
from ankommen.api.v1.lookups import answers, as_float, find_region, paginate
from ankommen.core.models import Region
from ankommen.directory.models import Place

router = Router()


def _public_places(region: Region) -> QuerySet:
    return Place.objects.public(region).prefetch_related("hours").order_by("key")


@router.get(
    "regions/{region}/places/",
    response=answers(s.PlacePage),
    tags=["places"],
    summary="Places of public offers and events",
)
def places(request, region: str, params: Query[s.PageParams]):
    def out(p: Place) -> dict:
        return {
            "key": p.key,
            "name": p.name,
            "street": p.street,
            "postal_code": p.postal_code,
            "city": p.city,
            "area": p.area_id,
            "latitude": as_float(p.latitude),
            "longitude": as_float(p.longitude),
            "wheelchair_accessible": p.wheelchair_accessible,
            "accessibility": p.accessibility,
            "transit": p.transit,
            "by_appointment_only": p.by_appointment_only,
            "hours_note": p.hours_note,
            "hours": [
                {"weekday": h.weekday, "opens": h.opens, "closes": h.closes} for h in p.hours.all()
            ],
            "is_demo": p.is_demo,
        }

    return paginate(request, _public_places(find_region(region)), params, out)
