"""The model card carries no raw HTML: values from the data (names, column names, attribute values, legal bases)
are neutralised in the Markdown and the HTML page is sanitised."""

from __future__ import annotations

from sagsflow.predict.card import ModelCard

EVIL = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def _card() -> ModelCard:
    return ModelCard(name="m", version=1, target=f"outcome{EVIL}", canvas={"what": f"answer {EVIL}"},
                     features=[(f"col{EVIL}", "process"), ("age", "personal_attribute")],
                     legal_basis={"age": f"basis {EVIL} & more"}, window={"log": EVIL},
                     evaluation_md=f"| metric | value |\n|---|---|\n| {EVIL} | 1 |", audits=[],
                     limits=[f"limit {EVIL}"], settings={"k": EVIL})


def test_markdown_has_no_raw_html() -> None:
    md = _card().to_markdown()
    assert "<img" not in md and "<script" not in md
    assert "&lt;img src=x" in md and "basis &lt;img" in md and "&amp; more" in md
    assert "\n> **Predictions are decision support" in md  # the Markdown itself still works


def test_html_page_shows_the_text_but_runs_nothing() -> None:
    page = _card().to_html()
    body = page.split("<body>", 1)[1]
    assert "<img" not in body and "<script" not in body
    assert "&lt;img src=x onerror=" in body  # shown as text
    assert "&amp;lt;" not in body  # not escaped twice
