"""One-time submission keys: a form sent twice (a double click, a reload, a retry after a
slow answer) creates its object once.

The form carries a fresh random key in a hidden field (`SubmissionKeyForm`); the model
stores it in a unique column (`submission_key_field()`); the view creates through
`create_once`, which hands back the object of the first submission instead of creating a
second one — also when both arrive at the same moment, because the unique index makes the
second insert wait for the first transaction and then fail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

T = TypeVar("T", bound=models.Model)


class SubmissionKeyForm(forms.Form):
    """Mix into a form (before ModelForm/Form) to give it the hidden one-time key."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


def submission_key_field() -> models.UUIDField:
    return models.UUIDField(_("submission key"), null=True, blank=True, unique=True, editable=False)


def earlier_submission(queryset: models.QuerySet[T], key: object) -> T | None:
    """The object an earlier sending of the same form created, if any."""
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        return None
    return queryset.filter(submission_key=key).first()


def create_once(
    queryset: models.QuerySet[T], key: uuid.UUID | None, create: Callable[[], T]
) -> tuple[T, bool]:
    """`create()` in a transaction, unless the key was used before: then the object created
    with it. Returns (object, created)."""
    if key is not None and (earlier := earlier_submission(queryset, key)) is not None:
        return earlier, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        earlier = earlier_submission(queryset, key) if key is not None else None
        if earlier is None:
            raise
        return earlier, False
