"""A survey's results: counts per question, the same by subgroup where groups are large
enough, the bars drawn as SVG, and the CSV for German Excel."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ankommen.core.spreadsheets import excel_csv
from ankommen.participation.models import Answer, Choice, Question, Response, Survey


@dataclass
class Row:
    label: str
    count: int
    share: float  # of the respondents who answered the question, 0..100


@dataclass
class QuestionResult:
    question: Question
    answered: int
    rows: list[Row] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    mean: float | None = None

    def bars(self) -> SafeString:
        return bar_chart(self.rows, title=self.question.text_in("text"))


@dataclass
class Group:
    key: str  # an id prefix for the page's headings
    label: str
    size: int
    shown: bool
    results: list[QuestionResult] = field(default_factory=list)


def _questions(survey: Survey) -> list[Question]:
    return list(
        survey.questions.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("number"))
        ).order_by("number")
    )


def question_results(
    survey: Survey, *, response_ids: set[int] | None = None, with_texts: bool = False
) -> list[QuestionResult]:
    """Counts per question of all responses (or of `response_ids`). Free-text answers are
    read only `with_texts` (their owners' page)."""
    answers = Answer.objects.filter(response__survey=survey)
    if response_ids is not None:
        answers = answers.filter(response_id__in=response_ids)
    rows = list(answers.values_list("question_id", "response_id", "choice_id", "value", "text"))
    results = []
    for question in _questions(survey):
        own = [r for r in rows if r[0] == question.pk]
        answered = len({r[1] for r in own})
        result = QuestionResult(question, answered)

        def share(count: int, answered: int = answered) -> float:
            return round(100 * count / answered, 1) if answered else 0.0

        if question.has_choices:
            counts = Counter(r[2] for r in own)
            result.rows = [
                Row(choice.text_in("text"), counts[choice.pk], share(counts[choice.pk]))
                for choice in question.choices.all()
            ]
        elif question.kind == Question.Kind.SCALE:
            counts = Counter(r[3] for r in own if r[3] is not None)
            result.rows = [
                Row(str(p), counts[p], share(counts[p])) for p in question.scale_points()
            ]
            total = sum(counts.values())
            if total:
                result.mean = round(sum(p * n for p, n in counts.items()) / total, 1)
        elif with_texts:
            result.texts = [r[4] for r in own if r[4].strip()]
        results.append(result)
    return results


def subgroups(survey: Survey, *, with_texts: bool = False) -> list[Group]:
    """Results per answer of the survey's subgroup question. A group smaller than the
    survey's `min_group_size` is hidden; when exactly one group is hidden, the next
    smallest is hidden too, so that the hidden one cannot be worked out from the total."""
    question = survey.subgroup_question
    if question is None or not question.has_choices:
        return []
    members: dict[int, set[int]] = {}
    for choice_id, response_id in Answer.objects.filter(question=question).values_list(
        "choice_id", "response_id"
    ):
        members.setdefault(choice_id, set()).add(response_id)
    groups = []
    for choice in question.choices.order_by("number"):
        size = len(members.get(choice.pk, ()))
        groups.append((choice, size, size >= survey.min_group_size))
    hidden = [g for g in groups if not g[2] and g[1] > 0]
    if len(hidden) == 1:
        shown = sorted((g for g in groups if g[2]), key=lambda g: g[1])
        if shown:
            smallest = shown[0]
            groups = [(c, s, False) if c == smallest[0] else (c, s, ok) for c, s, ok in groups]
    found = []
    for choice, size, shown in groups:
        group = Group(f"g{choice.pk}-", choice.text_in("text"), size, shown)
        if shown:
            group.results = question_results(
                survey, response_ids=members.get(choice.pk, set()), with_texts=with_texts
            )
        found.append(group)
    return found


ROW_HEIGHT = 40
CHART_WIDTH = 400
BAR_ROOM = 300  # the longest bar; the count and share follow it


def bar_chart(rows: list[Row], *, title: str) -> SafeString:
    """Horizontal bars, one per row with its label above it, as an image whose text
    alternative names every count (the table beside it carries the same numbers)."""
    if not rows:
        return SafeString("")  # safe: an empty string
    height = ROW_HEIGHT * len(rows)

    def share(row: Row) -> str:
        return number_format(row.share, decimal_pos=1)

    description = "; ".join(
        _("%(label)s: %(count)s") % {"label": row.label, "count": row.count} for row in rows
    )
    bars = format_html_join(
        "",
        '<text x="0" y="{}" class="bar-label">{}</text>'
        '<rect x="0" y="{}" width="{}" height="14" class="bar"></rect>'
        '<text x="{}" y="{}" class="bar-count">{}</text>',
        (
            (
                index * ROW_HEIGHT + 13,
                Truncator(row.label).chars(60),
                index * ROW_HEIGHT + 18,
                max(round(row.share * BAR_ROOM / 100, 1), 1),
                max(round(row.share * BAR_ROOM / 100, 1), 1) + 6,
                index * ROW_HEIGHT + 30,
                f"{row.count} ({share(row)} %)",
            )
            for index, row in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="survey-bars" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-label="{}" preserveAspectRatio="xMinYMin meet"><title>{}</title>{}</svg>',
        CHART_WIDTH,
        height,
        f"{title} – {description}",
        description,
        bars,
    )


def response_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey).count()


def results_csv(survey: Survey, *, decimal_sign: str = ",") -> bytes:
    """Counts and shares per question and answer, the mean of scales, and the groups that
    are large enough; free-text answers one per row (the export is for owners only)."""
    header = [_("Group"), _("Question"), _("Answer"), _("Count"), _("Share (%)")]
    rows: list[list] = [header]

    def add(group_label: str, results: list[QuestionResult]) -> None:
        for result in results:
            question = f"{result.question.number}. {result.question.text}"
            for row in result.rows:
                rows.append([group_label, question, row.label, row.count, row.share])
            if result.mean is not None:
                rows.append([group_label, question, _("mean"), "", result.mean])
            for text in result.texts:
                rows.append([group_label, question, text, "", ""])

    add(_("All answers"), question_results(survey, with_texts=True))
    for group in subgroups(survey):
        if group.shown:
            add(group.label, group.results)
    return excel_csv(rows, decimal_sign=decimal_sign)
