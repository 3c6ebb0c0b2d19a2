"""The public forms (a comment, a survey's answers, a missing offer) and the moderator's."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from ankommen.core.once import SubmissionKeyForm
from ankommen.participation.models import Comment, Consultation, MissingOfferReport, Question


class CommentForm(SubmissionKeyForm, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["recommendation", "name", "text"]
        labels = {
            "recommendation": _("Your comment is about"),
            "name": _("Your name (optional)"),
            "text": _("Your comment"),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, consultation: Consultation, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recommendation"]
        field.queryset = consultation.recommendations.order_by("pk")
        field.label_from_instance = lambda recommendation: recommendation.text_in("title", language)
        field.empty_label = _("the draft text as a whole") if consultation.draft else None
        field.required = not consultation.draft
        self.fields["text"].error_messages["required"] = _("Please write your comment.")
        self.fields["text"].max_length = 4000


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=300,
        error_messages={"required": _("Give a reason for the rejection.")},
    )


class MissingOfferForm(SubmissionKeyForm, forms.ModelForm):
    class Meta:
        model = MissingOfferReport
        fields = ["town", "text"]
        labels = {
            "town": _("Your town"),
            "text": _("Which offer is missing?"),
        }
        help_texts = {
            "text": _("For example: a German course in the evening, counselling in Arabic."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, towns, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns
        self.fields["town"].required = False
        self.fields["town"].empty_label = _("the whole district")
        self.fields["text"].error_messages["required"] = _("Please tell us what is missing.")


def field_name(question: Question) -> str:
    return f"q{question.number}"


class SurveyForm(forms.Form):
    """One field per question, labelled in the visitor's language."""

    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, questions: list[Question], language: str, **kwargs) -> None:
        kwargs.setdefault("initial", {"token": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)
        self.questions = questions
        required = _("Please answer this question.")
        for question in questions:
            label = question.text_in("text", language)
            common = {
                "label": label,
                "required": question.required,
                "error_messages": {"required": required},
            }
            choices = [(c.pk, c.text_in("text", language)) for c in question.choices.all()]
            if question.kind == Question.Kind.SINGLE:
                field = forms.TypedChoiceField(
                    choices=choices, coerce=int, widget=forms.RadioSelect, **common
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
                )
            elif question.kind == Question.Kind.SCALE:
                points = question.scale_points()
                low = question.text_in("low_label", language)
                high = question.text_in("high_label", language)
                field = forms.TypedChoiceField(
                    choices=[
                        (
                            p,
                            f"{p} – {low}"
                            if p == 1 and low
                            else f"{p} – {high}"
                            if p == points[-1] and high
                            else str(p),
                        )
                        for p in points
                    ],
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            else:
                field = forms.CharField(
                    max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common
                )
            self.fields[field_name(question)] = field

    def answers(self) -> list[tuple[Question, str, object]]:
        """(question, kind, value) of every question answered."""
        found = []
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            found.append((question, question.kind, value))
        return found
