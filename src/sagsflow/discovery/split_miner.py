"""Split Miner: simple, precise BPMN models, discovered by the reference implementation.

Split Miner (Augusto, Conforti, Dumas, La Rosa, Polyvyanyy: "Split miner: automated discovery of accurate
and simple business process models from event logs", Knowledge and Information Systems 59, 2019) filters the
directly-follows graph with a frequency percentile ``eta`` (η), detects concurrency with the threshold
``epsilon`` (ε), and discovers the splits and joins of a BPMN model, with inclusive (OR) joins only where no
exclusive or parallel join fits. Its models are usually far smaller and more precise than the inductive
miner's, but not sound by construction: :class:`SplitMiner` checks each model (its Petri net must be able to
reach its end) and keeps the inductive miner (:class:`~sagsflow.discovery.InductiveMiner`) as the
sound-by-construction option.

Sagsflow runs the reference implementation, version 1.7.1, as a separate Java program. Its jar ships inside
the ``simod`` wheel on PyPI (``simod/control_flow/lib/split-miner-1.7.1-all.jar``); ``make install`` takes it
from there (checksum :data:`JAR_SHA256`) into ``.venv/share/sagsflow/`` without installing simod itself, and
installs a Java runtime (Debian's ``default-jre-headless``) when ``java`` is missing. Elsewhere point
``SAGSFLOW_SPLIT_MINER_JAR`` at the jar and ``SAGSFLOW_JAVA`` (or ``JAVA_HOME``/``PATH``) at Java 11 or later.

Split Miner 1.7.1 draws a different model on each run of the same log (its graph elements are identified by random
UUIDs and kept in hash sets keyed by them). Sagsflow runs it through a small launcher (``SeededSplitMiner.java``,
shipped with this module, compiled once with the Java runtime's own compiler module into
``$SAGSFLOW_HOME/cache/``) that seeds the Split Miner JVM's random source, and writes the variants in one fixed
order, so the same variants, parameters and ``seed`` give the same model (:attr:`SplitMiner.reproducible_`).

Examples
--------
>>> from sagsflow.discovery import SplitMiner                   # doctest: +SKIP
>>> miner = SplitMiner(eta=0.4, epsilon=0.1).fit(log)           # doctest: +SKIP
>>> miner.bpmn_.save("model.bpmn"); miner.petri_net_            # doctest: +SKIP
PetriNetModel(places=38, transitions=47, arcs=104)
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

from sagsflow.errors import InvalidParameterError, LogFormatError, NotFittedError, SagsflowError

if TYPE_CHECKING:
    from sagsflow.conformance.model import ModelIssue
    from sagsflow.discovery.export import BpmnModel
    from sagsflow.discovery.miner import PetriNetModel
    from sagsflow.log import EventLog

#: the simod release whose wheel carries the jar, and the jar's name and SHA-256 in it
SIMOD_VERSION = "5.2.1"
JAR_NAME = "split-miner-1.7.1-all.jar"
JAR_SHA256 = "017d6f7e83ca7171376fc0e34f4ed36a85073aa85a279b9a6f115e2fa2e537de"

_INSTALL_HINT = ("Run `make install` in the Sagsflow checkout (it takes the jar from the simod wheel on PyPI), "
                 "or set SAGSFLOW_SPLIT_MINER_JAR to a copy of simod/control_flow/lib/" + JAR_NAME + " "
                 f"(e.g. `uv pip install --no-deps --target /tmp/simod simod=={SIMOD_VERSION}`).")


class SplitMinerUnavailableError(SagsflowError, RuntimeError):
    """Java or the Split Miner jar is missing, so Split Miner cannot run."""

    kind = "split-miner-unavailable"


class SplitMinerError(SagsflowError, RuntimeError):
    """Split Miner ran but gave no usable model (it failed, timed out, or its model cannot reach its end)."""

    kind = "split-miner-failed"


def find_jar() -> Path:
    """The Split Miner jar: ``$SAGSFLOW_SPLIT_MINER_JAR``, else ``<sys.prefix>/share/sagsflow/`` + :data:`JAR_NAME`.

    Raises
    ------
    SplitMinerUnavailableError
        Neither exists.
    """
    env = os.environ.get("SAGSFLOW_SPLIT_MINER_JAR")
    path = Path(env) if env else Path(sys.prefix) / "share" / "sagsflow" / JAR_NAME
    if not path.is_file():
        where = f"SAGSFLOW_SPLIT_MINER_JAR={env}" if env else str(path)
        raise SplitMinerUnavailableError(f"the Split Miner jar was not found ({where}).", hint=_INSTALL_HINT)
    return path


def find_java() -> str:
    """The ``java`` program: ``$SAGSFLOW_JAVA``, else ``$JAVA_HOME/bin/java``, else ``java`` on ``PATH``.

    Raises
    ------
    SplitMinerUnavailableError
        No Java runtime was found.
    """
    env = os.environ.get("SAGSFLOW_JAVA")
    home = os.environ.get("JAVA_HOME")
    candidates = [env] if env else ([str(Path(home) / "bin" / "java")] if home else []) + ["java"]
    for c in candidates:
        found = shutil.which(c)
        if found:
            return found
    raise SplitMinerUnavailableError(
        "Split Miner needs a Java runtime (11 or later), but no `java` program was found"
        + (f" (SAGSFLOW_JAVA={env})." if env else " on PATH."),
        hint="Install one, e.g. `apt-get install default-jre-headless` on Debian/Ubuntu (`make install` does "
             "this), or use the inductive miner, which needs no Java.")


def available() -> bool:
    """Whether Java and the jar are both there (so :class:`SplitMiner` can run)."""
    try:
        find_jar()
        find_java()
    except SplitMinerUnavailableError:
        return False
    return True


def write_xes(variants: Counter[tuple[str, ...]], path: Path) -> int:
    """Write the variants as a minimal XES log (activity names only; each variant once per case); returns
    the number of traces written. Empty traces are left out (Split Miner cannot read them).

    The variants are written in one fixed order (most cases first, then by their activities), whatever the
    order of ``variants``: Split Miner's model depends on the order of the traces it reads.

    :class:`SplitMiner` passes activity codes (``a0``, ``a1``, ...) rather than names, so that no name is
    changed on its way through Java and XML (whitespace, quotes, ``<``, ``&``, non-ASCII)."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" '
                 'xmlns="http://www.xes-standard.org/">\n'
                 '<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n')
        for acts, count in sorted(variants.items(), key=lambda kv: (-kv[1], kv[0])):
            if not acts or count <= 0:
                continue
            trace = "<trace>" + "".join(f'<event><string key="concept:name" value={quoteattr(a)}/></event>'
                                        for a in acts) + "</trace>\n"
            fh.write(trace * count)
            n += count
        fh.write("</log>\n")
    return n


#: the launcher that seeds Split Miner's random source (see the module docstring)
LAUNCHER = Path(__file__).with_name("SeededSplitMiner.java")


def launcher_classes(java: str, jar: Path) -> Path | None:
    """The compiled :data:`LAUNCHER` for ``java``: compiled once (with the runtime's ``jdk.compiler`` module,
    which Debian's ``default-jre-headless`` has) into ``$SAGSFLOW_HOME/cache/``; None when it cannot be
    compiled there (then :class:`SplitMiner` runs the jar directly, and its model is not reproducible)."""
    from sagsflow.store.workspace import default_home

    tag = hashlib.sha256(LAUNCHER.read_bytes() + os.path.realpath(java).encode()).hexdigest()[:16]
    out = default_home() / "cache" / f"split-miner-launcher-{tag}"
    if (out / "SeededSplitMiner.class").is_file():
        return out
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=".build-", dir=out.parent))
        try:
            proc = subprocess.run([java, "-m", "jdk.compiler/com.sun.tools.javac.Main", "-nowarn", "-d", str(build),
                                   "-cp", str(jar), str(LAUNCHER)], capture_output=True, text=True, timeout=300,
                                  check=False)
            if proc.returncode == 0 and (build / "SeededSplitMiner.class").is_file():
                os.replace(build, out)  # atomic; another process may have been first, which is as good
        finally:
            shutil.rmtree(build, ignore_errors=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out if (out / "SeededSplitMiner.class").is_file() else None


def _check_unit(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or not 0.0 <= value <= 1.0:
        raise InvalidParameterError(f"The {name!r} parameter of SplitMiner must be a float in [0, 1]. "
                                    f"Got {value!r} instead.", field=name,
                                    hint="Split Miner's defaults are eta=0.4 and epsilon=0.1.")
    return float(value)


class SplitMiner:
    """Discover a simple, precise BPMN model with Split Miner (reference implementation 1.7.1, run in Java).

    .. versionadded:: 0.2

    Parameters
    ----------
    eta : float, default 0.4
        Frequency percentile η of the directly-follows filter, in ``[0, 1]``: higher keeps fewer arcs (only
        the most frequent paths); 0 keeps every arc on which some case travels.
    epsilon : float, default 0.1
        Parallelism threshold ε, in ``[0, 1]``: two activities that directly follow each other in both orders,
        with the relative difference of the two frequencies below ε, are read as concurrent; 0 finds no
        concurrency, higher values find more.
    parallelism_first : bool, default False
        Discover parallel splits before exclusive ones.
    replace_ors : bool, default True
        Replace the inclusive (OR) gateways with exclusive or parallel ones where the model stays sound (Split
        Miner's ``--replaceIORs``): such models align many times faster. A model that fails the soundness check
        that way is drawn again with its OR gateways kept, and ``issues_`` starts with a warning saying so.
        False keeps them.
    timeout : float, default 120.0
        Seconds Split Miner may run before it is stopped.
    seed : int or None, default 0
        Seed of the Split Miner JVM's random source: the same variants, parameters and seed give the same model
        (another seed may give another model of the same quality). None runs Split Miner unseeded, as the
        reference jar does, drawing another model on each run.

    Attributes
    ----------
    bpmn_ : BpmnModel
        The model as BPMN 2.0 with diagram interchange (Sagsflow's layout).
    bpmn_xml_ : str
        ``bpmn_`` as BPMN 2.0 XML.
    petri_net_ : PetriNetModel
        The BPMN model as an accepting Petri net (for alignments and conformance).
    issues_ : tuple of ModelIssue
        What the BPMN to Petri net translation had to approximate (inclusive gateways).
    sound_ : bool
        True when the net passed the soundness check (its end can be reached from its start); fit raises
        :class:`SplitMinerError` otherwise, so a fitted miner always has ``sound_ = True``.
    n_variants_, n_cases_ : int
    fit_seconds_ : float
        Wall time of the fit, including Java's start-up.
    reproducible_ : bool
        True when Split Miner ran seeded, so fitting the same variants again gives the same model (False with
        ``seed=None``, or when the launcher could not be compiled: a warning in ``issues_`` says so).

    Examples
    --------
    >>> miner = SplitMiner().fit(log)        # doctest: +SKIP
    >>> miner.bpmn_.n_gateways               # doctest: +SKIP
    12
    """

    def __init__(self, *, eta: float = 0.4, epsilon: float = 0.1, parallelism_first: bool = False,
                 replace_ors: bool = True, timeout: float = 120.0, seed: int | None = 0) -> None:
        self.eta = eta
        self.epsilon = epsilon
        self.parallelism_first = parallelism_first
        self.replace_ors = replace_ors
        self.timeout = timeout
        self.seed = seed

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"eta": self.eta, "epsilon": self.epsilon, "parallelism_first": self.parallelism_first,
                "replace_ors": self.replace_ors, "timeout": self.timeout, "seed": self.seed}

    def set_params(self, **params: Any) -> SplitMiner:
        for key, value in params.items():
            if key not in self.get_params():
                raise InvalidParameterError(
                    f"SplitMiner has no parameter {key!r}. Allowed: {sorted(self.get_params())}.", field=key)
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        return f"SplitMiner(eta={self.eta!r}, epsilon={self.epsilon!r})"

    def fit(self, log: EventLog) -> SplitMiner:
        """Discover the model from ``log`` (any filtered :class:`~sagsflow.EventLog`); returns self."""
        from sagsflow.discovery.miner import log_variants

        self._validate()
        start = time.perf_counter()
        variants = log_variants(log)
        if not variants:
            raise InvalidParameterError(
                f"Cannot discover a process model from log {log.name!r}: it has no cases.",
                hint="Check the filters applied to the log (log.explain()) or import events first.")
        return self._fit(variants, start)

    def fit_variants(self, variants: Counter[tuple[str, ...]]) -> SplitMiner:
        """Discover the model from variant counts ``{(activity, ...): n_cases}``; returns self."""
        self._validate()
        if not variants or not any(acts and c > 0 for acts, c in variants.items()):
            raise InvalidParameterError("Cannot discover a process model from no variants.",
                                        hint="Pass at least one non-empty activity sequence with a count > 0.")
        return self._fit(Counter(variants), time.perf_counter())

    def _validate(self) -> None:
        _check_unit("eta", self.eta)
        _check_unit("epsilon", self.epsilon)
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, int | float) or not self.timeout > 0:
            raise InvalidParameterError(f"'timeout' must be a positive number of seconds. Got {self.timeout!r}.",
                                        field="timeout")
        if self.seed is not None and (isinstance(self.seed, bool) or not isinstance(self.seed, int)
                                      or not -(2 ** 63) <= self.seed < 2 ** 63):
            raise InvalidParameterError(f"'seed' must be an integer (a Java long) or None. Got {self.seed!r}.",
                                        field="seed")

    def _command(self, java: str, jar: Path, xes: Path, out: Path, replace_ors: bool,
                 launcher: Path | None = None) -> list[str]:
        # a launcher is compiled only when a seed is set (see _fit)
        run = (["-jar", str(jar)] if launcher is None else
               [f"-Dsagsflow.seed={int(self.seed or 0)}", "-cp", f"{jar}{os.pathsep}{launcher}", "SeededSplitMiner"])
        cmd = [java, "-Djava.awt.headless=true", *run, f"--logPath={xes}", f"--outputPath={out}",
               f"--eta={float(self.eta)}", f"--epsilon={float(self.epsilon)}",
               "--removeLoopActivityMarkers"]  # self-loops as explicit loops: every BPMN reader knows those
        if self.parallelism_first:
            cmd.append("--parallelismFirst")
        if replace_ors:
            cmd.append("--replaceIORs")
        return cmd

    def _run(self, java: str, jar: Path, xes: Path, out: Path, replace_ors: bool, launcher: Path | None) -> str:
        """Run Split Miner once; the BPMN XML it wrote."""
        try:
            proc = subprocess.run(self._command(java, jar, xes, out, replace_ors, launcher), capture_output=True,
                                  text=True,
                                  timeout=float(self.timeout), check=False, cwd=xes.parent)
        except subprocess.TimeoutExpired as exc:
            raise SplitMinerError(f"Split Miner did not finish within {self.timeout:g} s.",
                                  hint="Raise eta (fewer arcs) or the timeout, or filter the log.") from exc
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = [ln for ln in (proc.stderr + proc.stdout).splitlines()
                    if ln.strip() and not ln.startswith("Unknown extension")][-6:]
            raise SplitMinerError(
                f"Split Miner gave no model (exit code {proc.returncode}). Its last messages:\n"
                + "\n".join(f"  {ln}" for ln in tail),
                hint="Java 11 or later is needed; check `java -version`. Try other eta/epsilon values.")
        return out.read_text(encoding="utf-8")

    def _fit(self, variants: Counter[tuple[str, ...]], start: float) -> SplitMiner:
        from pm4py.objects.bpmn.importer.variants import lxml as bpmn_importer

        from sagsflow.conformance.bpmn import read_bpmn
        from sagsflow.conformance.model import ModelIssue
        from sagsflow.discovery.export import BpmnModel

        jar, java = find_jar(), find_java()
        names = sorted({a for acts in variants for a in acts})
        code = {a: f"a{i}" for i, a in enumerate(names)}
        name_of = {c: a for a, c in code.items()}
        coded = Counter({tuple(code[a] for a in acts): c for acts, c in variants.items()})
        # a model with its inclusive (OR) gateways replaced aligns many times faster (Sepsis: 7 against 52 CPU s
        # for the 100 most frequent variants), but replacing them can make it unsound: then it is drawn once more
        # with them kept (sound far more often, docs/discovery.md), and says so
        attempts = (True, False) if self.replace_ors else (False,)
        first: LogFormatError | None = None
        unseeded: tuple[ModelIssue, ...] = ()
        launcher = launcher_classes(java, jar) if self.seed is not None else None
        if self.seed is not None and launcher is None:
            unseeded = (ModelIssue("warning", "process", None, None, None,
                                   "Split Miner ran unseeded (its launcher could not be compiled: the Java runtime "
                                   "has no jdk.compiler module, or $SAGSFLOW_HOME/cache is not writable), so another "
                                   "run may draw another model"),)
        with tempfile.TemporaryDirectory(prefix="sagsflow-splitminer-") as tmp:
            xes, out = Path(tmp) / "log.xes", Path(tmp) / "model.bpmn"
            write_xes(coded, xes)
            for attempt, replace in enumerate(attempts):
                out.unlink(missing_ok=True)
                xml = self._run(java, jar, xes, out, replace, launcher)
                try:
                    reference = read_bpmn(out)
                    break
                except LogFormatError as exc:
                    if attempt == len(attempts) - 1:
                        also = "" if first is None else (
                            f" with its inclusive gateways replaced ({_reason(first, out)}) and also with them kept")
                        raise SplitMinerError(
                            f"Split Miner's model (eta={self.eta}, epsilon={self.epsilon}) failed the soundness "
                            f"check{also}: {_without_file(exc, out)}",
                            hint="Try another epsilon or the inductive miner (sound by construction).") from exc
                    first = exc
        why = "" if first is None else _reason(first, out)
        fallback: tuple[ModelIssue, ...] = unseeded + (() if first is None else (ModelIssue(
            "warning", "inclusiveGateway", None, None, None,
            f"Split Miner's model with its inclusive (OR) gateways replaced failed the soundness check ({why}); "
            "this model keeps them (as replace_ors=False would)"),))
        for t in reference.petri_net.net.transitions:
            if t.label is not None:
                t.label = name_of[t.label]
        bpmn = bpmn_importer.import_from_string(xml.encode("utf-8"))
        for node in bpmn.get_nodes():
            if node.get_name() in name_of:
                node.set_name(name_of[node.get_name()])
        self.bpmn_: BpmnModel = BpmnModel(bpmn)
        self.bpmn_xml_ = self.bpmn_.to_xml()
        self.petri_net_: PetriNetModel = reference.petri_net
        self.issues_: tuple[ModelIssue, ...] = fallback + reference.issues
        self.replaced_ors_ = bool(replace)
        self.reproducible_ = launcher is not None
        self.sound_ = True
        self.n_variants_ = len(variants)
        self.n_cases_ = int(sum(variants.values()))
        self.fit_seconds_ = time.perf_counter() - start
        return self

    def __getattr__(self, name: str) -> Any:
        if name.endswith("_") and not name.startswith("__") and name in _LEARNED:
            raise NotFittedError(f"This SplitMiner instance is not fitted yet: {name} is set by fit.",
                                 hint="Call fit(log) first, e.g. SplitMiner().fit(log).")
        raise AttributeError(name)


def _without_file(exc: LogFormatError, out: Path) -> str:
    """The soundness check's message without the temporary file's name."""
    return exc.message.removeprefix(f"{out}: ")


def _reason(exc: LogFormatError, out: Path) -> str:
    """The soundness check's verdict in a few words."""
    return _without_file(exc, out).split(":")[0]


_LEARNED = frozenset({"bpmn_", "bpmn_xml_", "petri_net_", "issues_", "sound_", "n_variants_", "n_cases_",
                      "fit_seconds_", "replaced_ors_", "reproducible_"})
