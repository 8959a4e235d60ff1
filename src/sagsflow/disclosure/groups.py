"""The released groups of a log: a partition of its cases into groups of at least k cases.

A restricted role (a viewer) may select cases only by *coordinates* every case has and that say nothing about a
single case: the values of the published case attributes, the calendar month the case started and ended (local
time), and the band of its duration and of its number of events (:mod:`sagsflow.disclosure.vocabulary`). The
released groups cut this space of coordinates into boxes, each holding at least k cases (a multidimensional
k-anonymous partition in the manner of Mondrian, LeFevre, DeWitt and Ramakrishnan 2006, with cuts only where a
filter can put them: between attribute values, at year, quarter and month starts, at the duration and length
bands). A viewer's filter is answered only when every one of its conditions, at any depth of ``any_of``/``all_of``
and with either action, is true on the whole of each group or on none of it (:meth:`ReleasedGroups.check`).

That is what makes differencing useless: every set of cases a viewer can select is a union of groups, so every
set obtained from several answers by subtraction, intersection or union is one too, and holds no case or at
least k. The decision depends only on the filter and the groups' definitions (which a viewer may read with
:meth:`ReleasedGroups.to_dict`), never on how many cases a particular filter matches, so a refusal tells nothing
about single cases either.

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> from sagsflow.disclosure import DisclosurePolicy, ReleasedGroups
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> rows = ["case,activity,time,kommune"]
>>> for c in range(30):
...     rows += [f"{c},Register,2024-{1 + c % 3:02d}-0{1 + c % 9} 09:00,{'AB'[c % 2]}",
...              f"{c},Decide,2024-{1 + c % 3:02d}-1{c % 9} 10:00,{'AB'[c % 2]}"]
>>> _ = p.write_text("\\n".join(rows) + "\\n")
>>> log = sagsflow.read_csv(p, mapping={"case_id": "case", "activity": "activity", "timestamp": "time",
...                                     "columns": {"kommune": {"level": "case"}}})
>>> groups = ReleasedGroups.build(log, DisclosurePolicy.for_role("viewer"))
>>> groups.n_groups >= 2 and groups.smallest >= 5
True
>>> _ = groups.check({"type": "case_attribute", "attribute": "kommune", "equals": "A"})
>>> groups.check({"type": "case_id", "ids": ["1"]})
Traceback (most recent call last):
...
sagsflow.errors.DisclosureError: filter step 0 (case_id): filtering by case id needs the analyst role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from sagsflow.disclosure.policy import DisclosurePolicy
from sagsflow.errors import DisclosureError
from sagsflow.i18n import N_, _
from sagsflow.schema import DataClass

if TYPE_CHECKING:
    from sagsflow.disclosure.vocabulary import Condition
    from sagsflow.filters.spec import FilterStack
    from sagsflow.log import EventLog

TZ = "Europe/Copenhagen"
#: dtypes of case attributes that can be published (their values compare as text exactly as the filters do)
PUBLISHABLE_DTYPES = ("VARCHAR", "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                      "USMALLINT", "UINTEGER", "UBIGINT")
_LOW, _HIGH = -(1 << 62), 1 << 62

DimKind = Literal["category", "month", "threshold"]


@dataclass(frozen=True)
class Dimension:
    """One coordinate of the released groups.

    ``category``: a published case attribute (``values``: its distinct values as text, None for missing);
    ``month``: the local calendar month a case started (``start``) or ended (``end``), as year * 12 + month - 1;
    ``threshold``: the band of a case's duration (``duration``, edges in microseconds) or number of events
    (``length``): coordinate ``2j`` below edge j (and above j-1), ``2j + 1`` exactly at edge j.
    """

    name: str
    kind: DimKind
    values: tuple[str | None, ...] = ()
    dtype: str = "VARCHAR"
    edges: tuple[int, ...] = ()
    coarse: tuple[int, ...] = ()

    def code(self, value: str | None) -> int | None:
        try:
            return self.values.index(value)
        except ValueError:
            return None


@dataclass
class ReleasedGroups:
    """The released groups of one version of a log (see the module docstring). Build with :meth:`build`."""

    policy: DisclosurePolicy
    dims: tuple[Dimension, ...]
    sizes: np.ndarray  # cases per group
    lo: dict[int, np.ndarray] = field(default_factory=dict)  # ordered dims: first coordinate of each group
    hi: dict[int, np.ndarray] = field(default_factory=dict)  # ... and last
    in_mode: dict[int, np.ndarray] = field(default_factory=dict)  # category dims: group lists its values (else
    member: dict[int, np.ndarray] = field(default_factory=dict)  # lists those excluded); group x value
    #: case attribute -> why it is not published: an English text with {placeholders}, and their values
    unpublished: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    n_cases: int = 0

    # ------------------------------------------------------------------ construction
    @classmethod
    def build(cls, log: EventLog, policy: DisclosurePolicy) -> ReleasedGroups:
        """The released groups of the stored log behind ``log`` (its filters are ignored: the groups are those
        of the whole log)."""
        dims, unpublished = _published(log, policy)
        cat = [d for d in dims if d.kind == "category"]
        exprs = _coordinates_sql(cat, policy)
        cols = ", ".join(f"{e} AS c{i}" for i, e in enumerate(exprs))
        group = ", ".join(f"c{i}" for i in range(len(exprs)))
        cells = log.workspace.con.sql(
            f"SELECT {group}, count(*) AS n FROM (SELECT {cols} FROM {_analysed_cases(log)}) GROUP BY {group}"
        ).to_arrow_table()
        n = np.asarray(cells.column("n").to_numpy(zero_copy_only=False), dtype=np.int64)
        full: list[Dimension] = []
        for i, d in enumerate(cat):
            values = cells.column(f"c{i}").to_pylist()
            dictionary = tuple(sorted({v for v in values if v is not None})) + ((None,) if None in values else ())
            full.append(Dimension(d.name, "category", dictionary, d.dtype))
        full += [Dimension("start", "month"), Dimension("end", "month"),
                 Dimension("duration", "threshold", edges=tuple(_us(e) for e in policy.duration_edges),
                           coarse=tuple(_us(e) for e in policy.coarse_duration_edges)),
                 Dimension("length", "threshold", edges=tuple(policy.length_edges),
                           coarse=tuple(policy.coarse_length_edges))]
        coords = _encode(cells, tuple(full))
        boxes = _partition(coords, n, tuple(full), policy.min_group_size)
        return cls._from_boxes(policy, tuple(full), boxes, unpublished, int(n.sum()))

    @classmethod
    def _from_boxes(cls, policy: DisclosurePolicy, dims: tuple[Dimension, ...], boxes: list[_Box],
                    unpublished: dict[str, tuple[str, dict[str, Any]]], n_cases: int) -> ReleasedGroups:
        out = cls(policy, dims, np.array([b.weight for b in boxes], dtype=np.int64), unpublished=unpublished,
                  n_cases=n_cases)
        for i, d in enumerate(dims):
            if d.kind == "category":
                in_mode = np.ones(len(boxes), dtype=bool)
                member = np.zeros((len(boxes), len(d.values)), dtype=bool)
                for b, box in enumerate(boxes):
                    mode, values = box.sets.get(i, ("not_in", frozenset()))
                    in_mode[b] = mode == "in"
                    member[b, list(values)] = True
                out.in_mode[i], out.member[i] = in_mode, member
            else:
                out.lo[i] = np.array([b.ranges.get(i, (_LOW, _HIGH))[0] for b in boxes], dtype=np.int64)
                out.hi[i] = np.array([b.ranges.get(i, (_LOW, _HIGH))[1] for b in boxes], dtype=np.int64)
        return out

    def group_of(self, log: EventLog) -> dict[str, int]:
        """The group of each case of the stored log behind ``log`` (by case id): what a restricted role can never
        split. For people with access to cases (tests, audits of the rule)."""
        exprs = _coordinates_sql([d for d in self.dims if d.kind == "category"], self.policy)
        cols = ", ".join(f"{e} AS c{i}" for i, e in enumerate(exprs))
        rows = log.workspace.con.sql(f"SELECT case_id, {cols} FROM {_analysed_cases(log)}").to_arrow_table()
        coords = _encode(rows, self.dims)
        group = np.full(len(coords), -1, dtype=np.int64)
        for b in range(self.n_groups):
            inside = np.ones(len(coords), dtype=bool)
            for i, d in enumerate(self.dims):
                if d.kind == "category":
                    listed = self.member[i][b][coords[:, i]]
                    inside &= listed if self.in_mode[i][b] else ~listed
                else:
                    inside &= (coords[:, i] >= self.lo[i][b]) & (coords[:, i] <= self.hi[i][b])
            group[inside] = b
        return dict(zip(rows.column("case_id").to_pylist(), group.tolist(), strict=True))

    # ------------------------------------------------------------------ facts
    @property
    def n_groups(self) -> int:
        return len(self.sizes)

    @property
    def smallest(self) -> int:
        """Cases in the smallest group (0 for an empty log)."""
        return int(self.sizes.min()) if len(self.sizes) else 0

    @property
    def nbytes(self) -> int:
        arrays = [self.sizes, *self.lo.values(), *self.hi.values(), *self.in_mode.values(), *self.member.values()]
        return sum(int(a.nbytes) for a in arrays)

    def dim(self, name: str) -> tuple[int, Dimension] | None:
        return next(((i, d) for i, d in enumerate(self.dims) if d.name == name), None)

    @property
    def published(self) -> list[str]:
        """The case attributes a restricted role may filter and group by."""
        return [d.name for d in self.dims if d.kind == "category"]

    # ------------------------------------------------------------------ the check
    def truth(self, atom: Atom) -> np.ndarray:
        """Per group: 1 when the condition ``atom`` holds for all of it, 0 for none of it, -1 for part of it."""
        i = atom.dim
        if atom.op in ("ge", "le"):
            lo, hi, b = self.lo[i], self.hi[i], atom.bound
            true = lo >= b if atom.op == "ge" else hi <= b
            false = hi < b if atom.op == "ge" else lo > b
        else:
            codes = list(atom.codes)
            member, in_mode = self.member[i], self.in_mode[i]
            hit = member[:, codes].sum(axis=1) if codes else np.zeros(len(member), dtype=np.int64)
            size = member.sum(axis=1)
            # a group described by the values it excludes also holds missing and unseen values: the condition
            # can only be false on all of it, when it names excluded values alone
            true = in_mode & (hit == size) & (size > 0)
            false = np.where(in_mode, hit == 0, (hit == len(codes)) & (not atom.unknown))
        return np.where(true, 1, np.where(false, 0, -1)).astype(np.int8)

    def splits(self, atom: Atom) -> np.ndarray:
        """Per group: whether the condition ``atom`` is true on part of it only."""
        return self.truth(atom) < 0

    def evaluate(self, cond: Condition) -> np.ndarray:
        """Per group, the truth of a filter's formula: 1 (all of the group selected), 0 (none) or -1 (part)."""
        if cond.op == "atom":
            assert cond.atom is not None
            return self.truth(cond.atom)
        vals = [self.evaluate(p) for p in cond.parts]
        if cond.op == "not":
            v = vals[0]
            return np.where(v < 0, v, 1 - v).astype(np.int8)
        stack = np.vstack(vals) if vals else np.ones((1, self.n_groups), dtype=np.int8)
        if cond.op == "and":
            return np.where((stack == 0).any(axis=0), 0, np.where((stack == 1).all(axis=0), 1, -1)).astype(np.int8)
        return np.where((stack == 1).any(axis=0), 1, np.where((stack == 0).all(axis=0), 0, -1)).astype(np.int8)

    def check(self, spec: Any) -> FilterStack:
        """The filter as a stack when a restricted role may have it answered: it selects every group wholly or not
        at all (its conditions are read with three-valued logic over the groups, so a condition may cut groups
        the rest of the filter leaves out). Else :class:`DisclosureError` naming the step, what is wrong and what
        is allowed. Roles with case access may use any filter."""
        from sagsflow.disclosure.vocabulary import condition
        from sagsflow.filters.spec import as_stack

        stack = as_stack(spec)
        if self.policy.sees_cases:
            return stack
        if stack.include_quarantined:
            # the groups are those of the events the analyses see; bringing back quarantined events would move
            # cases between groups (and bring back cases of no plausible event)
            raise DisclosureError(
                _("including the events outside the plausible period is for roles with access to cases: viewers see "
                  "the events the analyses see."), field="include_quarantined")
        cond = condition(stack, self)
        partial = self.evaluate(cond) < 0
        if partial.any():
            culprit = next((c for c in cond.atoms() if c.atom is not None and self.splits(c.atom)[partial].any()),
                           None)
            assert culprit is not None and culprit.atom is not None
            raise DisclosureError(
                _("{where}: {condition} would split a released group of cases: viewers see only whole groups of at "
                  "least {k} cases.", where=culprit.where, condition=culprit.atom.text, k=self.policy.min_group_size),
                hint=self.allowed_text(culprit.atom.dim, partial), field=culprit.path)
        return stack

    def allows(self, spec: Any) -> bool:
        """Whether :meth:`check` accepts ``spec``."""
        try:
            self.check(spec)
        except DisclosureError:
            return False
        return True

    def check_grouping(self, attributes: list[str], field_name: str = "by") -> None:
        """Refuse a grouping of an answer by case attributes that are not published or whose values cut
        released groups (a restricted role's ``by=`` of compliance or conformance tables)."""
        if self.policy.sees_cases:
            return
        for name in attributes:
            found = self.dim(name)
            if found is None or found[1].kind != "category":
                raise DisclosureError(_("grouping by '{attribute}' is not available to viewers: {why}.",
                                        attribute=name, why=self.why_unpublished(name)),
                                      hint=self.published_text(), field=field_name)

    def why_unpublished(self, name: str) -> str:
        """Why a case attribute is not published, in the current language."""
        text, params = self.unpublished.get(name, ("it is not a published case attribute of this log", {}))
        return _(text, **params)

    def published_text(self) -> str:
        return _("Published attributes: {names}.", names=", ".join(self.published) or _("(none)"))

    # ------------------------------------------------------------------ what is allowed
    def allowed(self) -> dict[str, Any]:
        """What a restricted role may select, per coordinate: the values of each published attribute it can pick
        one by one, the month starts a time frame may begin or end at, the duration and length bounds."""
        out: dict[str, Any] = {}
        for i, d in enumerate(self.dims):
            out[d.name] = self._allowed_dim(i, d)
        return out

    def _allowed_dim(self, i: int, d: Dimension, among: np.ndarray | None = None) -> list[Any]:
        """What a condition on coordinate ``i`` may name without splitting a group (of the groups ``among``)."""
        sel = np.ones(self.n_groups, dtype=bool) if among is None else among
        if d.kind == "category":
            return [v for j, v in enumerate(d.values) if v is not None
                    and not self.splits(Atom(i, "in", codes=(j,)))[sel].any()]
        lo, hi = self.lo[i][sel], self.hi[i][sel]
        if d.kind == "month":
            inner = np.r_[lo[lo > _LOW], hi[hi < _HIGH] + 1]
            if not len(inner):
                return []
            cuts = range(int(inner.min()), int(inner.max()) + 1)
            return [_month_text(c) for c in cuts if not ((lo < c) & (hi >= c)).any()]
        allowed = []
        for j, e in enumerate(d.edges):
            text = _edge_text(d, e)
            if not ((lo < 2 * j + 1) & (hi >= 2 * j + 1)).any():
                allowed.append(f"min {text}")
            if not ((lo <= 2 * j + 1) & (hi > 2 * j + 1)).any():
                allowed.append(f"max {text}")
        return allowed

    def allowed_text(self, dim: int, among: np.ndarray | None = None) -> str:
        d = self.dims[dim]
        what = self._allowed_dim(dim, d, among)
        shown = ", ".join(str(x) for x in what[:24]) + (" ..." if len(what) > 24 else "")
        if d.kind == "category":
            return _("Values of '{attribute}' a viewer can pick here: {values}; the others are grouped with their "
                     "neighbours.", attribute=d.name, values=shown or _("(none: its small values are grouped)"))
        none = _("(none: the cases are too few to split)")
        if d.name == "start":
            return _("A time frame may begin or end only at these month starts (first event of the case): "
                     "{months}.", months=shown or none)
        if d.name == "end":
            return _("A time frame may begin or end only at these month starts (last event of the case): "
                     "{months}.", months=shown or none)
        if d.name == "duration":
            return _("Bounds of the case duration a viewer can use here: {bounds}.", bounds=shown or none)
        return _("Bounds of the case length a viewer can use here: {bounds}.", bounds=shown or none)

    def to_dict(self) -> dict[str, Any]:
        """The published description: k, the number of groups and their smallest size, the published attributes
        (and why others are not), and what a restricted role may select."""
        return {"min_group_size": self.policy.min_group_size, "n_groups": self.n_groups,
                "smallest_group": self.smallest, "published": self.published,
                "unpublished": {name: self.why_unpublished(name) for name in self.unpublished},
                "allowed": self.allowed()}


@dataclass(frozen=True)
class Atom:
    """One condition of a restricted filter on one coordinate: ``ge``/``le`` a bound, or ``in`` a set of value
    codes (``unknown``: it also names values the log does not publish)."""

    dim: int
    op: Literal["ge", "le", "in"]
    bound: int = 0
    codes: tuple[int, ...] = ()
    unknown: bool = False
    text: str = ""


# ============================================================================ building
@dataclass
class _Box:
    weight: int
    ranges: dict[int, tuple[int, int]] = field(default_factory=dict)
    sets: dict[int, tuple[str, frozenset[int]]] = field(default_factory=dict)


CutRule = Callable[[int, int], int | None]
#: passes over the schedule (a split may let a coordinate tried before split a part further)
PASSES = 2


def _partition(coords: np.ndarray, weights: np.ndarray, dims: tuple[Dimension, ...], k: int) -> list[_Box]:
    """Split the cells (rows of ``coords`` holding ``weights`` cases) into boxes of at least ``k`` cases.

    First a *global* grid (:func:`_grid`): cuts every box follows, chosen one by one in order of usefulness
    (attribute values and years first, months and fine bands last) and kept only when every non-empty cell of
    the grid still holds k cases or more; a restricted role can always filter at these cuts. Then, inside each
    cell, *local* splits in the manner of Mondrian (the coordinates tried in the order of :func:`_schedule`, on
    every box at once): an attribute splits a box into its values of at least k cases (the smaller ones
    together, or with the smallest value when they are fewer than k), an ordered coordinate into runs of at
    least k cases cut only where its level allows. A filter may cut at a local split where the rest of it
    selects only boxes that follow it.
    """
    total = int(weights.sum())
    if total == 0:
        return []
    boxes, box_of = _grid(coords, weights, dims, k)
    schedule = _schedule(dims)
    for _pass in range(PASSES):
        changed = False
        for i, rule in schedule:
            boxes, box_of, split = _split_all(boxes, box_of, coords[:, i], weights, i, dims[i], rule, k)
            changed |= split
        if not changed:
            break
    return boxes


def _grid(coords: np.ndarray, weights: np.ndarray, dims: tuple[Dimension, ...],
          k: int) -> tuple[list[_Box], np.ndarray]:
    """The global grid: the boxes of the accepted cuts and the box of each cell."""
    total = int(weights.sum())
    key = np.zeros(len(weights), dtype=np.int64)
    separated: dict[int, list[int]] = {i: [] for i, d in enumerate(dims) if d.kind == "category"}
    cuts: dict[int, list[int]] = {i: [] for i, d in enumerate(dims) if d.kind != "category"}
    for i, c, share in _candidates(coords, weights, dims, total):
        side = coords[:, i] == c if dims[i].kind == "category" else coords[:, i] >= c
        uniq, inv = np.unique(key * 2 + side, return_inverse=True)
        counts = np.bincount(inv.ravel(), weights=weights)
        if counts.min() >= max(k, share * total):  # (a cut that splits no cell is kept too: it costs nothing)
            key = inv.ravel().astype(np.int64)
            (separated if dims[i].kind == "category" else cuts)[i].append(c)
    # describe each cell of the grid
    uniq, first = np.unique(key, return_index=True)
    boxes = []
    weight = np.bincount(key, weights=weights).astype(np.int64)
    for cell, row in zip(uniq.tolist(), first.tolist(), strict=True):
        box = _Box(int(weight[cell]))
        for i, named in separated.items():
            if named:
                v = int(coords[row, i])
                box.sets[i] = ("in", frozenset({v})) if v in named else ("not_in", frozenset(named))
        for i, cs in cuts.items():
            if cs:
                ordered = sorted(cs)
                j = int(np.searchsorted(ordered, coords[row, i], side="right"))
                box.ranges[i] = (ordered[j - 1] if j else _LOW, ordered[j] - 1 if j < len(ordered) else _HIGH)
        boxes.append(box)
    return boxes, key


def _candidates(coords: np.ndarray, weights: np.ndarray, dims: tuple[Dimension, ...],
                total: int) -> list[tuple[int, int, float]]:
    """The cuts of the global grid in the order they are tried: ``(coordinate, value, share)`` where a value of an
    attribute is separated from the others, an ordered coordinate cut before ``value``; the cut is kept when every
    cell keeps k cases and at least ``share`` of all cases (coarse cuts leave room for finer ones). Time is cut
    only between the 1st and the 99th percentile of the cases (a few implausible dates, 1900 or 2099, do not get
    cells of their own that nothing else could then split).

    1. years of the start, the values of the attributes that split off at least 5 % of the cases (cells of at
       least 1 % of the cases);
    2. quarters of the start, a few duration bands, years of the end, the other attribute values, a few length
       bands (0.2 %);
    3. months of the start, quarters and months of the end, every duration and length band (k cases).
    """
    by_name = {d.name: i for i, d in enumerate(dims)}
    s, e, du, le = by_name["start"], by_name["end"], by_name["duration"], by_name["length"]

    def values(i: int, big: bool) -> list[tuple[int, int]]:
        u, inv = np.unique(coords[:, i], return_inverse=True)
        w = np.bincount(inv.ravel(), weights=weights)
        order = np.argsort(-w, kind="stable")
        return [(i, int(u[j])) for j in order if (min(w[j], total - w[j]) >= 0.05 * total) == big]

    def core(i: int) -> tuple[int, int]:
        order = np.argsort(coords[:, i], kind="stable")
        cum = np.cumsum(weights[order])
        at_lo = int(np.searchsorted(cum, 0.01 * total))
        at_hi = min(int(np.searchsorted(cum, 0.99 * total)), len(order) - 1)
        return int(coords[int(order[at_lo]), i]), int(coords[int(order[at_hi]), i])

    def months(i: int, step: int, skip: int = 0) -> list[tuple[int, int]]:
        lo, hi = core(i)
        return [(i, c) for c in range((lo // step + 1) * step, hi + 1, step) if not skip or c % skip]

    def bands(i: int, edges: tuple[int, ...], skip: tuple[int, ...] = ()) -> list[tuple[int, int]]:
        d = dims[i]
        return [(i, 2 * d.edges.index(x) + o) for x in edges if x not in skip for o in (1, 2)]

    cats = [i for i, d in enumerate(dims) if d.kind == "category"]
    first = months(s, 12) + [c for i in cats for c in values(i, True)]
    second = months(s, 3, 12) + bands(du, dims[du].coarse) + months(e, 12) + [c for i in cats for c in values(i, False)]
    second += bands(le, dims[le].coarse)
    third = months(s, 1, 3) + months(e, 3, 12) + bands(du, dims[du].edges, dims[du].coarse) + months(e, 1, 3)
    third += bands(le, dims[le].edges, dims[le].coarse)
    return [(i, c, 0.01) for i, c in first] + [(i, c, 0.002) for i, c in second] + [(i, c, 0.0) for i, c in third]


def _split_all(boxes: list[_Box], box_of: np.ndarray, vals: np.ndarray, weights: np.ndarray, i: int,
               dim: Dimension, rule: CutRule | None, k: int) -> tuple[list[_Box], np.ndarray, bool]:
    """Split every box on coordinate ``i``; returns the new boxes, the box of each cell and whether any split."""
    order = np.lexsort((vals, box_of))
    b, v, w = box_of[order], vals[order], weights[order]
    starts = np.flatnonzero(np.r_[True, (b[1:] != b[:-1]) | (v[1:] != v[:-1])])
    run_box, run_val = b[starts], v[starts]
    run_w = np.add.reduceat(w, starts).astype(np.int64)
    box_runs = np.flatnonzero(np.r_[True, run_box[1:] != run_box[:-1]])
    box_runs_end = np.r_[box_runs[1:], len(starts)]
    run_part = np.zeros(len(starts), dtype=np.int64)
    new_boxes: list[_Box] = []
    first_id = np.zeros(len(boxes), dtype=np.int64)
    split = False
    for r0, r1 in zip(box_runs.tolist(), box_runs_end.tolist(), strict=True):
        bid = int(run_box[r0])
        box = boxes[bid]
        first_id[bid] = len(new_boxes)
        u, wu = run_val[r0:r1], run_w[r0:r1]
        parts = None
        if dim.kind == "category":
            parts = _category_parts(box, u, wu, i, k)
        elif r1 - r0 > 1 and box.weight >= 2 * k and rule is not None:
            parts = _ordered_parts(box, u, wu, i, rule, k)
        if parts is None:
            new_boxes.append(box)
            continue
        part_of_run, children = parts
        split |= len(children) > 1
        run_part[r0:r1] = part_of_run
        new_boxes.extend(children)
    if not split and len(new_boxes) == len(boxes) and all(a is b for a, b in zip(new_boxes, boxes, strict=True)):
        return boxes, box_of, False
    run_of = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(order)]))
    new_of = np.empty_like(box_of)
    new_of[order] = first_id[run_box[run_of]] + run_part[run_of]
    return new_boxes, new_of, split


def _ordered_parts(box: _Box, u: np.ndarray, wu: np.ndarray, i: int, rule: CutRule,
                   k: int) -> tuple[np.ndarray, list[_Box]] | None:
    """Runs of at least ``k`` cases of the sorted values ``u`` (weights ``wu``), cut where ``rule`` allows."""
    cuts: list[int] = []
    acc = 0
    vals, ws = u.tolist(), wu.tolist()
    for j in range(len(vals) - 1):
        acc += ws[j]
        if acc >= k and (c := rule(vals[j], vals[j + 1])) is not None:
            cuts.append(c)
            acc = 0
    if acc + ws[-1] < k and cuts:
        cuts.pop()
    if not cuts:
        return None
    lo, hi = box.ranges.get(i, (_LOW, _HIGH))
    bounds = [lo, *cuts, hi + 1]
    part = np.searchsorted(np.asarray(cuts, dtype=np.int64), u, side="right")
    weight = np.bincount(part, weights=wu, minlength=len(cuts) + 1).astype(np.int64)
    children = [_Box(int(weight[p]), {**box.ranges, i: (bounds[p], bounds[p + 1] - 1)}, box.sets)
                for p in range(len(cuts) + 1)]
    return part, children


def _category_parts(box: _Box, u: np.ndarray, wu: np.ndarray, i: int,
                    k: int) -> tuple[np.ndarray, list[_Box]] | None:
    """The values of at least ``k`` cases one by one, the others together (with the smallest named value when
    they are fewer than ``k``); a box of one value is described by it."""
    big = wu >= k
    named = [int(x) for x in u[big]]
    rest = int(wu[~big].sum())
    if not named or (len(named) == 1 and 0 < rest < k):
        return None
    mode, values = box.sets.get(i, ("not_in", frozenset()))

    def without(drop: frozenset[int]) -> tuple[str, frozenset[int]]:
        return (mode, values - drop) if mode == "in" else (mode, values | drop)

    weight_of = dict(zip(u.tolist(), wu.tolist(), strict=True))
    all_named = frozenset(named)
    smallest = min(named, key=lambda x: (weight_of[x], x))
    merge = 0 < rest < k
    described: list[tuple[str, frozenset[int]]] = []
    index: dict[int, int] = {}
    for x in named:
        index[x] = len(described)
        described.append(without(all_named - {x}) if merge and x == smallest else ("in", frozenset({x})))
    rest_part = index[smallest] if merge else len(described)
    if rest >= k:
        described.append(without(all_named))
    if len(described) == 1 and box.sets.get(i) == described[0]:
        return None  # already described by its one value
    part = np.array([index.get(int(x), rest_part) for x in u.tolist()], dtype=np.int64)
    weight = np.bincount(part, weights=wu, minlength=len(described)).astype(np.int64)
    return part, [_Box(int(weight[p]), box.ranges, {**box.sets, i: d}) for p, d in enumerate(described)]


def _schedule(dims: tuple[Dimension, ...]) -> list[tuple[int, CutRule | None]]:
    """The order of the local splits inside the cells of the grid: attributes, years, quarters and a few bands of
    duration of the start, months, years of the end, a few length bands, every duration band, the rest."""
    by_name = {d.name: i for i, d in enumerate(dims)}

    def every(step: int) -> CutRule:
        return lambda v, w: c if (c := (v // step + 1) * step) <= w else None

    def bands(d: Dimension, edges: tuple[int, ...]) -> CutRule:
        cuts = np.array(sorted({2 * d.edges.index(e) + o for e in edges for o in (1, 2)}), dtype=np.int64)

        def rule(v: int, w: int) -> int | None:
            j = int(np.searchsorted(cuts, v, side="right"))
            return int(cuts[j]) if j < len(cuts) and cuts[j] <= w else None

        return rule

    s, e, du, le = by_name["start"], by_name["end"], by_name["duration"], by_name["length"]
    out: list[tuple[int, CutRule | None]] = [(i, None) for i, d in enumerate(dims) if d.kind == "category"]
    return [*out, (s, every(12)), (s, every(3)), (du, bands(dims[du], dims[du].coarse)), (s, every(1)),
            (e, every(12)), (le, bands(dims[le], dims[le].coarse)), (du, bands(dims[du], dims[du].edges)),
            (e, every(3)), (e, every(1)), (le, bands(dims[le], dims[le].edges))]


# ============================================================================ helpers
def _published(log: EventLog, policy: DisclosurePolicy
               ) -> tuple[list[Dimension], dict[str, tuple[str, dict[str, Any]]]]:
    """The published case attributes of ``log`` under ``policy`` and, for the others, why not (a text to
    translate and its placeholders)."""
    cols = log.schema.case_attributes
    unpublished: dict[str, tuple[str, dict[str, Any]]] = {}
    candidates = []
    for c in cols:
        listed = policy.published is None or c.name in policy.published
        if c.data_class in (DataClass.CITIZEN_ID, DataClass.EMPLOYEE_ID, DataClass.FREE_TEXT):
            unpublished[c.name] = (N_("it is of the data class {cls}"), {"cls": c.data_class.value})
        elif not listed:
            unpublished[c.name] = (N_("it is not listed as published in disclosure.yaml"), {})
        elif policy.published is None and c.data_class is not DataClass.PROCESS:
            unpublished[c.name] = (N_("it is a {cls} (list it as published in disclosure.yaml to let viewers use "
                                      "it)"), {"cls": c.data_class.value})
        elif not c.dtype.upper().startswith(PUBLISHABLE_DTYPES):
            unpublished[c.name] = (N_("its type {dtype} is not a set of categories"), {"dtype": c.dtype})
        else:
            candidates.append(c)
    if candidates and policy.published is None:
        counts = log.workspace.con.execute(
            "SELECT " + ", ".join(f"count(DISTINCT {_qi(c.name)})" for c in candidates)
            + f" FROM {_analysed_cases(log)}").fetchall()[0]
        kept = []
        for c, n in zip(candidates, counts, strict=True):
            if int(n) > policy.max_values:
                unpublished[c.name] = (N_("it has {n} values, more than {most}"), {"n": int(n),
                                                                                    "most": policy.max_values})
            else:
                kept.append(c)
        candidates = kept
    return [Dimension(c.name, "category", dtype=c.dtype.upper()) for c in candidates], unpublished


def _analysed_cases(log: EventLog) -> str:
    """The cases of the stored log behind ``log`` as the analyses see them (events outside its plausible period left
    out, :mod:`sagsflow.plausible`): the groups are made of what the answers count."""
    return f"({log.workspace.log(log.name).cases_sql()})"


def _coordinates_sql(cat: list[Dimension], policy: DisclosurePolicy) -> list[str]:
    """SQL of the coordinates of a case (over a log's cases table): the published attributes as text, the local
    months of the first and last event, the bands of duration and number of events."""
    from sagsflow.filters.sql import us_between

    return [f"CAST({_qi(d.name)} AS VARCHAR)" for d in cat] + [
        f"year(timezone('{TZ}', start_time)) * 12 + month(timezone('{TZ}', start_time)) - 1",
        f"year(timezone('{TZ}', end_time)) * 12 + month(timezone('{TZ}', end_time)) - 1",
        _band_sql(us_between("start_time", "end_time"), [_us(e) for e in policy.duration_edges]),
        _band_sql("n_events", list(policy.length_edges)),
    ]


def _encode(table: Any, dims: tuple[Dimension, ...]) -> np.ndarray:
    """The coordinate columns ``c0, c1, ...`` of an Arrow table as integers (attribute values by their index in
    the dimension's values)."""
    coords = np.zeros((table.num_rows, len(dims)), dtype=np.int64)
    for i, d in enumerate(dims):
        col = table.column(f"c{i}")
        if d.kind == "category":
            index = {v: j for j, v in enumerate(d.values)}
            coords[:, i] = [index.get(v, -1) for v in col.to_pylist()]
        else:
            values = np.asarray(col.to_numpy(zero_copy_only=False), dtype=np.float64)
            coords[:, i] = np.nan_to_num(values, nan=0).astype(np.int64)
    return coords


def _band_sql(expr: str, edges: list[int]) -> str:
    """SQL of the band coordinate of ``expr``: 2 * (edges below it) + 1 when it equals an edge."""
    if not edges:
        return "0"
    below = " + ".join(f"CAST(({expr}) > {e} AS INTEGER)" for e in edges)
    equal = f"CAST(({expr}) IN ({', '.join(str(e) for e in edges)}) AS INTEGER)"
    return f"2 * ({below}) + {equal}"


def _us(td: Any) -> int:
    from datetime import timedelta

    return int(td // timedelta(microseconds=1))


def _qi(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _month_text(c: int) -> str:
    return f"{c // 12:04d}-{c % 12 + 1:02d}-01"


def _edge_text(d: Dimension, e: int) -> str:
    if d.name == "duration":
        from datetime import timedelta

        from sagsflow.filters.spec import format_duration

        return format_duration(timedelta(microseconds=e))
    return str(e)
