"""``python -m sagsflow.i18n update`` merges the source's texts into the catalogues; ``check`` lists what is
missing (exit status 1 when anything is)."""

from __future__ import annotations

import sys

from sagsflow.i18n.catalog import check, update


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "check"
    if command == "update":
        todo = update()
        for lang, n in todo.items():
            print(f"{lang}: {n} texts without a translation")
        return 0
    if command == "check":
        problems = check()
        for p in problems:
            print(p)
        print(f"{len(problems)} problems" if problems else "the catalogues match the source")
        return 1 if problems else 0
    print("usage: python -m sagsflow.i18n [update|check]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
