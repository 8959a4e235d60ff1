"""Process discovery and model exchange: the inductive miner on variants, Split Miner, BPMN/PNML export, quality.

Examples
--------
>>> from sagsflow.discovery import InductiveMiner, evaluate  # doctest: +SKIP
>>> miner = InductiveMiner(noise_threshold=0.2).fit(log)    # doctest: +SKIP
>>> miner.bpmn_.save("model.bpmn"); miner.petri_net_.to_pnml("model.pnml")  # doctest: +SKIP
>>> evaluate(miner, log)                                    # doctest: +SKIP
>>> SplitMiner(eta=0.4, epsilon=0.1).fit(log).bpmn_.save("simple.bpmn")  # doctest: +SKIP
"""

from sagsflow.discovery.choice import MinerName, make_miner, miner_params
from sagsflow.discovery.export import BpmnModel, layout_bpmn, read_pnml, write_pnml
from sagsflow.discovery.footprints import FootprintQuality, footprint_quality
from sagsflow.discovery.miner import (
    InductiveMiner,
    PetriNetModel,
    discover_bpmn,
    discover_petri_net,
    discover_process_tree,
    log_variants,
)
from sagsflow.discovery.quality import ModelQuality, alignment_fitness, alignment_precision, evaluate
from sagsflow.discovery.split_miner import SplitMiner, SplitMinerError, SplitMinerUnavailableError

__all__ = [
    "BpmnModel",
    "FootprintQuality",
    "InductiveMiner",
    "MinerName",
    "ModelQuality",
    "PetriNetModel",
    "SplitMiner",
    "SplitMinerError",
    "SplitMinerUnavailableError",
    "alignment_fitness",
    "alignment_precision",
    "discover_bpmn",
    "discover_petri_net",
    "discover_process_tree",
    "evaluate",
    "footprint_quality",
    "layout_bpmn",
    "log_variants",
    "make_miner",
    "miner_params",
    "read_pnml",
    "write_pnml",
]
