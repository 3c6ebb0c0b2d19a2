"""What identifies a client in a free text that leaves the case (a structural problem, the
topic of an interpreter request)."""

from __future__ import annotations

from ankommen.cases.models import Client


def identifying_values(client: Client) -> list[str]:
    """What identifies the client in a free text that leaves the case (a structural
    problem): her names and those of the members of her household. Clients and households
    hold no address; add its fields here when they do."""
    clients = [client]
    if client.household_id:
        clients += list(client.household.members.exclude(pk=client.pk))
    return [value for c in clients for value in (c.first_name, c.last_name) if value]


def names_in(text: str, client: Client) -> bool:
    """Does the text contain the client's first or last name (initials are fine)?"""
    import re

    words = {w.casefold() for w in re.findall(r"\w+", text)}
    names = {
        part.casefold()
        for name in (client.first_name, client.last_name)
        for part in re.findall(r"\w+", name or "")
        if len(part) > 1
    }
    return bool(words & names)
