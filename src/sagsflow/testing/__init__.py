"""Tools for testing code built on Sagsflow: Hypothesis strategies (:mod:`sagsflow.testing.strategies`)."""
