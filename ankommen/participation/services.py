"""Storing what the public sends: once per sending, in one transaction, without identity."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ankommen.core.models import Language, Region
from ankommen.core.once import create_once
from ankommen.participation.models import (
    Answer,
    Comment,
    Consultation,
    MissingOfferReport,
    Question,
    Response,
    Survey,
    browser_hash,
)


def comment_submit(*, form, consultation: Consultation, language: Language) -> Comment:
    """A valid CommentForm as a comment waiting for moderation; sent twice, stored once."""

    def create() -> Comment:
        comment = form.save(commit=False)
        comment.consultation = consultation
        comment.language = language
        comment.submission_key = form.cleaned_data.get("submission_key")
        comment.save()
        return comment

    comment, _created = create_once(
        Comment.objects.filter(consultation=consultation),
        form.cleaned_data.get("submission_key"),
        create,
    )
    return comment


def missing_offer_report(*, form, region: Region, language: Language) -> MissingOfferReport:
    def create() -> MissingOfferReport:
        report = form.save(commit=False)
        report.region = region
        report.language = language
        report.submission_key = form.cleaned_data.get("submission_key")
        report.save()
        return report

    report, _created = create_once(
        MissingOfferReport.objects.filter(region=region),
        form.cleaned_data.get("submission_key"),
        create,
    )
    return report


def has_answered(survey: Survey, token: str) -> bool:
    return (
        bool(token)
        and Response.objects.filter(
            survey=survey, browser=browser_hash(f"{survey.pk}:{token}")
        ).exists()
    )


def response_submit(*, survey: Survey, form, token: str, language: Language) -> bool:
    """Stores the answers of a valid SurveyForm as one anonymous response. `token` is the
    browser's random token (its cookie, else the form's own): a second sending from the
    same browser stores nothing. True when stored."""
    browser = browser_hash(f"{survey.pk}:{token}")
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey, language=language, browser=browser)
            answers = []
            for question, kind, value in form.answers():
                if kind == Question.Kind.MULTIPLE:
                    answers += [
                        Answer(response=response, question=question, choice_id=v) for v in value
                    ]
                elif kind == Question.Kind.SINGLE:
                    answers.append(Answer(response=response, question=question, choice_id=value))
                elif kind == Question.Kind.SCALE:
                    answers.append(Answer(response=response, question=question, value=value))
                else:
                    answers.append(Answer(response=response, question=question, text=value))
            Answer.objects.bulk_create(answers)
    except IntegrityError:
        return False
    return True
