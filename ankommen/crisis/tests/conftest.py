import pytest

from ankommen.core.tests.factories import LanguageFactory
from ankommen.crisis.models import Level, Measure, Structure


@pytest.fixture
def levels(cast):
    """The cast's region with normal, heightened and crisis; "heightened" asks Verl's
    officer for extra counselling hours and the KI for the daily situation call."""
    region = cast.region
    normal = Level.objects.create(region=region, rank=Level.Kind.NORMAL, name="Normalbetrieb")
    heightened = Level.objects.create(
        region=region, rank=Level.Kind.HEIGHTENED, name="Erhöhte Zuwanderung"
    )
    crisis = Level.objects.create(region=region, rank=Level.Kind.CRISIS, name="Krisenbetrieb")
    Measure.objects.create(
        level=heightened,
        title="Zusätzliche Beratungsstunden öffnen",
        owner=cast.officer_verl,
        area=cast.verl,
        due_hours=48,
    )
    Measure.objects.create(
        level=heightened, title="Tägliche Lagebesprechung", owner=cast.ki_coordinator, due_hours=12
    )
    cast.officer_verl.email = "vera@example.org"
    cast.officer_verl.save()
    cast.ki_coordinator.email = "katrin@example.org"
    cast.ki_coordinator.save()
    return {"normal": normal, "heightened": heightened, "crisis": crisis}


@pytest.fixture
def verl_shelter(cast):
    return Structure.objects.create(
        region=cast.region,
        area=cast.verl,
        kind=Structure.Kind.ACCOMMODATION,
        name="Übergangswohnheim Verl",
        capacity=100,
        occupied=60,
        keeper=cast.officer_verl,
    )


@pytest.fixture
def arabic_region(public_region):
    """The public region offering Arabic too."""
    arabic = LanguageFactory(
        code="ar", native_name="العربية", name_de="Arabisch", name_en="Arabic", direction="rtl"
    )
    public_region.languages.add(arabic)
    return public_region
