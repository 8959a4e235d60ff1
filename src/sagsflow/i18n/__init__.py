"""Languages of the texts people read: Danish and English message catalogues (gettext, via Babel).

One home for every user-facing text of the library, the CLI and the server. A text is written in English in
the source, marked with :func:`_` (or :func:`ngettext` when it has a number that changes the wording), and
translated through the catalogues in ``sagsflow/locale/<lang>/LC_MESSAGES/sagsflow.po``. Placeholders are named
(``{count}``, ``{log}``); numbers given as placeholders are written in the current language (``12.345`` in
Danish, ``12,345`` in English).

The current language is a context variable: a server request, a background job or a notebook cell each have
their own. It starts as the default language (``SAGSFLOW_LANGUAGE``, else the ``LANG``/``LC_ALL`` locale:
Danish when it starts with ``da``, English otherwise).

Examples
--------
>>> from sagsflow.i18n import _, ngettext, use_language, format_number
>>> with use_language("da"):
...     ngettext("read {n} row", "read {n} rows", 1), ngettext("read {n} row", "read {n} rows", 2500)
('1 række læst', '2.500 rækker læst')
>>> with use_language("en"):
...     ngettext("read {n} row", "read {n} rows", 2500)
'read 2,500 rows'
>>> format_number(1234.5, lang="da", decimals=1)
'1.234,5'

Texts kept in constants are marked with :func:`N_` (so the extractor finds them) and translated where they are
shown, with ``_(text)``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, Literal, cast, get_args

from babel.support import Translations

#: The languages. The one alias for them: typing caches ``Lang | None`` by equality, so a second alias in another
#: order (``Literal["en", "da"]``) would change the OpenAPI document by import order.
Lang = Literal["da", "en"]
#: the languages with a catalogue, Danish first
LANGUAGES: tuple[Lang, ...] = get_args(Lang)
DOMAIN = "sagsflow"
#: where the catalogues live: ``<LOCALE_DIR>/<lang>/LC_MESSAGES/sagsflow.po``
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: the time zone dates and times are shown in
TIMEZONE = "Europe/Copenhagen"

_BABEL_LOCALE: dict[str, str] = {"da": "da_DK", "en": "en_GB"}
_current: ContextVar[Lang | None] = ContextVar("sagsflow_language", default=None)

__all__ = [
    "LANGUAGES",
    "N_",
    "Lang",
    "_",
    "default_language",
    "format_date",
    "format_datetime",
    "format_list",
    "format_number",
    "format_percent",
    "get_language",
    "negotiate",
    "ngettext",
    "normalize_language",
    "npgettext",
    "pgettext",
    "set_language",
    "text_of",
    "use_language",
]


# ----------------------------------------------------------------------------------------------- the language
def normalize_language(value: str | None) -> Lang | None:
    """``"da-DK"``, ``"da_DK.UTF-8"``, ``"Danish"`` -> ``"da"``; ``"en-US"`` -> ``"en"``; anything else None.

    Examples
    --------
    >>> normalize_language("da_DK.UTF-8"), normalize_language("en-GB"), normalize_language("de")
    ('da', 'en', None)
    """
    if not value:
        return None
    text = value.strip().lower()
    if text.startswith(("da", "dansk")):
        return "da"
    if text.startswith("en"):
        return "en"
    return None


def default_language() -> Lang:
    """The language when none was chosen: ``SAGSFLOW_LANGUAGE``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``): Danish for a Danish locale, English otherwise."""
    chosen = normalize_language(os.environ.get("SAGSFLOW_LANGUAGE"))
    if chosen is not None:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:  # the first one set decides, as in POSIX
            return normalize_language(value) or "en"
    return "en"


def get_language() -> Lang:
    """The current language (``"da"`` or ``"en"``)."""
    return _current.get() or default_language()


def _checked(lang: str) -> Lang:
    found = normalize_language(lang)
    if found is None:
        from sagsflow.errors import InvalidParameterError

        raise InvalidParameterError(
            f"The language must be one of {', '.join(LANGUAGES)}. Got {lang!r} instead.", field="lang")
    return found


def set_language(lang: str | None) -> Token[Lang | None]:
    """Set the current language for this context (a request, a job, a thread); None goes back to the default.

    Returns a token for :meth:`contextvars.ContextVar.reset`; :func:`use_language` is the usual way."""
    return _current.set(None if lang is None else _checked(lang))


@contextmanager
def use_language(lang: str | None) -> Iterator[Lang]:
    """Run a block in a language (None: the current one).

    Examples
    --------
    >>> with use_language("da"):
    ...     _("done")
    'færdig'
    """
    token = set_language(lang) if lang is not None else None
    try:
        yield get_language()
    finally:
        if token is not None:
            _current.reset(token)


_QUALITY = re.compile(r"^\s*q\s*=\s*([0-9.]+)\s*$")


def negotiate(accept_language: str | None, *, default: Lang | None = None) -> Lang:
    """The best language for an HTTP ``Accept-Language`` header (q-values respected).

    Examples
    --------
    >>> negotiate("da-DK,da;q=0.9,en-US;q=0.8,en;q=0.7"), negotiate("de, en;q=0.5"), negotiate("fr", default="da")
    ('da', 'en', 'da')
    """
    best: tuple[float, int, Lang] | None = None
    for i, part in enumerate((accept_language or "").split(",")):
        tag, *params = part.split(";")
        lang = normalize_language(tag)
        if lang is None:
            continue
        q = 1.0
        for p in params:
            m = _QUALITY.match(p)
            if m:
                try:
                    q = float(m.group(1))
                except ValueError:
                    q = 0.0
        if q > 0 and (best is None or (q, -i) > (best[0], best[1])):
            best = (q, -i, lang)
    if best is not None:
        return best[2]
    return default or default_language()


# ----------------------------------------------------------------------------------------------- catalogues
def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: Lang) -> Translations:
    """The compiled catalogue of a language: the ``.mo`` file when it is newer than the ``.po`` (made at build
    time), else the ``.po`` compiled in memory by Babel (a source checkout, or a plain ``pip install``)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = _po_path(lang)
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return Translations(fh, domain=DOMAIN)
    if not po.exists():
        return Translations(domain=DOMAIN)
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=_BABEL_LOCALE[lang], domain=DOMAIN)
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def reload() -> None:
    """Forget the loaded catalogues (after editing a ``.po`` file in a running process)."""
    translations.cache_clear()


def _fill(text: str, params: Mapping[str, Any], lang: Lang) -> str:
    if not params:
        return text
    values = {k: _param(v, lang) for k, v in params.items()}
    return text.format(**values)


def _param(value: Any, lang: Lang) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return format_number(value, lang=lang)


def N_(msgid: str) -> str:
    """Mark a text for translation without translating it (constants); translate it where it is shown."""
    return msgid


def _(msgid: str, /, **params: Any) -> str:
    """The text in the current language, with the named ``{placeholders}`` filled (numbers in the language's
    format). A text missing from the catalogue is shown in English.

    Examples
    --------
    >>> with use_language("da"):
    ...     _("reading {file}", file="udtraek.csv")
    'læser udtraek.csv'
    """
    lang = get_language()
    return _fill(translations(lang).ugettext(msgid) if msgid else msgid, params, lang)


gettext = _


def text_of(text: str | None) -> str | None:
    """A text written in a data file (a shipped rule pack's description or assumption note) in the current
    language when the catalogue has it (white space normalised), else as written.

    Examples
    --------
    >>> text_of(None), text_of("a text nobody translated")
    (None, 'a text nobody translated')
    """
    if text is None:
        return None
    key = " ".join(text.split())
    found = translations(get_language()).ugettext(key) if key else key
    return found if found != key else text


def ngettext(singular: str, plural: str, n: int | float, /, **params: Any) -> str:
    """The singular or plural text by ``n`` in the current language (Danish "1 advarsel", "2 advarsler");
    ``{n}`` is filled with ``n`` unless given.

    Examples
    --------
    >>> with use_language("da"):
    ...     ngettext("read {n} row", "read {n} rows", 1), ngettext("read {n} row", "read {n} rows", 1234567)
    ('1 række læst', '1.234.567 rækker læst')
    """
    lang = get_language()
    params.setdefault("n", n)
    text = translations(lang).ungettext(singular, plural, int(n) if float(n).is_integer() else 2)
    return _fill(text, params, lang)


def pgettext(context: str, msgid: str, /, **params: Any) -> str:
    """Like :func:`_`, for a short text whose translation depends on where it is used (``context``)."""
    lang = get_language()
    return _fill(translations(lang).upgettext(context, msgid), params, lang)


def npgettext(context: str, singular: str, plural: str, n: int | float, /, **params: Any) -> str:
    """:func:`ngettext` with a context."""
    lang = get_language()
    params.setdefault("n", n)
    text = translations(lang).unpgettext(context, singular, plural, int(n) if float(n).is_integer() else 2)
    return _fill(text, params, lang)


# ----------------------------------------------------------------------------------------------- numbers and dates
def babel_locale(lang: str | None = None) -> str:
    """The Babel locale of a language: ``"da"`` -> ``"da_DK"``, ``"en"`` -> ``"en_GB"``."""
    return _BABEL_LOCALE[_checked(lang) if lang else get_language()]


def format_number(value: float | int | None, *, lang: str | None = None, decimals: int | None = None) -> str:
    """A number for people: ``12345`` -> ``"12.345"`` (da) / ``"12,345"`` (en); floats with ``decimals``
    decimals (default: up to 2); None -> ``"–"``.

    Examples
    --------
    >>> format_number(2500, lang="da"), format_number(2500, lang="en"), format_number(0.5, lang="da")
    ('2.500', '2,500', '0,5')
    """
    from babel.numbers import format_decimal

    if value is None:
        return "–"
    if isinstance(value, float) and value != value:  # NaN
        return "–"
    if decimals is None:
        fmt = "#,##0" if isinstance(value, int) else "#,##0.##"
    else:
        fmt = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return cast(str, format_decimal(value, format=fmt, locale=babel_locale(lang)))


def format_percent(share: float | None, *, lang: str | None = None, decimals: int = 1) -> str:
    """A share as a percentage: ``0.1234`` -> ``"12,3 %"`` (da) / ``"12.3 %"`` (en), with a normal space.

    Examples
    --------
    >>> format_percent(0.1234, lang="da"), format_percent(0.5, lang="en", decimals=0)
    ('12,3 %', '50 %')
    """
    if share is None:
        return "–"
    return format_number(100 * share, lang=lang, decimals=decimals) + " %"


def _local(value: datetime) -> datetime:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(ZoneInfo(TIMEZONE))
    except ZoneInfoNotFoundError:  # no time-zone database: keep UTC
        return value


def format_date(value: date | datetime | str | None, *, lang: str | None = None,
                format: str = "medium") -> str:
    """A date in the language's style (Danish ``"2. jan. 2024"``, English ``"2 Jan 2024"``); aware datetimes
    are shown in Danish time (Europe/Copenhagen).

    Examples
    --------
    >>> from datetime import date
    >>> format_date(date(2024, 1, 2), lang="da"), format_date(date(2024, 1, 2), lang="en")
    ('2. jan. 2024', '2 Jan 2024')
    """
    from babel.dates import format_date as _format_date

    if value is None:
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        value = _local(value).date()
    return cast(str, _format_date(value, format=format, locale=babel_locale(lang)))


def format_datetime(value: datetime | str | None, *, lang: str | None = None, format: str = "short") -> str:
    """A date and time in Danish time (Europe/Copenhagen) in the language's style.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> format_datetime(datetime(2024, 1, 2, 8, 30, tzinfo=timezone.utc), lang="da")
    '02.01.2024 09.30'
    """
    from babel.dates import format_datetime as _format_datetime

    if value is None:
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return cast(str, _format_datetime(_local(value), format=format, locale=babel_locale(lang)))


def format_list(items: Iterable[object], *, lang: str | None = None, style: Literal["and", "or"] = "and",
                quote: bool = True) -> str:
    """Names for a sentence: ``["A", "B", "C"]`` -> ``'«A», «B» og «C»'`` (da) / ``'"A", "B" and "C"'`` (en);
    never a Python list.

    Examples
    --------
    >>> format_list(["Afgørelse", "Ophør"], lang="da", style="or"), format_list(["A", "B", "C"], lang="en")
    ('«Afgørelse» eller «Ophør»', '"A", "B" and "C"')
    """
    from babel.lists import format_list as _format_list

    language = _checked(lang) if lang else get_language()
    left, right = ("«", "»") if language == "da" else ('"', '"')
    names = [f"{left}{x}{right}" if quote else str(x) for x in items]
    if not names:
        return "–"
    kind: Literal["standard", "or"] = "standard" if style == "and" else "or"
    text = _format_list(names, style=kind, locale=_BABEL_LOCALE[language])
    return cast(str, text)
