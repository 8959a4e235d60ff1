"""Synthetic jobcentre data: five fictitious Danish municipalities, dagpenge and kontanthjælp.

>>> from sagsflow.demo import generate, write_extract
>>> data = generate(seed=42, scale=0.02, municipalities=["Nørreby"])
>>> sorted(set(data.events.column("proces").to_pylist()))
['dagpenge', 'kontanthjaelp']

See ``docs/demo-data.md`` for what is generated and why.
"""

from sagsflow.demo.extract import write_extract
from sagsflow.demo.generator import DemoData, generate

__all__ = ["DemoData", "generate", "write_extract"]
