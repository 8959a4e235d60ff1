"""Keep the message catalogues in step with the source: extract the marked texts, update the ``.po`` files,
and check that every text has a Danish translation.

``python -m sagsflow.i18n update`` (or ``make messages``) extracts the texts marked with ``_``, ``N_``,
``ngettext``, ``pgettext`` and ``npgettext`` from ``src/sagsflow`` (the mapping in ``babel.cfg``, the same one
``pybabel extract -F babel.cfg`` reads) and merges them into ``locale/{da,en}/LC_MESSAGES/sagsflow.po``: new
texts arrive untranslated, reworded ones as *fuzzy* with the old translation as a suggestion, removed ones are
dropped. The files are written sorted and without source locations, so two branches that add texts merge
cleanly. ``python -m sagsflow.i18n check`` lists what is missing (the test suite runs it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from sagsflow.i18n import _BABEL_LOCALE, DOMAIN, LANGUAGES, LOCALE_DIR, reload

#: the package whose source is scanned
PACKAGE_DIR = LOCALE_DIR.parent
#: the languages whose every text must be translated (English is the source language)
REQUIRED = ("da",)
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^{}]*)?\}")
HEADER_COMMENT = (
    "# The texts of Sagsflow that people read. Made by `python -m sagsflow.i18n update` from the source;\n"
    "# edit only the msgstr lines.")
#: extraction method per file pattern (relative to the package), as in babel.cfg
METHOD_MAP = [("**.py", "python")]


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


#: text fields of the shipped compliance rule packs (YAML) that people read; translated where they are shown
PACK_FIELDS = ("description", "assumption_text")


def pack_texts(package_dir: Path = PACKAGE_DIR) -> list[tuple[str, str]]:
    """``(text, where)`` for the descriptions and assumption notes of the rule packs shipped in
    ``compliance/packs/*.yaml`` (texts of rule sets that users write are theirs, in their language)."""
    import yaml

    out: list[tuple[str, str]] = []
    for path in sorted((package_dir / "compliance" / "packs").glob("*.yaml")):
        pack = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items = [("", pack)] + [(f", rule {r.get('id')}", r) for r in pack.get("rules") or [] if isinstance(r, dict)]
        for where, item in items:
            for key in PACK_FIELDS:
                text = item.get(key)
                if isinstance(text, str) and text.strip():
                    out.append((" ".join(text.split()), f"rule pack {path.stem}{where}: {key}"))
    return out


def extract(package_dir: Path = PACKAGE_DIR) -> Catalog:
    """The template: every marked text of the package's source and the shipped rule packs' texts."""
    template = Catalog(domain=DOMAIN, project="sagsflow", fuzzy=False)
    for text, where in pack_texts(package_dir):
        template.add(text, None, auto_comments=[where])
    for _filename, _lineno, message, comments, context in extract_from_dir(
        str(package_dir), method_map=METHOD_MAP, keywords=DEFAULT_KEYWORDS,
        comment_tags=("Translators:",), strip_comment_tags=True,
    ):
        template.add(message, None, auto_comments=comments, context=context)
    return template


def _read(lang: str, locale_dir: Path = LOCALE_DIR) -> Catalog | None:
    path = po_path(lang, locale_dir)
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return read_po(fh, locale=_BABEL_LOCALE[lang], domain=DOMAIN)


def update(languages: Iterable[str] = LANGUAGES, *, package_dir: Path = PACKAGE_DIR,
           locale_dir: Path = LOCALE_DIR) -> dict[str, int]:
    """Merge the source's texts into each language's ``.po``; returns how many texts still need a translator
    per language."""
    template = extract(package_dir)
    todo: dict[str, int] = {}
    for lang in languages:
        catalog = _read(lang, locale_dir)
        if catalog is None:
            catalog = Catalog(locale=_BABEL_LOCALE[lang], domain=DOMAIN, project="sagsflow")
        template.creation_date = catalog.creation_date
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        catalog.obsolete.clear()
        catalog.project, catalog.version = "sagsflow", ""
        catalog.header_comment = HEADER_COMMENT
        catalog.msgid_bugs_address = catalog.language_team = catalog.last_translator = ""
        catalog.revision_date = catalog.creation_date
        catalog.fuzzy = False
        path = po_path(lang, locale_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=116, no_location=True, omit_header=False, sort_output=True,
                     ignore_obsolete=True, include_previous=False)
        todo[lang] = sum(1 for m in catalog if m.id and _untranslated(m))
    reload()
    return todo


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, list | tuple) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    s = message.string
    return tuple(s) if isinstance(s, list | tuple) else (s or "",)


def _untranslated(message: Message) -> bool:
    return message.fuzzy or any(not s for s in _strings(message))


def placeholders(text: str) -> set[str]:
    """The named ``{placeholders}`` of a text.

    Examples
    --------
    >>> sorted(placeholders("{count} events in {log}"))
    ['count', 'log']
    """
    return set(_PLACEHOLDER.findall(text))


@dataclass(frozen=True)
class Problem:
    lang: str
    kind: str  # "missing" | "stale" | "untranslated" | "placeholders"
    msgid: str
    context: str | None = None

    def __str__(self) -> str:
        where = f" (context {self.context!r})" if self.context else ""
        return f"{self.lang}: {self.kind}: {self.msgid!r}{where}"


def check(languages: Iterable[str] = LANGUAGES, *, package_dir: Path = PACKAGE_DIR,
          locale_dir: Path = LOCALE_DIR) -> list[Problem]:
    """What keeps the catalogues from matching the source: texts missing from a ``.po`` or left there after the
    source dropped them (run ``python -m sagsflow.i18n update``), Danish texts without a translation or marked
    fuzzy, and translations whose placeholders are not the source's."""
    template = extract(package_dir)
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in template if m.id}
    problems: list[Problem] = []
    for lang in languages:
        catalog = _read(lang, locale_dir)
        have = {} if catalog is None else {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
        for key in sorted(set(wanted) - set(have), key=lambda k: (k[1], k[0] or "")):
            problems.append(Problem(lang, "missing", key[1], key[0]))
        for key in sorted(set(have) - set(wanted), key=lambda k: (k[1], k[0] or "")):
            problems.append(Problem(lang, "stale", key[1], key[0]))
        for key, m in have.items():
            if key not in wanted:
                continue
            if _ids(m) != _ids(wanted[key]):
                problems.append(Problem(lang, "stale", key[1], key[0]))
                continue
            if lang in REQUIRED and _untranslated(m):
                problems.append(Problem(lang, "untranslated", key[1], key[0]))
                continue
            allowed = set().union(*(placeholders(i) for i in _ids(m)))
            if len(_ids(m)) > 1:
                allowed.add("n")
            if any(not placeholders(s) <= allowed for s in _strings(m) if s):
                problems.append(Problem(lang, "placeholders", key[1], key[0]))
    return problems
