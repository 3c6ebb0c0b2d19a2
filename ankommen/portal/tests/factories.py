import factory

from ankommen.core.models import Language
from ankommen.portal.models import Page, PageTranslation


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    slug = factory.Sequence(lambda n: f"seite-{n}")
    status = Page.Status.PUBLISHED


class PageTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageTranslation

    page = factory.SubFactory(PageFactory)
    language = factory.LazyFunction(lambda: Language.objects.get(code="de"))
    title = factory.Sequence(lambda n: f"Seite {n}")
    body = "<p>Text</p>"
