"""The shapes everything else shares: severities, locations, input problems, causes, findings.

A claim itself is a ``reconcile.claim.Claim``; findings refer to claims by id.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[str(text).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Problem:
    """Unusable input: the run cannot trust its claims until this is fixed (exit 2)."""

    location: Location
    code: str
    message: str
    hint: str = ""
    name: str = ""  # the kebab-case name of the code in reconcile.problems, when made from the catalogue

    def __str__(self) -> str:
        text = f"{self.location}: {self.code} {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def as_record(self) -> dict[str, Any]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Cause:
    """Why two figures likely differ, how sure we are, and what points there."""

    label: str  # one of CAUSES
    confidence: str  # high, medium, low
    evidence: list[str] = field(default_factory=list)

    def as_record(self) -> dict[str, Any]:
        return {"label": self.label, "confidence": self.confidence, "evidence": list(self.evidence)}


CAUSES = {
    "different-period": "the figures refer to different periods",
    "different-scope": "the figures cover different scopes (goods vs goods and services, a product subset)",
    "different-source": "the figures come from different data sources or methods (e.g. OEC mirror data vs Census)",
    "revision": "a later vintage of the same statistic",
    "different-basis": "the same statistic compiled on another basis (Census basis vs balance of payments)",
    "different-adjustment": "the same statistic seasonally adjusted vs not adjusted",
    "wrong-metric": "the figure is another metric of the same partner (imports for exports, goods and services for goods)",
    "wrong-period": "the figure is the official figure for another period (the prior year, a month of the year)",
    "wrong-partner": "the figure is the official figure for another partner",
    "rounding": "the difference is within rounding",
    "scale-slip": "a unit or scale slip (million vs billion)",
    "sign": "a dropped or flipped sign (deficit written as surplus)",
    "alias": "the same entity under another name",
    "transcription": "a typo: transposed, dropped or repeated digits",
    "copy-paste": "values copied from another row or period",
    "arithmetic": "the stated figures do not add up",
    "unexplained": "no benign explanation fits: at least one figure is wrong",
}


@dataclass
class Finding:
    """What a rule found. The rule fills what it knows; the engine stamps the rest after the rule ran
    (severity from the configuration, the location of the first claim, the fingerprint).

    Its claims are of two kinds: the subject, the claims the finding is about (the two figures
    that conflict, the rank that is outranked, the stated figure an identity breaks), and the
    context, claims the rule consulted as evidence (the competitors ahead of a rank, another
    source's level a growth rate was checked against). Only the subject is fingerprinted, so
    transcribing new documents never moves an accepted finding whose figures did not change.
    """

    code: str
    name: str
    message: str
    claims: list[str]  # every claim referred to, the subject first; the first one is where the finding is reported
    cause: Cause | None = None
    details: dict[str, Any] = field(default_factory=dict)  # figures a reader may want (shown in reports)
    location: Location | None = None  # set by the rule only when no claim carries the finding (a source block)
    key: str = ""  # tells apart findings on the same claims (a ranking, a document line): part of the fingerprint
    soften: bool = False  # rests on other sources' figures: reported one severity milder than configured
    context: list[str] = field(default_factory=list)  # of the claims, those only consulted as evidence
    severity: Severity | None = None  # stamped by the engine
    fingerprint: str = ""  # stamped by the engine
    accepted: bool = False
    accepted_reason: str = ""

    @property
    def subject(self) -> list[str]:
        """The claims the finding is about, in order: every claim that is not context."""
        context = set(self.context)
        return [c for c in self.claims if c not in context]

    def compute_fingerprint(self, literals: dict[str, str]) -> str:
        """Stable across runs: the rule, the subject claims and their published values, the key.

        The values are part of it so that an accepted discrepancy comes back when
        someone edits one of its figures; context claims are not, so that it does not
        come back when someone adds a competitor or another source's figure.
        """
        subject = self.subject
        key = {
            "code": self.code,
            "claims": sorted(subject),
            "values": sorted(f"{cid}={literals.get(cid, '')}" for cid in subject),
            "where": str(self.location) if self.location and not self.claims else "",
            "key": self.key,
        }
        digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
        self.fingerprint = digest[:16]
        return self.fingerprint
