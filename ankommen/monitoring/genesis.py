"""A small client for the GENESIS web service 2020 (REST/JSON) that Destatis
(GENESIS-Online), the Regionaldatenbank Deutschland and IT.NRW (Landesdatenbank NRW) run.

Every call is a POST of form fields to `{base}{service}/{method}`. Credentials come from
the settings or the environment and travel in the body (Destatis, Regionalstatistik) or in
headers (Landesdatenbank NRW) — never in a URL, never in the database, never in a log line.
Tables too large for a direct answer (status 98) are fetched through a job: the service
answers 99 with the job's name, the client polls `catalogue/results` until the result is
there and then fetches `data/resultfile`.

Configuration, per database (`destatis`, `regio`, `ldbnrw`, `zensus`):
`settings.ANKOMMEN_GENESIS = {"regio": {"url": ..., "username": ..., "password": ...}}`, or
the environment variables GENESIS_REGIO_USERNAME, GENESIS_REGIO_PASSWORD and optionally
GENESIS_REGIO_URL.
"""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _

from ankommen.core.inputs import max_bytes, too_large
from ankommen.monitoring.statfiles import StatisticsFileError, unzip

logger = logging.getLogger(__name__)

DATABASES = {
    "destatis": ("https://www-genesis.destatis.de/genesisWS/rest/2020/", "form"),
    "regio": ("https://www.regionalstatistik.de/genesisws/rest/2020/", "form"),
    "ldbnrw": ("https://www.landesdatenbank.nrw.de/ldbnrwws/rest/2020/", "header"),
    "zensus": ("https://ergebnisse.zensus2022.de/api/rest/2020/", "form"),
}
MASK = "********"


class GenesisError(Exception):
    """The web service refused or failed; the message never holds credentials."""


class NotFound(GenesisError):
    """Status 104: no object matches the selection."""


class JobTimeout(GenesisError):
    pass


@dataclass(frozen=True)
class GenesisConfig:
    database: str
    base_url: str
    username: str
    password: str
    auth: str  # "form" or "header"


def config_for(database: str) -> GenesisConfig:
    if database not in DATABASES:
        raise GenesisError(
            _("Unknown GENESIS database “%(name)s”; known are %(known)s.")
            % {"name": database, "known": ", ".join(DATABASES)}
        )
    url, auth = DATABASES[database]
    configured = settings.ANKOMMEN_GENESIS.get(database, {})
    base = configured.get("url") or url
    return GenesisConfig(
        database=database,
        base_url=base if base.endswith("/") else base + "/",
        username=configured.get("username") or "GAST",
        password=configured.get("password", ""),
        auth=configured.get("auth", auth),
    )


class GenesisClient:
    def __init__(
        self,
        config: GenesisConfig,
        *,
        timeout: float = 60,
        poll_interval: float = 5,
        max_polls: int = 120,
        sleep=time.sleep,
    ) -> None:
        self.config = config
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.max_polls = max_polls
        self.sleep = sleep

    @classmethod
    def for_database(cls, database: str, **options) -> GenesisClient:
        return cls(config_for(database), **options)

    # --- Transport -----------------------------------------------------------------

    def _mask(self, text: str) -> str:
        for secret in (self.config.password, self.config.username):
            if secret and len(secret) > 2:
                text = text.replace(secret, MASK)
        return text

    def _post(self, service: str, params: dict[str, str]) -> tuple[str, bytes]:
        url = self.config.base_url + service
        fields = dict(params)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json, application/zip, text/csv",
            "User-Agent": "ankommen (integration monitoring)",
        }
        if self.config.auth == "header":
            headers["username"] = self.config.username
            headers["password"] = self.config.password
        else:
            fields["username"] = self.config.username
            fields["password"] = self.config.password
        request = urllib.request.Request(  # noqa: S310  (https or the test's loopback)
            url, data=urlencode(fields).encode(), headers=headers, method="POST"
        )
        logger.info("GENESIS %s: %s %s", self.config.database, service, _loggable(params))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                # Read at most the import limit: an answer of any size must not fill the
                # memory before the importer's own limits are asked.
                body = response.read(max_bytes() + 1)
                if len(body) > max_bytes():
                    raise GenesisError(too_large())
                return response.headers.get("Content-Type", ""), body
        except urllib.error.HTTPError as error:
            raise GenesisError(
                _("The web service answered HTTP %(status)s for %(service)s.")
                % {"status": error.code, "service": service}
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise GenesisError(
                _("The web service could not be reached for %(service)s: %(reason)s")
                % {"service": service, "reason": self._mask(str(reason))}
            ) from None

    def _json(self, content_type: str, body: bytes, service: str) -> dict:
        try:
            answer = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise GenesisError(
                _("The web service sent no readable answer for %(service)s (%(type)s).")
                % {"service": service, "type": content_type or "?"}
            ) from None
        status = answer.get("Status") or {}
        code = status.get("Code")
        content = self._mask(str(status.get("Content", "")))
        if code in (0, None):
            return answer
        if code == 22:
            logger.warning("GENESIS %s: %s", service, content)
            return answer
        if code == 104:
            raise NotFound(content)
        if code in (98, 99):
            return answer
        raise GenesisError(
            _("The web service refused %(service)s: %(code)s %(content)s")
            % {"service": service, "code": code, "content": content}
        )

    def call(self, service: str, **params: str) -> dict:
        content_type, body = self._post(service, {k: str(v) for k, v in params.items()})
        return self._json(content_type, body, service)

    # --- Services ------------------------------------------------------------------

    def logincheck(self) -> dict:
        return self.call("helloworld/logincheck", language="de")

    def table_metadata(self, name: str) -> dict:
        """The table's Object: Code, Content (title), Time (From/To), Updated (Stand)."""
        return self.call("metadata/table", name=name, area="all", language="de").get("Object", {})

    def tablefile(self, name: str, **filters: str) -> bytes:
        """The table as flat file CSV bytes; a table too large for the dialogue is fetched
        as a job."""
        params = {
            "name": name,
            "area": "all",
            "compress": "false",
            "format": "ffcsv",
            "language": "de",
            "quality": "on",
            "job": "false",
            **{k: str(v) for k, v in filters.items() if v not in (None, "")},
        }
        content_type, body = self._post("data/tablefile", params)
        if not _is_json(content_type, body):
            return _csv_from(content_type, body)
        answer = self._json(content_type, body, "data/tablefile")
        code = answer["Status"]["Code"]
        if code == 98:
            content_type, body = self._post("data/tablefile", {**params, "job": "true"})
            answer = (
                self._json(content_type, body, "data/tablefile")
                if _is_json(content_type, body)
                else None
            )
            if answer is None:
                return _csv_from(content_type, body)
            code = answer["Status"]["Code"]
        if code == 99:
            return self._job_result(_job_name(answer), name)
        raise GenesisError(_("The web service sent no table for %(name)s.") % {"name": name})

    def _job_result(self, job: str, table: str) -> bytes:
        for _attempt in range(self.max_polls):
            try:
                listing = self.call("catalogue/results", selection=job, area="user", language="de")
            except NotFound:
                listing = {}  # 104: the result is not listed yet
            if any(_job_done(entry, job) for entry in listing.get("List") or []):
                content_type, body = self._post(
                    "data/resultfile",
                    {
                        "name": job,
                        "area": "user",
                        "compress": "false",
                        "format": "ffcsv",
                        "language": "de",
                    },
                )
                if _is_json(content_type, body):
                    self._json(content_type, body, "data/resultfile")
                    raise GenesisError(
                        _("The result of job %(job)s could not be fetched.") % {"job": job}
                    )
                return _csv_from(content_type, body)
            self.sleep(self.poll_interval)
        raise JobTimeout(
            _("The job for %(table)s (%(job)s) was not finished in time.")
            % {"table": table, "job": job}
        )


def _loggable(params: dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in params.items() if k not in ("username", "password"))


def _is_json(content_type: str, body: bytes) -> bool:
    return "json" in content_type or body.lstrip()[:1] == b"{"


def _csv_from(content_type: str, body: bytes) -> bytes:
    if body[:4] == b"PK\x03\x04" or "zip" in content_type:
        try:
            return unzip(body)[1]
        except StatisticsFileError as error:
            raise GenesisError(str(error)) from None
    return body


_JOB = re.compile(r"Namen abgerufen werden:\s*(\S+)")


def _job_name(answer: dict) -> str:
    content = str(answer.get("Status", {}).get("Content", ""))
    match = _JOB.search(content)
    if match:
        return match.group(1).rstrip(".")
    words = content.split()
    if words:
        return words[-1].rstrip(".")
    raise GenesisError(_("The web service started a job but gave no name for it."))


def _job_done(entry: dict, job: str) -> bool:
    if entry.get("Code") != job:
        return False
    state = str(entry.get("State", "")).casefold()
    return state in ("", "erfolgreich", "fertig", "finished", "successful")
