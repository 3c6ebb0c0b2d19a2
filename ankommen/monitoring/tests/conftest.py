from pathlib import Path

import pytest

from ankommen.core.models import Area
from ankommen.core.tests.factories import AreaFactory

FIXTURES = Path(__file__).parent / "fixtures" / "genesis"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def comparison(cast):
    """NRW (05) and OWL (057) above the cast's Kreis, which belong to no region."""
    nrw = AreaFactory(
        region=None, kind=Area.Kind.STATE, name="Nordrhein-Westfalen", official_key="05"
    )
    owl = AreaFactory(
        region=None,
        parent=nrw,
        kind=Area.Kind.ADMINISTRATIVE_REGION,
        name="Ostwestfalen-Lippe",
        official_key="057",
    )
    kreis = cast.region.area()
    kreis.parent = owl
    kreis.save()
    borgholzhausen = AreaFactory(
        region=cast.region, parent=kreis, name="Borgholzhausen", official_key="05754004"
    )
    guetersloh = AreaFactory(
        region=cast.region, parent=kreis, name="Gütersloh", official_key="05754008"
    )
    return {
        "nrw": nrw,
        "owl": owl,
        "kreis": kreis,
        "borgholzhausen": borgholzhausen,
        "guetersloh": guetersloh,
    }
