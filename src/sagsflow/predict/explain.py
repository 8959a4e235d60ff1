"""Reasons for a prediction in words a caseworker understands (Danish and English).

LightGBM's per-feature contributions (``pred_contrib``, SHAP values of the trees) say how much each
feature moved this prediction away from the average one. The largest contributions are rendered
as short sentences about the case ("Sagen har haft 3 × «Jobsamtale»") with the direction they push
the prediction ("trækker op" / "trækker ned").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sagsflow.predict.model import ProcessPredictor

_WEEKDAYS_DA = ["", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
_WEEKDAYS_EN = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS_DA = ["", "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
              "oktober", "november", "december"]
_MONTHS_EN = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]


def _num(v: object) -> float:
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _days(v: float, lang: str) -> str:
    d = round(v) if v >= 1 else round(v, 1)
    if lang == "da":
        return f"{d:g} dag" if d == 1 else f"{d:g} dage"
    return f"{d:g} day" if d == 1 else f"{d:g} days"


def describe_feature(model: ProcessPredictor, name: str, value: object, lang: str) -> str:
    """One feature's value as a sentence about the case."""
    da = lang == "da"
    vocab = model.spec_.vocabulary
    act = None
    if name in model.spec_.activity_features:
        v = _num(value)
        act = vocab[int(v)] if not np.isnan(v) and 0 <= int(v) < len(vocab) else None
    if name == "last_activity":
        return f"Seneste hændelse er «{act}»" if da else f"The latest event is '{act}'"
    if name.startswith("prev_activity_"):
        i = name.rsplit("_", 1)[1]
        if act is None:
            n = int(i) + 1
            return f"Sagen har færre end {n} hændelser" if da else f"The case has fewer than {n} events"
        return (f"Hændelsen {i} trin før den seneste er «{act}»" if da
                else f"The event {i} step(s) before the latest is '{act}'")
    if name.startswith("first_activity_"):
        i = name.rsplit("_", 1)[1]
        if act is None:
            return f"Sagen har færre end {i} hændelser" if da else f"The case has fewer than {i} events"
        return f"Hændelse nr. {i} i sagen var «{act}»" if da else f"Event no. {i} of the case was '{act}'"
    v = _num(value)
    if name.startswith("count_"):
        code = name[len("count_"):]
        n = int(v) if not np.isnan(v) else 0
        if code == "other":
            return (f"Sagen har haft {n} mindre almindelige hændelser" if da
                    else f"The case has had {n} less common events")
        label = vocab[int(code)]
        return f"Sagen har haft {n} × «{label}»" if da else f"The case has had {n} × '{label}'"
    if name == "prefix_length":
        return f"Sagen har {int(v)} registrerede hændelser" if da else f"The case has {int(v)} recorded events"
    if name == "elapsed_days":
        return f"Sagen har været åben i {_days(v, lang)}" if da else f"The case has been open for {_days(v, lang)}"
    if name == "since_last_days":
        return (f"Der er gået {_days(v, lang)} siden forrige hændelse" if da
                else f"{_days(v, lang)} passed since the event before")
    if name == "mean_gap_days":
        return (f"I snit {_days(v, lang)} mellem sagens hændelser" if da
                else f"On average {_days(v, lang)} between the case's events")
    if name == "open_cases":
        return f"Enheden havde {int(v)} åbne sager" if da else f"The unit had {int(v)} open cases"
    if name == "queue_length":
        return (f"{int(v)} sager ventede i samme trin" if da else f"{int(v)} cases were waiting in the same step")
    if name == "opened_7d":
        return (f"Enheden fik {int(v)} nye sager den seneste uge" if da
                else f"The unit opened {int(v)} cases in the week before")
    if name == "weekday" and not np.isnan(v):
        return (f"Seneste hændelse var en {_WEEKDAYS_DA[int(v)]}" if da
                else f"The latest event was on a {_WEEKDAYS_EN[int(v)]}")
    if name == "month" and not np.isnan(v):
        return f"Seneste hændelse var i {_MONTHS_DA[int(v)]}" if da else f"The latest event was in {_MONTHS_EN[int(v)]}"
    if name == "hour" and not np.isnan(v):
        return f"Seneste hændelse var kl. {int(v)}" if da else f"The latest event was at {int(v)} o'clock"
    if name == "holiday":
        if v == 1:
            return "Seneste hændelse var på en helligdag" if da else "The latest event was on a public holiday"
        return "Seneste hændelse var på en almindelig dag" if da else "The latest event was on an ordinary day"
    if name == "days_to_deadline":
        return f"Der er {_days(v, lang)} til fristen" if da else f"{_days(v, lang)} are left until the deadline"
    if name == "days_since_trigger":
        return (f"Fristen begyndte at løbe for {_days(v, lang)} siden" if da
                else f"The deadline started running {_days(v, lang)} ago")
    if name.startswith("attr_"):
        return f"{name[5:]} er «{value}»" if da else f"{name[5:]} is '{value}'"
    return f"{name} = {value}"


def _direction(model: ProcessPredictor, sign: float, lang: str) -> str:
    task = model.target_.task
    da = lang == "da"
    if task == "regression":
        return ("forlænger forventet restid" if sign > 0 else "forkorter forventet restid") if da else \
            ("lengthens the expected remaining time" if sign > 0 else "shortens the expected remaining time")
    if task == "binary":
        return ("øger risikoen" if sign > 0 else "mindsker risikoen") if da else \
            ("raises the risk" if sign > 0 else "lowers the risk")
    return ("taler for denne forudsigelse" if sign > 0 else "taler imod denne forudsigelse") if da else \
        ("supports this prediction" if sign > 0 else "speaks against this prediction")


def reasons(model: ProcessPredictor, X: pd.DataFrame, contrib: np.ndarray, *,
            n: int = 3) -> tuple[list[str], list[str]]:
    """The ``n`` largest contributions of every row as Danish and English text (one string per row)."""
    order = np.argsort(-np.abs(contrib), axis=1)[:, :n]
    names = list(X.columns)
    values = X.to_numpy(dtype=object)
    da_out, en_out = [], []
    for i in range(len(X)):
        da, en = [], []
        for j in order[i]:
            c = contrib[i, j]
            if c == 0:
                continue
            da.append(f"{describe_feature(model, names[j], values[i, j], 'da')} ({_direction(model, c, 'da')})")
            en.append(f"{describe_feature(model, names[j], values[i, j], 'en')} ({_direction(model, c, 'en')})")
        da_out.append("; ".join(da))
        en_out.append("; ".join(en))
    return da_out, en_out
