"""Tools for testing code built on Sagsflow: Hypothesis strategies (:mod:`sagsflow.testing.strategies`).

They need Hypothesis, which is not a run-time dependency: ``pip install 'sagsflow[testing]'``.
"""
