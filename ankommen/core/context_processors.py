from django.http import HttpRequest

from ankommen.core import town_choice


def region(request: HttpRequest) -> dict:
    """The region and content language that `region_view` resolved, for the base layout
    (its lang and dir attributes, the region's name in the header)."""
    return {
        "region": getattr(request, "region", None),
        "content_language": getattr(request, "content_language", None),
        "unavailable_language": getattr(request, "unavailable_language", None),
        # The language of the page's address, for the chooser's link (also where the
        # content is shown in an interface language).
        "town_choice_language": getattr(request, "content_language", None)
        or getattr(request, "unavailable_language", None),
        # Callables: the template asks only on the public pages that show the chooser.
        "chosen_town": lambda: town_choice.chosen_town(request),
        "town_choices": lambda: town_choice.choices(request),
    }
