"""Writing the extract to files, and the mapping that comes with it."""

from __future__ import annotations

import duckdb
import pyarrow.parquet as pq
import pytest
import yaml

from sagsflow.demo import generate, write_extract
from sagsflow.errors import InvalidParameterError


@pytest.fixture(scope="module")
def small():
    return generate(seed=5, scale=0.02, municipalities=["Søby", "Åkjær"])


def test_mapping_declares_roles_and_personal_data(small):
    m = yaml.safe_load(small.mapping_yaml)
    assert m["case_id"] == "sagsnr" and m["activity"] == "aktivitet"
    assert m["timestamp"] == {"column": "tidspunkt", "format": "auto"}
    assert m["registration_timestamp"] == {"column": "registreret", "format": "auto"}
    # robots and system users are declared: kept in clear as automation, never pseudonymised as staff
    assert m["resource"] == {"column": "sagsbehandler", "data_class": "employee_id",
                             "automation": ["RPA-ROBOT", "SELVBETJENING"]}
    assert m["timezone"] == "Europe/Copenhagen"
    cols = m["columns"]
    assert cols["borger_cpr"] == {"data_class": "citizen_id", "level": "case", "rename": "borger"}
    assert cols["notat"] == {"data_class": "free_text"}
    assert cols["alder_gruppe"]["data_class"] == cols["koen"]["data_class"] == "personal_attribute"
    assert m["other_columns"] == "keep"
    assert set(cols) | {"sagsnr", "aktivitet", "tidspunkt", "registreret", "sagsbehandler"} == set(
        small.events.column_names)


def test_parquet_one_file_per_process_and_municipality(small, tmp_path):
    paths = write_extract(small, tmp_path)
    assert [p.name for p in paths] == ["dagpenge_soby.parquet", "dagpenge_aakjaer.parquet",
                                       "kontanthjaelp_soby.parquet", "kontanthjaelp_aakjaer.parquet", "mapping.yaml"]
    total = 0
    for p in paths[:-1]:
        t = pq.read_table(p)
        proces = p.stem.split("_")[0]
        assert set(t.column("proces").to_pylist()) == {proces}
        assert len(set(t.column("kommune").to_pylist())) == 1
        total += t.num_rows
    assert total == small.events.num_rows
    assert paths[-1].read_text(encoding="utf-8") == small.mapping_yaml


def test_csv_is_semicolon_separated_utf8_and_reads_back(small, tmp_path):
    paths = write_extract(small, tmp_path, format="csv", split_by=())
    assert [p.name for p in paths] == ["extract.csv", "mapping.yaml"]
    head = paths[0].read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith('"sagsnr";"borger_cpr";"proces"')
    con = duckdb.connect()
    n, kommuner = con.execute(f"""SELECT count(*), list(DISTINCT kommune ORDER BY kommune)
                                  FROM read_csv('{paths[0]}', delim=';', header=true, all_varchar=true)""").fetchone()
    assert n == small.events.num_rows
    assert kommuner == ["Søby", "Åkjær"]


def test_split_by_municipality_only(small, tmp_path):
    paths = write_extract(small, tmp_path, split_by=("municipality",))
    assert [p.name for p in paths] == ["soby.parquet", "aakjaer.parquet", "mapping.yaml"]


def test_bad_format_and_split_are_refused(small, tmp_path):
    with pytest.raises(InvalidParameterError, match=r"The 'format' parameter must be 'csv' or 'parquet'\. Got 'xlsx'"):
        write_extract(small, tmp_path, format="xlsx")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match=r"The 'split_by' parameter may only hold \['municipality', "
                                                    r"'process'\]. Got \['team'\] instead."):
        write_extract(small, tmp_path, split_by=("team",))
