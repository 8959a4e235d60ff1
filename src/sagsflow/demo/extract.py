"""The "system extract": text columns as a Momentum/Fasit pull has them, the mapping, and files on disk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sagsflow.demo._text import byte_matrix, danish_times, iso_seconds, put_digits, to_strings
from sagsflow.demo.assemble import (
    AGE_BANDS,
    ALL_LABELS,
    CPR_NOTES,
    GENDERS,
    NOTES,
    PREFIX,
    PROCESSES,
    SYSTEMS,
    YES_NO,
    Assembled,
)
from sagsflow.demo.cpr import cpr_strings, fake_cpr
from sagsflow.demo.municipalities import MUNICIPALITIES
from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.demo.generator import DemoData

#: extract columns in file order
COLUMNS: tuple[str, ...] = ("sagsnr", "borger_cpr", "proces", "kommune", "kilde", "aktivitet", "tidspunkt",
                            "registreret", "sagsbehandler", "team", "maalgruppe", "ydelse", "alder_gruppe", "koen",
                            "undtaget", "afgangsaarsag", "notat")

MAPPING_YAML = """\
# Sagsflow mapping for the demo extract (Momentum/Fasit style jobcentre pull).
name: demo-jobcenter
case_id: sagsnr
activity: aktivitet
timestamp: {column: tidspunkt, format: auto}
registration_timestamp: {column: registreret, format: auto}
resource: {column: sagsbehandler, data_class: employee_id, automation: [RPA-ROBOT, SELVBETJENING]}
timezone: Europe/Copenhagen
columns:
  borger_cpr: {data_class: citizen_id, level: case, rename: borger}
  notat: {data_class: free_text}
  alder_gruppe: {data_class: personal_attribute, level: case}
  koen: {data_class: personal_attribute, level: case}
  proces: {level: case}
  kommune: {level: case}
  kilde: {level: case}
  maalgruppe: {level: case}
  ydelse: {level: case}
  undtaget: {level: case}
  team: {level: event}
  afgangsaarsag: {level: event}
other_columns: keep
"""


def _dict(indices: np.ndarray, values: list[str] | tuple[str, ...] | pa.Array) -> pa.DictionaryArray:
    idx = np.asarray(indices, dtype=np.int64)
    mask = idx < 0
    arr = pa.array(np.where(mask, 0, idx).astype(np.int32), mask=mask if mask.any() else None)
    dictionary = values if isinstance(values, pa.Array) else pa.array(list(values), pa.string())
    return pa.DictionaryArray.from_arrays(arr, dictionary)


def _notes(a: Assembled, cpr_dash: pa.Array, cpr_plain: pa.Array, cpr_idx: np.ndarray) -> pa.DictionaryArray:
    """Journal notes: templates, and a few with the citizen's CPR number typed in (with or without dash)."""
    c = a.cols
    k = np.flatnonzero(c["cpr_note"] >= 0)
    which = c["cpr_note"][k]
    take = pa.array(cpr_idx[k])
    number = pc.if_else(pa.array(c["cpr_dash"][k]), cpr_dash.take(take), cpr_plain.take(take))
    before = pa.array([b for b, _ in CPR_NOTES], pa.string()).take(pa.array(which))
    after = pa.array([x for _, x in CPR_NOTES], pa.string()).take(pa.array(which))
    text = pc.binary_join_element_wise(before, number, after, "")
    idx = c["note"].copy()
    idx[k] = len(NOTES) + np.arange(len(k))
    return _dict(idx, pa.concat_arrays([pa.array(list(NOTES), pa.string()), text.cast(pa.string())]))


def _sagsnr(meta: dict[str, np.ndarray]) -> pa.Array:
    """Case numbers "DP-911-000123": process prefix, kommunenr, serial within process and municipality."""
    n = len(meta["serial"])
    width = max(6, len(str(int(meta["serial"].max())))) if n else 6
    mat = byte_matrix(n, "XX-000-" + "0" * width)
    pre = np.array([[ord(ch) for ch in PREFIX[p]] for p in PROCESSES], dtype=np.uint8)[meta["process"]]
    mat[:, 0:2] = pre.reshape(n, 2)
    put_digits(mat, 3, meta["kommunenr"], 3)
    put_digits(mat, 7, meta["serial"], width)
    return to_strings(mat)


def build_table(a: Assembled, rng: np.random.Generator) -> tuple[pa.Table, dict[str, int]]:
    """Render the assembled integer columns as the extract table (dictionary-encoded where few values)."""
    c = a.cols
    meta = {k: np.concatenate(v) if v else np.zeros(0, dtype=np.int64) for k, v in a.case_meta.items()}
    # CPR per citizen (unique), then per case
    cit, first, inv = np.unique(meta.get("citizen", np.zeros(0, np.int64)), return_index=True, return_inverse=True)
    digits, valid = fake_cpr(meta["birth_day"][first], meta["male"][first].astype(bool), rng) if len(cit) else (
        np.zeros((0, 10), np.int64), np.zeros(0, bool))
    cpr_dash, cpr_plain = cpr_strings(digits), cpr_strings(digits, dash=False)
    citizen_of_case = inv.reshape(-1)
    case_cpr = citizen_of_case[c["case"]]
    sagsnr = _sagsnr(meta)
    table = pa.table({
        "sagsnr": _dict(c["case"], sagsnr),
        "borger_cpr": _dict(case_cpr, cpr_dash),
        "proces": _dict(c["process"], PROCESSES),
        "kommune": _dict(c["municipality"], [m.name for m in MUNICIPALITIES]),
        "kilde": _dict(c["system"], SYSTEMS),
        "aktivitet": _dict(c["act"], ALL_LABELS),
        "tidspunkt": danish_times(c["minute"], c["date_only"], c["year_override"]),
        "registreret": iso_seconds(c["reg"]),
        "sagsbehandler": _dict(c["resource"], a.resources),
        "team": _dict(c["team"], a.teams),
        "maalgruppe": _dict(c["maalgruppe"], a.maalgrupper),
        "ydelse": _dict(c["ydelse"], a.ydelser),
        "alder_gruppe": _dict(c["age_band"], [b[0] for b in AGE_BANDS]),
        "koen": _dict(c["male"], GENDERS),
        "undtaget": _dict(c["undtaget"], YES_NO),
        "afgangsaarsag": _dict(c["reason"], a.reasons),
        "notat": _notes(a, cpr_dash, cpr_plain, case_cpr),
    })
    return table, {"citizens": len(cit), "cpr_mod11_valid": int(valid.sum())}


def mapping_yaml() -> str:
    """The Sagsflow mapping of the demo extract (YAML text)."""
    return MAPPING_YAML


_SPLIT_COLUMNS = {"process": "proces", "municipality": "kommune"}
_SLUG = {m.name: m.slug for m in MUNICIPALITIES}


def _codes(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    arr = column.combine_chunks()
    if not pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_encode()
    return arr.indices.to_numpy(zero_copy_only=False), arr.dictionary.to_pylist()


def write_extract(data: DemoData, directory: str | Path, *, format: Literal["csv", "parquet"] = "parquet",
                  split_by: tuple[str, ...] = ("process", "municipality")) -> list[Path]:
    """Write the demo extract as one file per process and municipality, plus ``mapping.yaml``.

    Parameters
    ----------
    data : DemoData
        What :func:`sagsflow.demo.generate` returned.
    directory : path
        Created if missing; files in it with the same names are overwritten.
    format : {"parquet", "csv"}
        Parquet (zstd) or CSV the way Danish systems export it: UTF-8, semicolon-separated.
    split_by : tuple of {"process", "municipality"}
        Columns that split the extract into files; ``()`` writes a single ``extract.<ext>``.

    Returns
    -------
    list of Path
        The data files in order, then ``mapping.yaml``.

    Examples
    --------
    >>> from sagsflow.demo import generate, write_extract
    >>> paths = write_extract(generate(scale=0.01, municipalities=["Søby"]), tmp_path)  # doctest: +SKIP
    >>> [p.name for p in paths]  # doctest: +SKIP
    ['dagpenge_soby.parquet', 'kontanthjaelp_soby.parquet', 'mapping.yaml']
    """
    if format not in ("csv", "parquet"):
        raise InvalidParameterError(f"The 'format' parameter must be 'csv' or 'parquet'. Got {format!r} instead.",
                                    field="format")
    bad = [s for s in split_by if s not in _SPLIT_COLUMNS]
    if bad:
        raise InvalidParameterError(
            f"The 'split_by' parameter may only hold {sorted(_SPLIT_COLUMNS)}. Got {bad!r} instead.",
            hint="Use split_by=() for one file.", field="split_by")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    table = data.events
    keys = np.zeros(table.num_rows, dtype=np.int64)
    names: list[list[str]] = []
    for s in split_by:
        codes, values = _codes(table.column(_SPLIT_COLUMNS[s]))
        keys = keys * (len(values) + 1) + codes
        names.append(values)
    paths: list[Path] = []
    for key in dict.fromkeys(keys.tolist()):   # in file order
        parts, k = [], key
        for values in reversed(names):
            parts.append(values[k % (len(values) + 1)])
            k //= len(values) + 1
        stem = "_".join(_SLUG.get(p, re.sub(r"[^a-z0-9]+", "-", p.lower())) for p in reversed(parts)) or "extract"
        sub = table.filter(pa.array(keys == key)) if split_by else table
        path = out / f"{stem}.{format}"
        if format == "parquet":
            pq.write_table(sub, path, compression="zstd")
        else:
            pacsv.write_csv(sub, path, write_options=pacsv.WriteOptions(delimiter=";"))
        paths.append(path)
    mapping = out / "mapping.yaml"
    mapping.write_text(data.mapping_yaml, encoding="utf-8")
    return [*paths, mapping]
