from django.http import HttpRequest


def region(request: HttpRequest) -> dict:
    """The region and content language that `region_view` resolved, for the base layout
    (its lang and dir attributes, the region's name in the header)."""
    return {
        "region": getattr(request, "region", None),
        "content_language": getattr(request, "content_language", None),
        "unavailable_language": getattr(request, "unavailable_language", None),
    }
