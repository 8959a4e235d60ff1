"""Reasons for a prediction in words a caseworker understands (Danish and English).

Per-feature contributions say how much each feature moved this prediction away from the average
one. They are path contributions (Saabas): along the path a case takes through a tree, every split
moves the node value, and the move is credited to the split's feature; summed over the trees, the
contributions and the average add up to the model's raw prediction exactly. Unlike LightGBM's
TreeSHAP (``pred_contrib``), which costs about a second per 2,000 cases on a 150-tree model, this is
one leaf lookup per tree (``pred_leaf``) and a sparse product with a table made once per model, and
for next activity it reads only the trees of the predicted class. The largest contributions are
rendered as short sentences about the case's process, in the language of :mod:`sagsflow.i18n`: the steps
done ("«Jobsamtale» er sket 3 gange"), the waits ("Der er gået 12 dage siden «Partshøring»"), rework, and
what cases with the same steps so far usually did; a missing value is "not recorded". The calendar (weekday,
month, hour) is never a reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from sagsflow.i18n import _, format_percent, ngettext, use_language
from sagsflow.predict.encode import END

if TYPE_CHECKING:
    from sagsflow.predict.model import ProcessPredictor

#: features never given as reasons: the calendar (nothing a caseworker can act on; the model may still use it)
NOT_REASONS = frozenset({"weekday", "month", "hour", "holiday"})


def _node_values(node: dict[str, Any], out: dict[int, float]) -> tuple[float, float]:
    """Fill ``out`` (id of node -> value) with each node's mean leaf value weighted by the training
    rows of its leaves (the expectation TreeSHAP uses; LightGBM's ``internal_value`` is not, for L1
    loss, whose leaves are renewed with medians). Returns (weighted sum, count) of the subtree."""
    if "split_feature" not in node:  # a leaf (a stump has no leaf_index)
        n = float(node.get("leaf_count", 0)) or 1.0
        total = float(node["leaf_value"]) * n
    else:
        lt, ln = _node_values(node["left_child"], out)
        rt, rn = _node_values(node["right_child"], out)
        total, n = lt + rt, ln + rn
    out[id(node)] = total / n
    return total, n


def path_table(booster: Any) -> tuple[sp.csr_matrix, np.ndarray, float]:
    """Per leaf of every tree, the contribution of each feature along the path to it.

    Returns the table (one row per leaf, leaves of tree ``t`` from ``offset[t]``, one column per
    feature), ``offset`` and the sum of the trees' root values (the average prediction).
    """
    info = booster.dump_model()["tree_info"]
    n_features = booster.num_feature()
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    offset = np.zeros(len(info) + 1, dtype=np.int64)
    bias = 0.0
    for t, tree in enumerate(info):
        node = tree["tree_structure"]
        base = int(offset[t])
        offset[t + 1] = base + int(tree["num_leaves"])
        value: dict[int, float] = {}
        _node_values(node, value)
        bias += value[id(node)]
        stack: list[tuple[dict[str, Any], dict[int, float]]] = [(node, {})]
        while stack:
            nd, path = stack.pop()
            if "split_feature" not in nd:
                leaf = base + int(nd.get("leaf_index", 0))
                for f, v in path.items():
                    rows.append(leaf)
                    cols.append(f)
                    vals.append(v)
                continue
            f, here = int(nd["split_feature"]), value[id(nd)]
            for child in (nd["left_child"], nd["right_child"]):
                step = dict(path)
                step[f] = step.get(f, 0.0) + value[id(child)] - here
                stack.append((child, step))
    table = sp.csr_matrix((np.asarray(vals), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
                          shape=(int(offset[-1]), n_features))
    return table, offset, bias


def path_contributions(estimator: Any, X: pd.DataFrame, *, tree_class: np.ndarray | None = None,
                       n_classes: int = 1) -> np.ndarray:
    """Per-feature contributions of every row of ``X`` to a fitted LightGBM estimator's raw score.

    ``tree_class`` (multiclass): the class index whose trees explain each row (the predicted class);
    tree ``t`` belongs to class ``t % n_classes``. Returns an array (rows, features).
    """
    cached = getattr(estimator, "sf_path_table_", None)
    if cached is None:
        cached = path_table(estimator.booster_)
        estimator.sf_path_table_ = cached
    table, offset, _ = cached
    leaves = np.asarray(estimator.predict(X, pred_leaf=True)).reshape(len(X), -1).astype(np.int64)
    n_trees = leaves.shape[1]
    gid = leaves + offset[:n_trees][None, :]
    if tree_class is not None and n_classes > 1:
        mine = (np.arange(n_trees)[None, :] % n_classes) == np.asarray(tree_class)[:, None]
        r, c = np.nonzero(mine)
        ind = sp.csr_matrix((np.ones(len(r)), (r, gid[r, c])), shape=(len(X), table.shape[0]))
    else:
        ind = sp.csr_matrix((np.ones(gid.size), (np.repeat(np.arange(len(X)), n_trees), gid.reshape(-1))),
                            shape=(len(X), table.shape[0]))
    return np.asarray((ind @ table).todense())


def _num(v: object) -> float:
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _days(v: float) -> str:
    d = round(v) if v >= 1 else round(v, 1)
    return ngettext("{n} day", "{n} days", d, n=d)


def _act(model: ProcessPredictor, v: object) -> str | None:
    x = _num(v)
    vocab = model.spec_.vocabulary
    return vocab[int(x)] if np.isfinite(x) and 0 <= int(x) < len(vocab) else None


def _missing(v: object) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def describe_feature(model: ProcessPredictor, name: str, value: object, row: dict[str, Any] | None = None) -> str:
    """One feature's value as a sentence about the case's process, in the current language. ``row``: the
    prefix's other values (the latest activity, the sequence model's most likely next activity)."""
    row = row or {}
    latest = _act(model, row.get("last_activity"))
    if name == "last_activity":
        a = _act(model, value)
        return _("The latest step is “{activity}”", activity=a) if a else _("The latest step is not a known one")
    if name.startswith("prev_activity_"):
        k = int(name.rsplit("_", 1)[1])
        a = _act(model, value)
        if a is None:
            return _("The case has fewer than {n} steps", n=k + 1)
        if k == 1:
            return _("The step before the latest was “{activity}”", activity=a)
        return _("{k} steps before the latest: “{activity}”", k=k, activity=a)
    if name.startswith("first_activity_"):
        k = int(name.rsplit("_", 1)[1])
        a = _act(model, value)
        if a is None:
            return _("The case has fewer than {n} steps", n=k)
        if k == 1:
            return _("The case started with “{activity}”", activity=a)
        return _("Step no. {k} of the case was “{activity}”", k=k, activity=a)
    v = _num(value)
    n = int(v) if np.isfinite(v) else 0
    if name.startswith("count_"):
        code = name[len("count_"):]
        if code == "other":
            return ngettext("{n} less common step so far", "{n} less common steps so far", n)
        label = model.spec_.vocabulary[int(code)]
        if n == 0:
            return _("“{activity}” has not happened yet", activity=label)
        return ngettext("“{activity}” has happened once", "“{activity}” has happened {n} times", n, activity=label)
    if name == "n_repeats":
        if n == 0:
            return _("No step has been repeated so far")
        return ngettext("{n} step repeated an earlier step (rework)", "{n} steps repeated earlier steps (rework)", n)
    if name == "repeat_last":
        if latest is None or n <= 1:
            return _("The latest step happens for the first time in the case")
        return _("The latest step “{activity}” has now happened {n} times (rework)", activity=latest, n=n)
    if name == "prefix_length":
        return ngettext("The case has had {n} step so far", "The case has had {n} steps so far", n)
    if name == "elapsed_days":
        return _("The case has been open for {days}", days=_days(v))
    if name == "since_last_days":
        if latest:
            return _("{days} have passed since “{activity}”", days=_days(v), activity=latest)
        return _("{days} have passed since the latest step", days=_days(v))
    if name == "mean_gap_days":
        return _("On average {days} between the case's steps", days=_days(v))
    if name == "open_cases":
        return _("The unit had {n} open cases (workload)", n=n)
    if name == "queue_length":
        return _("{n} cases were waiting at the same step", n=n)
    if name == "opened_7d":
        return _("The unit received {n} new cases in the week before", n=n)
    if name == "days_to_deadline":
        return _("{days} are left until the deadline", days=_days(v))
    if name == "days_since_trigger":
        return _("The deadline started running {days} ago", days=_days(v))
    if name in ("seq_top", "seq_p"):
        top = row.get("seq_top")
        nxt = model.class_label(int(_num(top))) if not _missing(top) else None
        share = format_percent(_num(row.get("seq_p")), decimals=0)
        if nxt == END:
            return _("Cases with the same steps so far usually ended here ({share})", share=share)
        return _("Cases with the same steps so far usually continued with “{activity}” ({share})", activity=nxt,
                 share=share)
    if name == "seq_p_end":
        return _("Cases with the same steps so far ended here {share} of the time",
                 share=format_percent(v, decimals=0))
    if name == "seq_median":
        return _("Cases with the same steps so far took {days} more (median)", days=_days(v))
    if name == "seq_rate":
        return _("{share} of the cases with the same steps so far had the outcome", share=format_percent(v, decimals=0))
    if name == "seq_support":
        k = round(float(np.expm1(v))) if np.isfinite(v) else 0
        if k < 1:
            return _("No earlier case had the same steps so far")
        return ngettext("{n} earlier case had the same steps so far", "{n} earlier cases had the same steps so far", k)
    attr = model.spec_.attribute_features.get(name)
    if attr is not None:
        if _missing(value):
            return _("{name} is not recorded", name=attr)
        shown = value if not isinstance(value, float) or not float(value).is_integer() else int(value)
        return _("{name} is “{value}”", name=attr, value=shown)
    return f"{name} = {value}"


def _direction(model: ProcessPredictor, sign: float) -> str:
    task = model.target_.task
    if task == "regression":
        return _("lengthens the expected remaining time") if sign > 0 else _("shortens the expected remaining time")
    if task == "binary":
        return _("raises the risk") if sign > 0 else _("lowers the risk")
    return _("supports this prediction") if sign > 0 else _("speaks against this prediction")


def reasons(model: ProcessPredictor, X: pd.DataFrame, contrib: np.ndarray, *, n: int = 3,
            frame: pd.DataFrame | None = None) -> tuple[list[str], list[str]]:
    """The ``n`` largest contributions of every row (calendar features left out) as Danish and English text
    (one string per row). ``frame``: the prefixes' encoded rows (their latest activity and sequence context)."""
    if len(X) == 0:
        return [], []
    names = list(X.columns)
    contrib = np.array(contrib, dtype=float, copy=True)
    for j, c in enumerate(names):
        if c in NOT_REASONS:
            contrib[:, j] = 0.0
    n = min(n, contrib.shape[1])
    order = np.argpartition(-np.abs(contrib), n - 1, axis=1)[:, :n] if n < contrib.shape[1] else \
        np.tile(np.arange(contrib.shape[1]), (len(X), 1))
    rank = np.take_along_axis(np.abs(contrib), order, axis=1)
    order = np.take_along_axis(order, np.argsort(-rank, axis=1, kind="stable"), axis=1)
    chosen = np.take_along_axis(contrib, order, axis=1)
    # one sentence per distinct (feature, value, context, direction): counts and activities repeat across cases
    texts: dict[tuple[object, ...], tuple[str, str]] = {}
    columns = {j: X.iloc[:, j].to_numpy(dtype=object) for j in np.unique(order)}
    ctx_cols = [c for c in ("last_activity", "seq_top", "seq_p") if c in X.columns or (frame is not None
                                                                                         and c in frame.columns)]
    ctx = {c: (X[c] if c in X.columns else frame[c]).to_numpy(dtype=object)  # type: ignore[index]
           for c in ctx_cols}
    da_out, en_out = [], []
    for i in range(len(X)):
        da, en = [], []
        row = {c: v[i] for c, v in ctx.items()}
        seq_done = False
        for j, c in zip(order[i], chosen[i], strict=True):
            if c == 0:
                continue
            name = names[j]
            if name in ("seq_top", "seq_p"):
                if seq_done:
                    continue
                seq_done = True
            key = (int(j), columns[j][i], row.get("last_activity"), row.get("seq_top"), bool(c > 0))
            pair = texts.get(key)
            if pair is None:
                value = columns[j][i]
                pair = (_sentence(model, "da", name, value, row, c), _sentence(model, "en", name, value, row, c))
                texts[key] = pair
            da.append(pair[0])
            en.append(pair[1])
        da_out.append("; ".join(da))
        en_out.append("; ".join(en))
    return da_out, en_out


def _sentence(model: ProcessPredictor, lang: str, name: str, value: object, row: dict[str, Any],
              contribution: float) -> str:
    with use_language(lang):
        return f"{describe_feature(model, name, value, row)} ({_direction(model, contribution)})"


def baseline_reasons(model: ProcessPredictor, frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Reasons when a baseline is served: what cases in the same situation usually did (the context the
    baseline looked up), and how long the case has been open."""
    name = model.best_baseline_
    base = model.baselines_[name]
    task = model.target_.task
    last = frame["last_activity"].to_numpy()
    length = frame["prefix_length"].to_numpy()
    elapsed = frame["elapsed_days"].to_numpy(dtype=float)
    if task == "multiclass":
        proba = base.predict_proba(frame)
        top = proba.argmax(axis=1)
        what = [model.class_label(int(base.classes_[t])) for t in top]
        share = proba[np.arange(len(top)), top]
    else:
        val = base.predict(frame)
    da_out, en_out = [], []
    for i in range(len(frame)):
        a = _act(model, last[i]) or "?"
        pair = []
        for lang in ("da", "en"):
            with use_language(lang):
                if base.family == "ngram":
                    who = _("Cases with the same steps so far")
                elif base.family == "last+length":
                    who = _("Cases at step no. {n} with the latest step “{activity}”", n=int(length[i]), activity=a)
                elif base.family == "last":
                    who = _("Cases whose latest step is “{activity}”", activity=a)
                else:
                    who = _("Earlier cases")
                if task == "multiclass":
                    text = _("{who} usually continued with “{next}” ({share})", who=who, next=what[i],
                             share=format_percent(float(share[i]), decimals=0))
                elif task == "regression":
                    text = _("{who} took {days} more", who=who, days=_days(float(val[i])))
                else:
                    text = _("{share} of {who_lower} had the outcome", share=format_percent(float(val[i]), decimals=0),
                             who_lower=who[:1].lower() + who[1:])
                text += "; " + _("The case has been open for {days}", days=_days(float(elapsed[i])))
                pair.append(text)
        da_out.append(pair[0])
        en_out.append(pair[1])
    return da_out, en_out
