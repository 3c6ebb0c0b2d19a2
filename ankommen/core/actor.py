"""Who acts: the person and the address an action comes from, without the HTTP request.

Business rules (the case services, the audit log, enrolment of the second factor) take an
`Actor` instead of a request, so that a management command, a background job or the API
calls the same rule a page does. A view builds its actor once with `Actor.from_request()`;
a command without a person acts as `Actor.system("anonymise_closed_cases")`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from ankommen.core.net import client_address


@dataclass(frozen=True)
class Actor:
    """The acting person (None for the system, or an anonymous user), the client address
    as every throttle and audit entry sees it, and where the action came from (the
    request's path, or the name of a command)."""

    user: Any = None
    address: str | None = None
    via: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest | None, *, user: Any = None) -> Actor:
        """The request's user (or `user`, e.g. the one just logging in), address and path."""
        if request is None:
            return cls(user=user)
        return cls(
            user=user if user is not None else getattr(request, "user", None),
            address=client_address(request),
            via=(getattr(request, "path", "") or "")[:300],
        )

    @classmethod
    def system(cls, via: str = "") -> Actor:
        """No person: periodic work such as the nightly anonymisation."""
        return cls(user=None, via=via)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and bool(getattr(self.user, "is_authenticated", False))

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.is_authenticated else None

    @property
    def username(self) -> str:
        return self.user.get_username() if self.is_authenticated else ""

    def has_perm(self, permission: str, obj: Any = None) -> bool:
        return self.is_authenticated and self.user.has_perm(permission, obj)
