"""What happened to each page of a build, in words for the analyst's terminal."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    BUILT = "built"  # executed and rendered
    RENDERED = "rendered"  # re-rendered from a cached executed notebook
    REUSED = "reused"  # taken from the cache as it was
    FAILED = "failed"
    SKIPPED = "skipped"  # cancelled after another page failed

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Status.BUILT: "construit",
    Status.RENDERED: "remis en page",
    Status.REUSED: "réutilisé",
    Status.FAILED: "échec",
    Status.SKIPPED: "annulé",
}


@dataclass
class Outcome:
    page: str
    status: Status
    seconds: float = 0.0
    reasons: list[str] = field(default_factory=list)
    error: str | None = None


def line(year: int | None, outcome: Outcome) -> str:
    """The progress line of one page (of a year, or of the site: the dashboard)."""
    where = f"{year}/{outcome.page}" if year is not None else outcome.page
    return f"  {where:<33} {outcome.status.label:<14} {outcome.seconds:6.1f} s"


def summary(outcomes_by_year: dict[int, list[Outcome]], seconds: float) -> list[str]:
    """The closing table: per year, how many pages were built, reused, failed."""
    head = f"{'année':<6}" + "".join(f"{s.label:>15}" for s in Status) + f"{'temps':>10}"
    lines = [head]
    for year, outcomes in sorted(outcomes_by_year.items()):
        counts = [sum(o.status == s for o in outcomes) for s in Status]
        spent = sum(o.seconds for o in outcomes)
        lines.append(f"{year:<6}" + "".join(f"{c:>15}" for c in counts) + f"{spent:>9.1f}s")
    lines.append(f"durée totale : {seconds:.1f} s")
    return lines
