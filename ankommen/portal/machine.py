"""Machine translation behind one interface: DeepL's REST API or a LibreTranslate server,
chosen by settings (see conf.py). Both are spoken with the standard library's HTTP client.

`translate_page()` sends the German title, summary and text in one request and saves the
result only when all of it came back: an error leaves the stored translation untouched.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ankommen.core.translation import SOURCE_LANGUAGE
from ankommen.portal.conf import machine_translation_settings


class MachineTranslationError(Exception):
    """The provider could not translate; str() is a message for the editor."""


class QuotaExceeded(MachineTranslationError):
    pass


class ProviderTimeout(MachineTranslationError):
    pass


class UnsupportedLanguage(MachineTranslationError):
    pass


class NotConfigured(MachineTranslationError):
    pass


@dataclass
class Provider:
    url: str
    api_key: str = ""
    timeout: float = 20
    name = "provider"

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        raise NotImplementedError

    def _post(self, path: str, payload: dict, headers: dict[str, str]) -> tuple[int, dict]:
        request = urllib.request.Request(  # noqa: S310 (the URL is the configured server)
            self.url.rstrip("/") + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", **headers},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            try:
                body = json.loads(error.read() or b"{}")
            except ValueError:
                body = {}
            return error.code, body if isinstance(body, dict) else {}
        except TimeoutError:
            raise ProviderTimeout(
                _("The translation service did not answer within %(seconds)s seconds.")
                % {"seconds": self.timeout}
            ) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise ProviderTimeout(
                    _("The translation service did not answer within %(seconds)s seconds.")
                    % {"seconds": self.timeout}
                ) from None
            raise MachineTranslationError(
                _("The translation service cannot be reached: %(reason)s")
                % {"reason": error.reason}
            ) from None
        except ValueError:
            raise MachineTranslationError(
                _("The translation service sent an answer that is not JSON.")
            ) from None

    @staticmethod
    def _check_count(texts: list[str], translated) -> list[str]:
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise MachineTranslationError(
                _("The translation service sent an incomplete answer; nothing was saved.")
            )
        if not all(isinstance(text, str) for text in translated):
            raise MachineTranslationError(
                _("The translation service sent an incomplete answer; nothing was saved.")
            )
        return translated


def _unsupported(target: str) -> UnsupportedLanguage:
    return UnsupportedLanguage(
        _("The translation service does not translate into “%(language)s”.") % {"language": target}
    )


def _quota() -> QuotaExceeded:
    return QuotaExceeded(
        _("The translation service's quota is used up. Try again later or translate by hand.")
    )


class DeepL(Provider):
    """https://developers.deepl.com/docs/api-reference/translate"""

    name = "deepl"
    # DeepL wants a regional variant for English.
    TARGETS = {"en": "EN-GB", "pt": "PT-PT"}

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        if "-" in target:  # variants such as Leichte Sprache are not DeepL languages
            raise _unsupported(target)
        status, body = self._post(
            "/v2/translate",
            {
                "text": texts,
                "source_lang": source.upper(),
                "target_lang": self.TARGETS.get(target, target.upper()),
                "tag_handling": "html",
            },
            {"Authorization": f"DeepL-Auth-Key {self.api_key}"},
        )
        if status == 456:
            raise _quota()
        if status == 429:
            raise QuotaExceeded(_("The translation service is busy. Try again in a minute."))
        if status == 400 and "lang" in str(body.get("message", "")).lower():
            raise _unsupported(target)
        if status == 403:
            raise MachineTranslationError(_("The translation service refused the API key."))
        if status != 200:
            raise MachineTranslationError(
                _("The translation service answered with error %(status)s.") % {"status": status}
            )
        translations = body.get("translations")
        if not isinstance(translations, list):
            translations = None
        else:
            translations = [t.get("text") if isinstance(t, dict) else None for t in translations]
        return self._check_count(texts, translations)


class LibreTranslate(Provider):
    """https://docs.libretranslate.com/guides/api_usage/"""

    name = "libretranslate"

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        payload = {"q": texts, "source": source, "target": target, "format": "html"}
        if self.api_key:
            payload["api_key"] = self.api_key
        status, body = self._post("/translate", payload, {})
        error = str(body.get("error", ""))
        if status == 429 or "limit" in error.lower():
            raise _quota()
        if status == 400 and "not supported" in error.lower():
            raise _unsupported(target)
        if status == 403:
            raise MachineTranslationError(_("The translation service refused the API key."))
        if status != 200:
            raise MachineTranslationError(
                _("The translation service answered with error %(status)s.") % {"status": status}
            )
        return self._check_count(texts, body.get("translatedText"))


PROVIDERS = {"deepl": DeepL, "libretranslate": LibreTranslate}


def configured_provider() -> Provider | None:
    config = machine_translation_settings()
    provider = PROVIDERS.get(config.get("provider") or "")
    if provider is None or not config.get("url"):
        return None
    return provider(
        url=config["url"], api_key=config.get("api_key", ""), timeout=config.get("timeout", 20)
    )


def translate(texts: list[str], language) -> list[str]:
    """The German `texts` in `language`, all of them or an error: what every kind of
    content (pages, offers, events, vocabularies, glossary) sends to the provider."""
    provider = configured_provider()
    if provider is None:
        raise NotConfigured(_("No machine translation service is configured."))
    return provider.translate(texts, source=SOURCE_LANGUAGE, target=language.code)


def translate_page(page, language, *, expected_version: int, author=None):
    """Translate the page's German text into `language` and save it as machine-translated."""
    from ankommen.portal.models import PageTranslation
    from ankommen.portal.services import save_translation

    german = PageTranslation.objects.get(page=page, language__code=SOURCE_LANGUAGE)
    title, summary, body = translate([german.title, german.summary, german.body], language)
    return save_translation(
        page,
        language,
        title=title.strip()[:200] or german.title,
        summary=summary.strip()[:300],
        body=body,
        opened_source_version=german.source_version,
        expected_version=expected_version,
        author=author,
        machine_translated=True,
    )
