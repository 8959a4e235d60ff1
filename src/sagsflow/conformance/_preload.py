"""Imported once by the alignment workers' fork server: PM4Py's alignments, without its banner on stdout."""

import contextlib
import io

with contextlib.redirect_stdout(io.StringIO()):
    import pm4py  # noqa: F401
    from pm4py.algo.conformance.alignments.petri_net import algorithm  # noqa: F401
    from pm4py.algo.conformance.tokenreplay import algorithm as token_replay  # noqa: F401
