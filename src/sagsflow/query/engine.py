"""Engines that run the portable queries: embedded DuckDB (the default) and Apache Spark.

An engine knows two things: the name by which a query reaches one of a log's tables (``events``, ``cases``,
``activities``, ``successors``; see ``docs/architecture.md``) and how to run a query written in DuckDB's dialect
(:mod:`sagsflow.query.dialects` writes it in the engine's own). Every portable operation
(:mod:`sagsflow.query.portable`) takes an engine and a log name, so the same operation answers on a workspace's
DuckDB file or on a Spark cluster reading the log's Parquet store (:func:`sagsflow.store.parquet.export_log`).

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
>>> _ = p.write_text("case,activity,time\\n1,A,2024-01-01 09:00\\n1,B,2024-01-02 09:00\\n")
>>> log = sagsflow.read_csv(p)
>>> engine = DuckDBEngine(log.workspace.con)
>>> engine.arrow(f"SELECT count(*) AS n FROM {engine.relation(log.name, 'events')}").to_pylist()
[{'n': 2}]
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from sagsflow.errors import InvalidParameterError, NotFoundError, SagsflowError
from sagsflow.query.dialects import transpile
from sagsflow.query.quote import ident
from sagsflow.store.layout import LOG_TABLES, check_log_name, schema_name

__all__ = ["LOG_TABLES", "DuckDBEngine", "Engine", "EngineUnavailableError", "SparkEngine"]


class EngineUnavailableError(SagsflowError, RuntimeError):
    """The engine cannot start on this machine (a library or a Java runtime is missing)."""


class Engine(Protocol):
    """What a portable operation needs of an engine."""

    #: the sqlglot dialect the engine's SQL is written in
    dialect: str

    def relation(self, log: str, table: str) -> str:
        """The SQL name of ``table`` (one of :data:`LOG_TABLES`) of log ``log``: ``log_<log>.<table>`` on every
        engine (an engine that stores tables under other names maps them when it runs the query)."""
        ...

    def arrow(self, sql: str) -> pa.Table:
        """Run ``sql`` (DuckDB's dialect) and return the result."""
        ...

    def temp_table(self, name: str, sql: str) -> None:
        """Keep the result of ``sql`` as temporary table ``name`` (replacing one of that name) for later queries."""
        ...

    def register(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table from Python a temporary table ``name`` for later queries."""
        ...

    def drop(self, name: str) -> None:
        """Forget temporary table ``name`` (nothing happens when there is none)."""
        ...


def engine_for(workspace: Any, engine: Engine | None = None) -> Engine:
    """Where a query of a log of ``workspace`` runs: ``engine`` when given, else the engine the workspace is
    configured to use (a Spark cluster, :func:`sagsflow.store.event_store.use_spark`), else its own DuckDB."""
    if engine is not None:
        return engine
    from sagsflow.store.event_store import configured_engine

    configured = configured_engine(workspace)
    return configured if configured is not None else DuckDBEngine(workspace.con)


def _relation(log: str, table: str) -> str:
    """``log_<log>.<table>``: the name every engine's queries use for one of a log's tables."""
    if table not in LOG_TABLES:
        raise InvalidParameterError(f"a log has the tables {', '.join(LOG_TABLES)}. Got {table!r} instead.",
                                    field="table")
    return f"{schema_name(log)}.{table}"


class DuckDBEngine:
    """The workspace's own DuckDB connection (the default engine)."""

    dialect = "duckdb"

    def __init__(self, con: Any) -> None:
        self.con = con

    def relation(self, log: str, table: str) -> str:
        return _relation(log, table)

    def arrow(self, sql: str) -> pa.Table:
        from sagsflow.analysis._table import arrow

        return arrow(self.con, sql)

    def temp_table(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {ident(name)} AS {sql}")

    def register(self, name: str, table: pa.Table) -> None:
        self.con.register(f"{name}__arrow", table)
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {ident(name)} AS SELECT * FROM {ident(name + '__arrow')}")
        finally:
            self.con.unregister(f"{name}__arrow")

    def drop(self, name: str) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {ident(name)}")


class SparkEngine:
    """Apache Spark, reading each log's Parquet store under ``root`` (``root/<log>/<table>.parquet``).

    Parameters
    ----------
    session : pyspark.sql.SparkSession
        A session on any cluster (``local[2]``, a cluster URL, Spark Connect). Its time zone should be UTC
        (:meth:`local` sets it): Spark shows stored instants in the session's zone.
    root : path
        The folder holding the logs' Parquet stores, on storage every executor reads (a shared file system,
        ``s3a://``, ``abfss://`` ... for a cluster).
    """

    dialect = "spark"

    def __init__(self, session: Any, root: str | Path) -> None:
        self.session = session
        self.root = str(root)
        #: (log, table) -> the files its temp view reads
        self._views: dict[tuple[str, str], str] = {}

    @classmethod
    def local(cls, root: str | Path, *, cores: int = 2, memory: str = "2g") -> SparkEngine:
        """A Spark session on this machine (``local[cores]``), UTC, no web UI, Python workers on this interpreter.

        Raises
        ------
        EngineUnavailableError
            When pyspark is not installed (``pip install 'sagsflow[spark]'``) or no Java runtime is found.
        """
        return cls.connect(f"local[{int(cores)}]", root, memory=memory, cores=int(cores))

    @classmethod
    def connect(cls, master: str, root: str | Path, *, memory: str = "2g", cores: int = 2) -> SparkEngine:
        """A Spark session on ``master``: ``local[N]``, a cluster URL (``spark://host:7077``, ``yarn``, ``k8s://...``)
        or a Spark Connect endpoint (``sc://host:15002``, Databricks), UTC, reading the stores under ``root``.

        Raises
        ------
        EngineUnavailableError
            When pyspark is not installed (``pip install 'sagsflow[spark]'``), no Java runtime is found, or a Spark
            Connect endpoint cannot be reached.
        """
        if master.startswith("sc://"):
            try:
                from pyspark.sql import SparkSession
            except ImportError:  # pragma: no cover - the dev group installs pyspark
                raise EngineUnavailableError(
                    "the Spark engine needs pyspark, which is not installed.",
                    hint="Install it with: pip install 'sagsflow[spark]' pyspark[connect].") from None
            try:
                remote = SparkSession.builder.remote(master).config("spark.sql.session.timeZone", "UTC")
                return cls(remote.getOrCreate(), root)
            except Exception as exc:  # any failure to reach the endpoint is reported the same way
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                raise EngineUnavailableError(f"cannot reach the Spark Connect endpoint {master!r}: {first}",
                                             hint="Check the URL and that pyspark[connect] is installed.") from None
        try:
            from pyspark.sql import SparkSession
        except ImportError:  # pragma: no cover - the dev group installs pyspark
            raise EngineUnavailableError(
                "the Spark engine needs pyspark, which is not installed.",
                hint="Install it with: pip install 'sagsflow[spark]' (Spark also needs a Java 17+ runtime).",
            ) from None
        if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
            raise EngineUnavailableError(
                "the Spark engine needs a Java runtime (17 or newer), and none was found.",
                hint="Install one (Debian: apt-get install default-jre-headless) or set JAVA_HOME.",
            )
        # the Python workers (UDFs such as the import's pseudonyms) run this interpreter, with its packages, unless
        # PYSPARK_PYTHON names another (pyspark reads the variable, not the spark.pyspark.python setting)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master(master).appName("sagsflow")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", memory)
            .config("spark.sql.shuffle.partitions", str(max(2 * int(cores), 2)))
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.ui.showConsoleProgress", "false")
            # the driver keeps every finished query's plan for its status pages (1,000 by default) even with the
            # web UI off; the portable queries' plans are large, and a long-lived session (a server, a test run)
            # filled a 2 GB driver with them
            .config("spark.sql.ui.retainedExecutions", "20")
            .config("spark.ui.retainedJobs", "50")
            .config("spark.ui.retainedStages", "50")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("FATAL")  # errors reach the caller as exceptions
        return cls(session, root)

    def relation(self, log: str, table: str) -> str:
        return _relation(log, table)

    def _view(self, schema: str, table: str) -> str:
        """The temp view that reads ``table`` of the log whose schema is ``schema`` from its Parquet store."""
        log = schema.removeprefix("log_")
        if not schema.startswith("log_") or table not in LOG_TABLES:
            raise InvalidParameterError(f"a portable query reads only a log's tables ({', '.join(LOG_TABLES)}). "
                                        f"Got {schema}.{table} instead.")
        check_log_name(log)
        view = f"sf_{log}__{table}"
        path = f"{self.root.rstrip('/')}/{log}/{table}.parquet"
        if "://" not in path:  # a versioned store (a workspace's event store) is read at its current version
            from sagsflow.store.parquet import current_folder

            path = str(current_folder(Path(self.root) / log) / f"{table}.parquet")
        if self._views.get((log, table)) != path:  # first read, or the log has a newer version since
            if "://" not in path and not Path(path).exists():
                raise NotFoundError(
                    f"no Parquet store of log {log!r} under {self.root!r} (missing {table}.parquet).",
                    hint="Write it with sagsflow.store.parquet.export_log(workspace, log, root).",
                )
            self.session.read.parquet(path).createOrReplaceTempView(view)
            self._views[(log, table)] = path
        return view

    def arrow(self, sql: str) -> pa.Table:
        return self.session.sql(transpile(sql, self.dialect, tables=self._view)).toArrow()

    def temp_table(self, name: str, sql: str) -> None:
        # cached, so that later queries read the result instead of running ``sql`` again each time (as a DuckDB
        # temporary table is written once)
        self.drop(name)
        self.session.sql(transpile(sql, self.dialect, tables=self._view)).cache().createOrReplaceTempView(name)

    def register(self, name: str, table: pa.Table) -> None:
        self.drop(name)
        self.session.createDataFrame(table).cache().createOrReplaceTempView(name)

    def drop(self, name: str) -> None:
        if self.session.catalog.tableExists(name):
            self.session.table(name).unpersist()
            self.session.catalog.dropTempView(name)

    def forget(self, log: str) -> None:
        """Read log ``log`` again from its Parquet store at the next query (after it was written again)."""
        for table in LOG_TABLES:
            if (log, table) in self._views:
                self.session.catalog.dropTempView(f"sf_{log}__{table}")
                del self._views[(log, table)]

    def stop(self) -> None:
        self.session.stop()
