"""The benchmark harness reads a step's measurement back from its child process, whatever else the step prints."""

from __future__ import annotations

from bench._harness import measure


def noisy_step() -> dict[str, float]:
    """A step that prints on stdout (as DuckDB's progress bar does) and returns a result with its own "seconds"."""
    print('[=====>    ] 50% {"seconds": "not this"}', end="")
    return {"seconds": 1.5, "rows": 3.0}


def test_a_result_with_its_own_seconds_key_is_read_back() -> None:
    # the harness once took the last '{"seconds"' on the line, which is the result's own: bench_compliance and
    # bench_demo failed with a JSON error
    m = measure("noisy", "tests.test_bench_harness:noisy_step")
    assert m.result == {"seconds": 1.5, "rows": 3.0}
    assert m.seconds >= 0 and m.peak_mb > 0
