"""Kept rule results per dataset: reused while nothing the dataset's verdict depends on changed.

A dataset's rule results are a function of its file (name and bytes), its suite
(`expectations/<dataset>.json`), the suite parameters it was checked with (year,
valid region codes, the chambers listed in `cres`), the code that reads and checks
files, the reference regions and the locked dependencies (Great Expectations'
version). `dataset_key` digests exactly that; the keys of the last check are kept
in the year's results (`fingerprint["datasets"]`). When only `finances.csv`
changed, only the finances suite runs again; when `cres.csv` changes the list of
chambers, the parameters of every suite change and all of them run again.

Reading the files is never skipped (it is cheap, and a read error depends on the
whole folder): only the suites are. Stdlib only: no Great Expectations here.
"""

from __future__ import annotations

from pathlib import Path

from .. import config, digests
from .fingerprint import code_digest
from .results import RuleResult, YearResults


def dataset_key(
    dataset: str, file_name: str, file_digest: str, suite_digest: str, parameters: dict
) -> str:
    """Everything a dataset's rule results depend on, as one digest."""
    return digests.digest_json(
        {
            "dataset": dataset,
            "file": file_name,
            "file_sha256": file_digest,
            "suite": suite_digest,
            "parameters": parameters,
            "code": code_digest(),
            "reference": digests.digest_file(config.REFERENCE_REGIONS),
            "dependencies": digests.deps_digest(),
        }
    )


class Kept:
    """The previous check of a year, offering each dataset's rules back when its key is unchanged.

    `raw` maps each file of the raw folder to its digest, taken BEFORE the files
    are read: a file edited during the check gets a new key at the next run.
    """

    def __init__(
        self, previous: YearResults | None, raw: dict[str, str], expectations_dir: Path | None
    ):
        self.previous = previous
        self.raw = raw
        self.expectations_dir = Path(expectations_dir or config.EXPECTATIONS_DIR)
        self.keys: dict[str, str] = {}  # dataset → key of the rules now in the results
        self.reused: list[str] = []
        self.checked: list[str] = []

    def key(self, dataset: str, file_name: str, parameters: dict) -> str:
        suite = digests.digest_file(self.expectations_dir / f"{dataset}.json")
        if file_name.endswith("/"):  # the survey's responses folder: every workbook in it
            inside = {k: v for k, v in self.raw.items() if k.startswith(file_name)}
            file_digest = digests.digest_json(inside)
        else:
            file_digest = self.raw.get(file_name, digests.ABSENT)
        self.keys[dataset] = dataset_key(dataset, file_name, file_digest, suite, parameters)
        return self.keys[dataset]

    def rules(self, dataset: str, file_name: str, parameters: dict) -> list[RuleResult] | None:
        """The kept rules of `dataset` if they were computed from the same inputs; else None."""
        key = self.key(dataset, file_name, parameters)
        previous = self.previous
        kept = ((previous.fingerprint or {}).get("datasets") or {}) if previous else {}
        if previous is None or kept.get(dataset) != key:
            self.checked.append(dataset)
            return None
        entry = next((d for d in previous.datasets if d.dataset == dataset), None)
        if entry is None or entry.error is not None:
            self.checked.append(dataset)
            return None
        self.reused.append(dataset)
        return entry.rules
