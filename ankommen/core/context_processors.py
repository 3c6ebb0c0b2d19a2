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


def staff_header(request: HttpRequest) -> dict:
    """The modules of the signed-in person in the current region, for the header of every
    staff page (`staff_base.html`); computed only when a template asks."""

    def modules() -> list:
        from ankommen.core.modules import staff_modules

        region_obj = getattr(request, "region", None)
        user = getattr(request, "user", None)
        if region_obj is None or user is None or not user.is_authenticated:
            return []
        cached = getattr(request, "_staff_modules", None)
        if cached is None:
            cached = staff_modules(user, region_obj)
            request._staff_modules = cached
        return cached

    def current() -> str:
        """The address of the module the current page belongs to: the longest of the
        modules' addresses that the page's path starts with."""
        path = request.path
        matching = [m.url for m in modules() if path.startswith(m.url)]
        return max(matching, key=len, default="")

    return {"staff_modules": modules, "staff_module_current": current}
