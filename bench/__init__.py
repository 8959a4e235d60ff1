"""Benchmarks, run by ``make bench``; every figure side by side with PM4Py in the same run."""
