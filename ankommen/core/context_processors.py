from django.http import HttpRequest

from ankommen.core import town_choice


def region(request: HttpRequest) -> dict:
    """The region and content language that `region_view` resolved, for the base layout
    (its lang and dir attributes, the region's name in the header)."""
    return {
        "region": getattr(request, "region", None),
        "content_language": getattr(request, "content_language", None),
        "unavailable_language": getattr(request, "unavailable_language", None),
        # Callables: the template asks only on the public pages that show the chooser.
        # The language of the page's address, for the chooser's link (also where the
        # content is shown in an interface language).
        "town_choice_language": getattr(request, "content_language", None)
        or getattr(request, "unavailable_language", None),
        "chosen_town": lambda: town_choice.chosen_town(request),
        "town_choices": lambda: _town_choices(request),
    }


def _town_choices(request: HttpRequest) -> list[tuple[int, str]]:
    region = getattr(request, "region", None)
    if region is None:
        return []
    areas = sorted(town_choice.choosable_areas(region), key=town_choice.town_label)
    return [(area.pk, town_choice.town_label(area)) for area in areas]
