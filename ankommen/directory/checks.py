"""System checks of the directory's settings: a tile server template the maps cannot use
stops the start, instead of showing a map whose tiles never load."""

from django.core.checks import Error, register

from ankommen.directory.conf import tile_url, tile_url_problem


@register()
def map_tile_url_usable(app_configs, **kwargs):
    problem = tile_url_problem(tile_url())
    if problem is None:
        return []
    return [
        Error(
            f"ANKOMMEN_MAP_TILE_URL cannot be used: {problem}.",
            hint=(
                "Set it to a tile server template such as "
                "https://tile.openstreetmap.org/{z}/{x}/{y}.png, or leave it empty for maps "
                "without tiles."
            ),
            id="ankommen.directory.E001",
        )
    ]
