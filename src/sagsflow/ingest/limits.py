"""Size limits and guarded reading for untrusted input files.

Files beyond ``max_file_bytes`` are refused before reading; compressed input is decompressed as a
stream and refused as soon as it exceeds ``max_decompressed_bytes`` or expands more than
``max_ratio`` times (a gzip bomb), so a hostile file never fills memory or disk.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sagsflow.errors import Location, UnsafeInputError

GIB = 1024**3
_RATIO_GRACE_BYTES = 64 * 1024 * 1024


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Limits:
    """Limits applied to every imported file.

    Defaults can be changed with the environment variables ``SAGSFLOW_MAX_FILE_BYTES``,
    ``SAGSFLOW_MAX_DECOMPRESSED_BYTES``, ``SAGSFLOW_MAX_RATIO``, ``SAGSFLOW_MAX_COLUMNS``,
    ``SAGSFLOW_MAX_LINE_BYTES`` and ``SAGSFLOW_IMPORT_MEMORY_BYTES``.

    ``max_columns`` is the most columns (attributes) a source may have: a wider file is refused as soon as its
    header is read. The import's time grows linearly with rows x columns, at about a few milliseconds per
    column on top of the rows; event logs rarely have more than a few hundred attributes.

    ``max_line_bytes`` is the longest line (record) a delimited text file may have, in bytes; a longer line is
    refused with its line number. A line of megabytes is nearly always a quote that is never closed, so the rest of
    the file reads as one value.

    ``import_memory_bytes`` caps DuckDB's memory while an import into a workspace folder runs (a
    lower ``memory_limit`` already set is kept); beyond it the import spills to the workspace's
    temporary files instead of growing. ``0`` leaves DuckDB's own limit (80% of the RAM).
    """

    max_file_bytes: int = 8 * GIB
    max_decompressed_bytes: int = 32 * GIB
    max_ratio: int = 200
    import_memory_bytes: int = 2 * GIB
    max_columns: int = 1000
    max_line_bytes: int = 2_000_000

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_file_bytes=_env_int("SAGSFLOW_MAX_FILE_BYTES", cls.max_file_bytes),
            max_decompressed_bytes=_env_int(
                "SAGSFLOW_MAX_DECOMPRESSED_BYTES", cls.max_decompressed_bytes
            ),
            max_ratio=_env_int("SAGSFLOW_MAX_RATIO", cls.max_ratio),
            import_memory_bytes=_env_int("SAGSFLOW_IMPORT_MEMORY_BYTES", cls.import_memory_bytes),
            max_columns=_env_int("SAGSFLOW_MAX_COLUMNS", cls.max_columns),
            max_line_bytes=_env_int("SAGSFLOW_MAX_LINE_BYTES", cls.max_line_bytes),
        )


def check_columns(n_columns: int, file: str, limits: Limits, *, what: str = "columns") -> None:
    """Refuse a source with more than ``limits.max_columns`` columns, naming the file, the count and the limit.

    Examples
    --------
    >>> check_columns(3, "x.csv", Limits())
    >>> check_columns(10_000, "wide.csv", Limits(max_columns=1000))
    Traceback (most recent call last):
    ...
    sagsflow.errors.UnsafeInputError: wide.csv: the file has 10,000 columns, more than the limit of 1,000 ...
    """
    if 0 < limits.max_columns < n_columns:
        raise UnsafeInputError(
            f"the file has {n_columns:,} {what}, more than the limit of {limits.max_columns:,} columns an import "
            "may have",
            location=Location(file=file),
            hint="Export only the columns the event log needs (case, activity, time and the attributes you will "
            "analyse), or raise the limit with SAGSFLOW_MAX_COLUMNS if the machine has the time and memory "
            "(an import takes a few milliseconds per column more).",
        )


def check_file_size(path: str | Path, limits: Limits) -> int:
    """Return the file's size, or refuse it when it is beyond ``limits.max_file_bytes``."""
    size = Path(path).stat().st_size
    if size > limits.max_file_bytes:
        raise UnsafeInputError(
            f"the file is {size:,} bytes, more than the limit of {limits.max_file_bytes:,} bytes",
            location=Location(file=str(path)),
            hint="Raise the limit with SAGSFLOW_MAX_FILE_BYTES if the file is trusted.",
        )
    return size


def is_gzip(path: str | Path) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def decompressed_limit(compressed: int, limits: Limits) -> int:
    """How many bytes a gzip file of ``compressed`` bytes may expand to before it counts as a bomb.

    The ratio check starts after 64 MiB: small, highly repetitive files are legitimate.

    Examples
    --------
    >>> decompressed_limit(10, Limits(max_decompressed_bytes=10**12, max_ratio=100)) == 64 * 1024 * 1024
    True
    """
    return min(max(max(compressed, 1) * limits.max_ratio, _RATIO_GRACE_BYTES), limits.max_decompressed_bytes)


def bomb_error(path: str | Path, limit: int, compressed: int, limits: Limits) -> UnsafeInputError:
    """The error for a gzip file that expands beyond :func:`decompressed_limit`."""
    return UnsafeInputError(
        f"decompressing expands the file beyond {limit:,} bytes "
        f"({max(compressed, 1):,} compressed bytes, ratio limit {limits.max_ratio}): "
        "refused as a possible decompression bomb",
        location=Location(file=str(path)),
        hint="Decompress the file yourself if it is trusted, or raise SAGSFLOW_MAX_RATIO.",
    )


def corrupt_gzip_error(path: str | Path, why: str) -> UnsafeInputError:
    """The error for a gzip stream that cannot be decompressed to its end."""
    return UnsafeInputError(f"the gzip stream is corrupt or truncated ({why})", location=Location(file=str(path)))


class _GuardedGzip(io.RawIOBase):
    """A readable stream over a gzip file that stops a decompression bomb early."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self._path = path
        self._limits = limits
        self._raw = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._compressed = max(path.stat().st_size, 1)
        self._gz = gzip.GzipFile(fileobj=self._raw, mode="rb")
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._gz.read(len(buffer))
        except (OSError, EOFError, zlib.error) as exc:
            raise corrupt_gzip_error(self._path, str(exc)) from exc
        n = len(data)
        buffer[:n] = data
        self.total += n
        limit = decompressed_limit(self._compressed, self._limits)
        if self.total > limit:
            raise bomb_error(self._path, limit, self._compressed, self._limits)
        return n

    def close(self) -> None:
        self._gz.close()
        self._raw.close()
        super().close()


def open_guarded(path: str | Path, limits: Limits | None = None) -> BinaryIO:
    """Open a possibly gzip-compressed file for reading, with the size and bomb limits applied.

    Examples
    --------
    >>> import tempfile, gzip, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.gz")
    >>> with gzip.open(p, "wb") as f:
    ...     _ = f.write(b"hello")
    >>> with open_guarded(p) as f:
    ...     f.read()
    b'hello'
    """
    limits = limits or Limits.from_env()
    p = Path(path)
    check_file_size(p, limits)
    if is_gzip(p):
        return io.BufferedReader(_GuardedGzip(p, limits), buffer_size=1024 * 1024)
    return open(p, "rb")


def decompress_to(path: str | Path, target: str | Path, limits: Limits | None = None) -> Path:
    """Decompress a gzip file to ``target`` under the limits; returns ``target``."""
    limits = limits or Limits.from_env()
    with open_guarded(path, limits) as src, open(target, "wb") as dst:
        while chunk := src.read(4 * 1024 * 1024):
            dst.write(chunk)
    return Path(target)
