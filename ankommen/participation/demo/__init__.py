"""The participation part of the Kreis Gütersloh demo, written for this project.

- A consultation on two recommendations of the action plan (volunteer coordination in
  every town; making the anti-discrimination office better known), with comments in
  German, Romanian and Arabic that the KI has approved, one waiting and one rejected.
- The survey of the towns' integration officers on municipal integration work (the
  concept's online survey of summer/autumn 2023), closed, with one response per town.
- An open survey of young people (the concept held workshops with young immigrants in
  international classes), in several languages, with a first set of answers.
- Three residents' reports of a missing offer (Arabic, Ukrainian, German).

Idempotent: records are found by their slugs; comments and responses are added only to a
consultation or survey that has none.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ankommen.actionplan.models import Recommendation
from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.core.models import Language, Region, User
from ankommen.participation.models import (
    Answer,
    Choice,
    Comment,
    Consultation,
    MissingOfferReport,
    Question,
    Response,
    Survey,
    browser_hash,
)

CONSULTED = ["ehrenamtskoordination", "antidiskriminierungsstelle-bekannter"]

# (recommendation key or None for the draft, language, name, text, status, reason)
COMMENTS = [
    (
        "ehrenamtskoordination",
        "de",
        "Gisela",
        "In unserer Gemeinde kümmern sich drei Leute ehrenamtlich um alles. Eine feste "
        "Ansprechperson im Rathaus würde uns sehr entlasten.",
        Comment.Status.APPROVED,
        "",
    ),
    (
        "ehrenamtskoordination",
        "ro",
        "Ioana",
        "Aș vrea să ajut ca voluntară, dar nu știu la cine să mă adresez în orașul meu. "
        "O persoană de contact pentru voluntari ar fi foarte utilă.",
        Comment.Status.APPROVED,
        "",
    ),
    (
        "antidiskriminierungsstelle-bekannter",
        "ar",
        "",
        "لم أكن أعرف أن هناك مكتبًا لمكافحة التمييز في المنطقة. من الجيد توزيع "
        "المعلومات بالعربية في مراكز الاستشارة والمدارس.",
        Comment.Status.APPROVED,
        "",
    ),
    (
        "antidiskriminierungsstelle-bekannter",
        "uk",
        "Олена",
        "Було б добре, якби консультації проводилися також українською мовою.",
        Comment.Status.PENDING,
        "",
    ),
    (
        None,
        "de",
        "Gewinnspiel",
        "Jetzt klicken und gewinnen: www.beispiel-gewinnspiel.example",
        Comment.Status.REJECTED,
        "Werbung ohne Bezug zum Entwurf.",
    ),
]

TOWNS = [
    "Borgholzhausen",
    "Gütersloh",
    "Halle (Westf.)",
    "Harsewinkel",
    "Herzebrock-Clarholz",
    "Langenberg",
    "Rheda-Wiedenbrück",
    "Rietberg",
    "Schloß Holte-Stukenbrock",
    "Steinhagen",
    "Verl",
    "Versmold",
    "Werther (Westf.)",
]
# Towns with 25,000 inhabitants or more (approximate, for the demo's size classes).
LARGER_TOWNS = {
    "Gütersloh",
    "Rheda-Wiedenbrück",
    "Rietberg",
    "Verl",
    "Schloß Holte-Stukenbrock",
    "Harsewinkel",
}


def load_demo_participation(*, stdout) -> None:
    region = Region.objects.filter(slug=DEMO_REGION_SLUG).first()
    if region is None:
        stdout.write("participation: no demo region, nothing loaded")
        return
    languages = {language.code: language for language in Language.objects.all()}
    coordinator = User.objects.filter(username="ki.koordination").first()
    with transaction.atomic():
        consultation = _consultation(region, languages, coordinator)
        officers = _officers_survey(region, languages)
        youth = _youth_survey(region, languages)
        _missing_offers(region, languages)
    stdout.write(
        f"participation: consultation with {consultation.comments.count()} comments, "
        f"surveys with {officers.responses.count()} and {youth.responses.count()} responses "
        f"for {region.name}"
    )


def _consultation(region: Region, languages, coordinator) -> Consultation:
    today = timezone.localdate()
    consultation, _created = Consultation.objects.update_or_create(
        region=region,
        slug="ehrenamt-und-antidiskriminierung",
        defaults={
            "title": "Ehrenamt stärken, Diskriminierung begegnen: Ihre Meinung",
            "titles": {
                "en": "Supporting volunteers, tackling discrimination: your view",
                "ro": "Sprijin pentru voluntari, combaterea discriminării: părerea dumneavoastră",
                "ar": "دعم المتطوعين ومواجهة التمييز: رأيكم",
                "uk": "Підтримка волонтерів, протидія дискримінації: ваша думка",
            },
            "introduction": (
                "Zwei Empfehlungen des Aktionsplans stehen zur Diskussion. Was brauchen Sie "
                "vor Ort, damit sie gelingen?"
            ),
            "introductions": {
                "en": "Two recommendations of the action plan are open for discussion. "
                "What do you need where you live for them to work?",
                "ro": "Două recomandări ale planului de acțiune sunt supuse discuției. De ce "
                "aveți nevoie în localitatea dumneavoastră pentru ca ele să reușească?",
                "ar": "توصيتان من خطة العمل مطروحتان للنقاش. ما الذي تحتاجونه في مكان "
                "سكنكم لكي تنجحا؟",
            },
            "draft": "",
            "opens_on": today - dt.timedelta(days=20),
            "closes_on": today + dt.timedelta(days=40),
            "is_published": True,
        },
    )
    recommendations = {
        r.key: r for r in Recommendation.objects.filter(region=region, key__in=CONSULTED)
    }
    consultation.recommendations.set(recommendations.values())
    if not consultation.comments.exists() and len(recommendations) == len(CONSULTED):
        for index, (key, code, name, text, status, reason) in enumerate(COMMENTS):
            Comment.objects.create(
                consultation=consultation,
                recommendation=recommendations.get(key) if key else None,
                language=languages[code],
                name=name,
                text=text,
                status=status,
                rejection_reason=reason,
                moderated_by=coordinator if status != Comment.Status.PENDING else None,
                moderated_at=timezone.now() if status != Comment.Status.PENDING else None,
                created_at=timezone.now() - dt.timedelta(days=15 - index),
            )
    return consultation


def _question(survey, number, kind, text, texts=None, choices=(), **extra) -> Question:
    question, _created = Question.objects.update_or_create(
        survey=survey,
        number=number,
        defaults={"kind": kind, "text": text, "texts": texts or {}, **extra},
    )
    for choice_number, choice in enumerate(choices, start=1):
        choice_text, choice_texts = choice if isinstance(choice, tuple) else (choice, {})
        Choice.objects.update_or_create(
            question=question,
            number=choice_number,
            defaults={"text": choice_text, "texts": choice_texts},
        )
    return question


def _officers_survey(region: Region, languages) -> Survey:
    survey, _created = Survey.objects.update_or_create(
        region=region,
        slug="kommunale-integrationsarbeit-2023",
        defaults={
            "title": (
                "Kommunale Integrationsarbeit 2023: Umfrage unter den Integrationsbeauftragten"
            ),
            "introduction": (
                "Für das Integrationskonzept fragt das KI die Städte und Gemeinden nach ihrer "
                "Integrationsarbeit: Strukturen, Angebote und Bedarfe."
            ),
            "audience": Survey.Audience.INTEGRATION_OFFICERS,
            "opens_at": dt.datetime(2023, 7, 1, 8, 0, tzinfo=dt.UTC),
            "closes_at": dt.datetime(2023, 10, 31, 22, 0, tzinfo=dt.UTC),
            "min_group_size": 5,
        },
    )
    Q = Question.Kind
    town = _question(
        survey,
        1,
        Q.SINGLE,
        "Für welche Stadt oder Gemeinde antworten Sie?",
        choices=TOWNS,
        required=True,
    )
    size = _question(
        survey,
        2,
        Q.SINGLE,
        "Wie viele Einwohnerinnen und Einwohner hat Ihre Kommune?",
        choices=["unter 25.000", "25.000 und mehr"],
        required=True,
    )
    staff = _question(
        survey,
        3,
        Q.SINGLE,
        "Gibt es in Ihrer Verwaltung eine Stelle, die sich hauptsächlich um Integration kümmert?",
        choices=["ja, hauptamtlich", "ja, als Teil einer anderen Stelle", "nein"],
    )
    needs = _question(
        survey,
        4,
        Q.MULTIPLE,
        "Wo sehen Sie den größten Bedarf?",
        choices=[
            "Wohnraum",
            "Sprachkurse",
            "Kinderbetreuung",
            "Arbeit und Ausbildung",
            "Begleitung von Ehrenamtlichen",
            "Gesundheit",
        ],
    )
    network = _question(
        survey,
        5,
        Q.SCALE,
        "Wie gut fühlen Sie sich mit den anderen Kommunen und dem KI vernetzt?",
        low_label="gar nicht",
        high_label="sehr gut",
        scale_max=5,
    )
    wish = _question(survey, 6, Q.TEXT, "Was wünschen Sie sich vom KI für Ihre Arbeit?")
    survey.subgroup_question = size
    survey.save(update_fields=["subgroup_question"])
    coordinator_owner = User.objects.filter(username="integration.verl").first()
    if coordinator_owner is not None:
        survey.owners.add(coordinator_owner)
    if survey.responses.exists():
        return survey
    choices = {q.pk: list(q.choices.order_by("number")) for q in (town, size, staff, needs)}
    # One response per town; the answers vary by a fixed pattern.
    wishes = [
        "Regelmäßige Treffen der Integrationsbeauftragten, auch digital.",
        "Eine Übersicht, welche Beratungsstellen in welchen Sprachen beraten.",
        "",
        "Unterstützung bei der Suche nach Sprachmittlerinnen.",
        "",
        "Mehr Austausch über gelungene Projekte in anderen Kommunen.",
    ]
    for index, name in enumerate(TOWNS):
        response = Response.objects.create(
            survey=survey,
            language=languages["de"],
            submitted_on=dt.date(2023, 7, 10) + dt.timedelta(days=5 * index),
            browser=browser_hash(f"demo:{survey.slug}:{index}"),
        )
        answers = [
            Answer(response=response, question=town, choice=choices[town.pk][index]),
            Answer(
                response=response,
                question=size,
                choice=choices[size.pk][1 if name in LARGER_TOWNS else 0],
            ),
            Answer(
                response=response,
                question=staff,
                choice=choices[staff.pk][0 if name in LARGER_TOWNS else (index % 2) + 1],
            ),
            Answer(response=response, question=network, value=2 + (index * 3) % 4),
        ]
        answers += [
            Answer(response=response, question=needs, choice=choices[needs.pk][n])
            for n in {0, (index % 5) + 1, 3 if index % 3 == 0 else 1}
        ]
        if wishes[index % len(wishes)]:
            answers.append(
                Answer(response=response, question=wish, text=wishes[index % len(wishes)])
            )
        Answer.objects.bulk_create(answers)
    return survey


YOUTH_TOWNS = [
    ("Gütersloh", {}),
    ("Rheda-Wiedenbrück", {}),
    ("Verl", {}),
    (
        "eine andere Stadt",
        {
            "en": "another town",
            "ar": "مدينة أخرى",
            "uk": "інше місто",
            "ro": "alt oraș",
            "ru": "другой город",
            "tr": "başka bir şehir",
            "fa": "شهری دیگر",
        },
    ),
]


def _youth_survey(region: Region, languages) -> Survey:
    now = timezone.now()
    survey, _created = Survey.objects.update_or_create(
        region=region,
        slug="jugend-fragt-mit",
        defaults={
            "title": "Neu im Kreis? Sag uns deine Meinung!",
            "titles": {
                "en": "New in the district? Tell us what you think!",
                "ar": "جديد في المنطقة؟ أخبرنا برأيك!",
                "uk": "Нові в окрузі? Скажи нам свою думку!",
                "ro": "Nou în district? Spune-ne părerea ta!",
                "ru": "Недавно в районе? Расскажи нам, что ты думаешь!",
                "tr": "Bölgede yeni misin? Bize fikrini söyle!",
                "fa": "تازه به این منطقه آمده‌ای؟ نظرت را به ما بگو!",
            },
            "introduction": "Fünf kurze Fragen für junge Menschen zwischen 14 und 27 Jahren.",
            "intros": {
                "en": "Five short questions for young people aged 14 to 27.",
                "ar": "خمسة أسئلة قصيرة للشباب بين 14 و27 سنة.",
                "uk": "П'ять коротких запитань для молоді віком від 14 до 27 років.",
                "ro": "Cinci întrebări scurte pentru tineri între 14 și 27 de ani.",
            },
            "audience": Survey.Audience.YOUNG_PEOPLE,
            "opens_at": now - dt.timedelta(days=10),
            "closes_at": now + dt.timedelta(days=50),
            "min_group_size": 5,
        },
    )
    Q = Question.Kind
    town = _question(
        survey,
        1,
        Q.SINGLE,
        "In welcher Stadt wohnst du?",
        {
            "en": "Which town do you live in?",
            "ar": "في أي مدينة تسكن؟",
            "uk": "У якому місті ти живеш?",
            "ro": "În ce oraș locuiești?",
            "ru": "В каком городе ты живёшь?",
            "tr": "Hangi şehirde yaşıyorsun?",
            "fa": "در کدام شهر زندگی می‌کنی؟",
        },
        YOUTH_TOWNS,
        required=True,
    )
    place = _question(
        survey,
        2,
        Q.MULTIPLE,
        "Wo triffst du andere junge Leute?",
        {
            "en": "Where do you meet other young people?",
            "ar": "أين تلتقي بشباب آخرين؟",
            "uk": "Де ти зустрічаєшся з іншою молоддю?",
            "ro": "Unde te întâlnești cu alți tineri?",
            "ru": "Где ты встречаешься с другими молодыми людьми?",
            "tr": "Diğer gençlerle nerede buluşuyorsun?",
            "fa": "جوانان دیگر را کجا می‌بینی؟",
        },
        [
            (
                "in der Schule",
                {
                    "en": "at school",
                    "ar": "في المدرسة",
                    "uk": "у школі",
                    "ro": "la școală",
                    "ru": "в школе",
                    "tr": "okulda",
                    "fa": "در مدرسه",
                },
            ),
            (
                "im Sportverein",
                {
                    "en": "at a sports club",
                    "ar": "في النادي الرياضي",
                    "uk": "у спортивному клубі",
                    "ro": "la clubul sportiv",
                    "ru": "в спортивном клубе",
                    "tr": "spor kulübünde",
                    "fa": "در باشگاه ورزشی",
                },
            ),
            (
                "im Jugendzentrum",
                {
                    "en": "at the youth centre",
                    "ar": "في مركز الشباب",
                    "uk": "у молодіжному центрі",
                    "ro": "la centrul de tineret",
                    "ru": "в молодёжном центре",
                    "tr": "gençlik merkezinde",
                    "fa": "در مرکز جوانان",
                },
            ),
            (
                "online",
                {
                    "en": "online",
                    "ar": "عبر الإنترنت",
                    "uk": "онлайн",
                    "ro": "online",
                    "ru": "онлайн",
                    "tr": "internette",
                    "fa": "آنلاین",
                },
            ),
        ],
    )
    welcome = _question(
        survey,
        3,
        Q.SCALE,
        "Wie willkommen fühlst du dich hier?",
        {
            "en": "How welcome do you feel here?",
            "ar": "إلى أي مدى تشعر بالترحيب هنا؟",
            "uk": "Наскільки бажаним ти почуваєшся тут?",
            "ro": "Cât de binevenit te simți aici?",
            "ru": "Насколько желанным ты себя здесь чувствуешь?",
            "tr": "Burada kendini ne kadar hoş karşılanmış hissediyorsun?",
            "fa": "اینجا چقدر احساس خوش‌آمد بودن می‌کنی؟",
        },
        low_label="gar nicht",
        low_labels={
            "en": "not at all",
            "ar": "إطلاقًا",
            "uk": "зовсім ні",
            "ro": "deloc",
            "ru": "совсем нет",
            "tr": "hiç",
            "fa": "اصلاً",
        },
        high_label="sehr",
        high_labels={
            "en": "very",
            "ar": "كثيرًا",
            "uk": "дуже",
            "ro": "foarte",
            "ru": "очень",
            "tr": "çok",
            "fa": "خیلی",
        },
        scale_max=5,
    )
    school = _question(
        survey,
        4,
        Q.SINGLE,
        "Gehst du zur Schule, machst du eine Ausbildung oder arbeitest du?",
        {
            "en": "Do you go to school, do an apprenticeship or work?",
            "ar": "هل تذهب إلى المدرسة أو تتدرب مهنيًا أو تعمل؟",
            "uk": "Ти навчаєшся в школі, проходиш професійне навчання чи працюєш?",
            "ro": "Mergi la școală, faci o ucenicie sau lucrezi?",
            "ru": "Ты учишься в школе, проходишь профобучение или работаешь?",
            "tr": "Okula mı gidiyorsun, meslek eğitimi mi alıyorsun, yoksa çalışıyor musun?",
            "fa": "به مدرسه می‌روی، کارآموزی می‌کنی یا کار می‌کنی؟",
        },
        [
            (
                "Schule",
                {
                    "en": "school",
                    "ar": "المدرسة",
                    "uk": "школа",
                    "ro": "școală",
                    "ru": "школа",
                    "tr": "okul",
                    "fa": "مدرسه",
                },
            ),
            (
                "Ausbildung",
                {
                    "en": "apprenticeship",
                    "ar": "التدريب المهني",
                    "uk": "професійне навчання",
                    "ro": "ucenicie",
                    "ru": "профобучение",
                    "tr": "meslek eğitimi",
                    "fa": "کارآموزی",
                },
            ),
            (
                "Arbeit",
                {
                    "en": "work",
                    "ar": "العمل",
                    "uk": "робота",
                    "ro": "muncă",
                    "ru": "работа",
                    "tr": "iş",
                    "fa": "کار",
                },
            ),
            (
                "nichts davon",
                {
                    "en": "none of these",
                    "ar": "لا شيء مما سبق",
                    "uk": "нічого з цього",
                    "ro": "nimic din acestea",
                    "ru": "ничего из этого",
                    "tr": "hiçbiri",
                    "fa": "هیچ‌کدام",
                },
            ),
        ],
    )
    _question(
        survey,
        5,
        Q.TEXT,
        "Was fehlt dir hier am meisten?",
        {
            "en": "What do you miss most here?",
            "ar": "ما الذي ينقصك هنا أكثر شيء؟",
            "uk": "Чого тобі тут найбільше бракує?",
            "ro": "Ce îți lipsește cel mai mult aici?",
            "ru": "Чего тебе здесь больше всего не хватает?",
            "tr": "Burada en çok neyi özlüyorsun?",
            "fa": "اینجا بیشتر از همه چه چیزی کم داری؟",
        },
    )
    survey.subgroup_question = town
    survey.save(update_fields=["subgroup_question"])
    if survey.responses.exists():
        return survey
    towns = list(town.choices.order_by("number"))
    places = list(place.choices.order_by("number"))
    schools = list(school.choices.order_by("number"))
    # 7 from Gütersloh, 5 from Rheda-Wiedenbrück, 2 from Verl: Verl's group is too small.
    homes = [0] * 7 + [1] * 5 + [2] * 2
    codes = ["ar", "uk", "de", "ro", "ar", "tr", "de", "uk", "fa", "ar", "ro", "de", "ru", "uk"]
    for index, home in enumerate(homes):
        response = Response.objects.create(
            survey=survey,
            language=languages[codes[index]],
            submitted_on=timezone.localdate() - dt.timedelta(days=index % 9),
            browser=browser_hash(f"demo:{survey.slug}:{index}"),
        )
        Answer.objects.bulk_create(
            [
                Answer(response=response, question=town, choice=towns[home]),
                Answer(response=response, question=welcome, value=3 + index % 3),
                Answer(response=response, question=school, choice=schools[index % 3]),
                *[
                    Answer(response=response, question=place, choice=places[n])
                    for n in {0, index % 4}
                ],
            ]
        )
    return survey


# (town, language, what is missing): residents' reports on the review board.
MISSING_OFFERS = [
    ("Versmold", "ar", "دورة لغة ألمانية في المساء للأمهات العاملات، مع رعاية للأطفال."),
    ("Harsewinkel", "uk", "Немає консультацій українською мовою щодо пошуку житла."),
    ("Langenberg", "de", "Ein Sprachcafé am Wochenende, bei dem man Deutsch üben kann."),
]


def _missing_offers(region: Region, languages) -> None:
    if MissingOfferReport.objects.filter(region=region).exists():
        return
    towns = {town.name: town for town in region.towns()}
    for index, (town, code, text) in enumerate(MISSING_OFFERS):
        MissingOfferReport.objects.create(
            region=region,
            town=towns.get(town),
            language=languages[code],
            text=text,
            created_at=timezone.now() - dt.timedelta(days=3 * index + 1),
        )
