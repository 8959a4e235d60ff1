"""Create the demo workspace: generate the synthetic extracts and import them like real nightly pulls."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sagsflow.ingest.mapping import Mapping
from sagsflow.ingest.pipeline import import_log
from sagsflow.store.layout import slugify
from sagsflow.store.workspace import Workspace


@contextmanager
def _folder(out_dir: Path | None) -> Iterator[Path]:
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        yield out_dir
        return
    with tempfile.TemporaryDirectory(prefix="sagsflow-demo-") as tmp:
        yield Path(tmp)


def create_demo_workspace(ws: Workspace, *, seed: int = 42, scale: float = 1.0, out_dir: Path | None = None,
                          file_format: str = "parquet", import_: bool = True,
                          key: bytes | str | None = None) -> list[str]:
    """Generate the demo extracts and import them: one log per process and municipality, plus one log
    per process with all municipalities (``dagpenge_alle``, ``kontanthjaelp_alle``).

    Returns one line per import, for people. The pseudonymisation key comes from ``key`` or the
    environment (``SAGSFLOW_PSEUDONYM_KEY(_FILE)``), as for any import.
    """
    from sagsflow.demo import generate, write_extract

    data = generate(seed=seed, scale=scale)
    lines: list[str] = []
    with _folder(out_dir) as folder:
        files = write_extract(data, folder, format=file_format)  # type: ignore[arg-type]
        # one extract per process for the all-municipality logs: each file is read and mapped once, and each
        # combined log is written once instead of being rebuilt after every municipality
        combined = write_extract(data, folder / "alle", format=file_format, split_by=("process",))  # type: ignore[arg-type]
        mapping = Mapping.from_yaml(data.mapping_yaml)
        if not import_:
            return [f"wrote {f}" for f in (*files, *combined)]
        for f in sorted(p for p in files if p.suffix in (".csv", ".parquet")):
            result = import_log(f, workspace=ws, log=slugify(f.name.split(".")[0]), mapping=mapping, key=key)
            lines.append(result.summary())
        for f in sorted(p for p in combined if p.suffix in (".csv", ".parquet")):
            log = f"{slugify(f.name.split('.')[0])}_alle"
            lines.append(import_log(f, workspace=ws, log=log, mapping=mapping, key=key).summary())
    return lines
