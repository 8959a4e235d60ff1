"""The discoverer a user chose by name, with its parameters: one home for the CLI, the REST API and the web app.

Examples
--------
>>> make_miner("inductive", noise_threshold=0.2)
InductiveMiner(noise_threshold=0.2)
>>> make_miner("split", eta=0.4, epsilon=0.1, seed=7)
SplitMiner(eta=0.4, epsilon=0.1)
"""

from __future__ import annotations

from typing import Literal

from sagsflow.discovery.miner import InductiveMiner
from sagsflow.discovery.split_miner import SplitMiner
from sagsflow.errors import InvalidParameterError

#: the discoverers a user can choose by name
MinerName = Literal["inductive", "split"]


def make_miner(name: MinerName, *, noise_threshold: float = 0.0, eta: float = 0.4, epsilon: float = 0.1,
               seed: int | None = 0, replace_ors: bool = True) -> InductiveMiner | SplitMiner:
    """An unfitted discoverer: ``"inductive"`` (IMf with ``noise_threshold``; sound by construction) or ``"split"``
    (Split Miner with ``eta``, ``epsilon``, ``seed`` and ``replace_ors``: simpler, more precise BPMN; needs Java).
    The parameters of the other discoverer are ignored."""
    if name == "split":
        return SplitMiner(eta=eta, epsilon=epsilon, seed=seed, replace_ors=replace_ors)
    if name == "inductive":
        return InductiveMiner(noise_threshold=noise_threshold)
    raise InvalidParameterError(f"unknown discoverer {name!r}: expected 'inductive' or 'split'", field="miner")


def miner_params(name: MinerName, *, noise_threshold: float = 0.0, eta: float = 0.4, epsilon: float = 0.1,
                 seed: int | None = 0, replace_ors: bool = True) -> tuple[object, ...]:
    """The parameters that decide the model :func:`make_miner` gives (a cache key: the other discoverer's
    parameters do not count)."""
    return (name, eta, epsilon, seed, bool(replace_ors)) if name == "split" else (name, noise_threshold)
