"""Kept rule results per dataset: reused while nothing the dataset's verdict depends on changed.

A dataset's rule results are a function of its file (name and bytes), its suite
(`expectations/<dataset>.json`), the suite parameters it was checked with (year,
valid region codes, the chambers listed in `cres`), the code that reads and checks
files, the reference regions and the locked dependencies (Great Expectations'
version). `dataset_key` digests exactly that; the keys of the last check are kept
in the year's results (`fingerprint["datasets"]`). When only `finances.csv`
changed, only the finances suite runs again; when `cres.csv` changes the list of
chambers, the parameters of every suite change and all of them run again.

A dataset whose rules are reused is not even read again when the processed table
written from that very file is at hand, as it was written (`processed/<year>/sources.json`
names each table's file and digest, the table's own digest, and the code that read and
wrote it), and the year folder
holds the same files and folders as at the last check (a new `rh.xlsx` beside
`rh.csv` is read, and refused, as in a full check): its kept entry and its
processed table stand for it (`readable_elsewhere`). The survey's datasets come
from one collection of workbooks: the chamber datasets of a year with responses are
left unread only all together, when no workbook and not `cres` changed and the
collection refused none. Stdlib only: no Great Expectations here.
"""

from __future__ import annotations

from pathlib import Path

from .. import config, digests
from .fingerprint import code_digest
from .results import DatasetResult, RuleResult, YearResults


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
        self,
        previous: YearResults | None,
        raw: dict[str, str],
        expectations_dir: Path | None,
        *,
        folders: list[str] | None = None,
        processed: dict[str, dict] | None = None,
    ):
        self.previous = previous
        self.raw = raw
        self.expectations_dir = Path(expectations_dir or config.EXPECTATIONS_DIR)
        self.keys: dict[str, str] = {}  # dataset → key of the rules now in the results
        self.reused: list[str] = []
        self.checked: list[str] = []
        # The year folder's sub-folders now (None: unknown, nothing is left unread), and the
        # files of the processed tables at hand, when written by the code reading them now.
        self.folders = folders
        self.processed = processed or {}

    def key(self, dataset: str, file_name: str, parameters: dict) -> str:
        suite = digests.digest_file(self.expectations_dir / f"{dataset}.json")
        if file_name.endswith("/"):  # the survey's responses folder: every workbook in it,
            # and the manifest (the responses set aside: ingest/decisions.py)
            inside = {
                k: v
                for k, v in self.raw.items()
                if k.startswith(file_name) or k == config.MANIFEST_NAME
            }
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

    def previous_entry(self, dataset: str) -> DatasetResult | None:
        previous = self.previous
        if previous is None:
            return None
        return next((d for d in previous.datasets if d.dataset == dataset), None)

    def same_folder(self) -> bool:
        """The year folder holds the same files and sub-folders as at the last check."""
        before = ((self.previous.fingerprint or {}).get("year") or {}) if self.previous else {}
        return (
            self.folders is not None
            and before.get("folders") == self.folders
            and set(before.get("raw") or {}) == set(self.raw)
        )

    def kept_network(self) -> dict[str, str] | None:
        """The chambers read from `cres` at the last check (valid while `cres` is unchanged)."""
        network = self.previous.network if self.previous else None
        return dict(network) if network is not None else None

    def readable_elsewhere(self, dataset: str, parameters: dict) -> DatasetResult | None:
        """The kept entry standing for `dataset` unread, or None when it must be read.

        Its rules must be reusable (same key: file name and bytes, suite, parameters, code…),
        the folder must hold the same files, and the processed table at hand must have been
        written from the same file by the same code. Not counted as reused here: the rules
        are taken by `rules` as for a dataset read.
        """
        entry = self.previous_entry(dataset)
        if entry is None or entry.error is not None or not entry.file or not self.same_folder():
            return None
        if self.processed.get(dataset) != {"file": entry.file, "sha256": entry.sha256}:
            return None
        kept = ((self.previous.fingerprint or {}).get("datasets") or {}) if self.previous else {}
        if kept.get(dataset) != self.key(dataset, entry.file, parameters):
            return None
        return entry
