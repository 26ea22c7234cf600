"""The analyst's decisions on a year's responses, kept in the year's `manifest.json`.

A response that cannot be published as it is (refused, or breaking a rule) blocks its
year. The analyst may set it aside, explicitly and with a reason (`pipeline.py enquete
ecarter`), and take it back (`enquete reprendre`): the decision is written into the year
folder's manifest, under `reponses_ecartees`, so that it travels with the raw data and is
part of what the gate checks. A chamber set aside gives no row to any dataset that year;
every page says so (« réponse écartée »), never zeros.

    "reponses_ecartees": {"53": {"motif": "ETP saisis en pourcentage", "le": "2012-04-02"}}
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from .. import config, files
from .table import InputError

KEY = "reponses_ecartees"
MAX_REASON = 300  # characters: a reason is one sentence, shown on the year's pages


@dataclass(frozen=True)
class SetAside:
    code: str
    reason: str
    day: str  # ISO date of the decision

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.day)


def _manifest(year_dir: Path) -> tuple[Path, dict]:
    path = Path(year_dir) / config.MANIFEST_NAME
    if not path.is_file():
        return path, {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(path, f"JSON illisible ({exc})") from None
    if not isinstance(document, dict):
        raise InputError(path, "un objet JSON { … } est attendu")
    return path, document


def read(year_dir: Path) -> dict[str, SetAside]:
    """The chambers whose response is set aside this year, by code."""
    return _decisions(*_manifest(year_dir))


def _decisions(path: Path, document: dict) -> dict[str, SetAside]:
    found = document.get(KEY, {})
    if not isinstance(found, dict):
        raise InputError(path, f"{KEY} : un objet {{code : {{motif, le}}}} est attendu")
    decisions = {}
    for code, entry in found.items():
        reason = entry.get("motif") if isinstance(entry, dict) else None
        day = entry.get("le") if isinstance(entry, dict) else None
        try:
            dt.date.fromisoformat(str(day))
        except ValueError:
            day = None
        if not isinstance(reason, str) or not reason.strip() or day is None:
            raise InputError(
                path,
                f"{KEY}, chambre {code} : « motif » (texte) et « le » (date AAAA-MM-JJ) attendus",
            )
        decisions[str(code)] = SetAside(str(code), " ".join(reason.split()), str(day))
    return decisions


def set_aside(year_dir: Path, code: str, reason: str, day: dt.date) -> SetAside:
    """Record that chamber `code`'s response is set aside (replacing an earlier decision)."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValueError("le motif est obligatoire : il est publié avec la décision")
    if len(reason) > MAX_REASON:
        raise ValueError(f"motif trop long ({len(reason)} caractères, {MAX_REASON} au plus)")
    path, document = _manifest(year_dir)
    _decisions(path, document)  # a manifest whose decisions are unreadable is not rewritten
    document[KEY] = {**document.get(KEY, {}), code: {"motif": reason, "le": day.isoformat()}}
    files.write_json(path, document)  # keys sorted: the same decisions give the same bytes
    return SetAside(code, reason, day.isoformat())


def take_back(year_dir: Path, code: str) -> bool:
    """Forget the decision on chamber `code`; False when there was none."""
    path, document = _manifest(year_dir)
    if code not in _decisions(path, document):
        return False
    decisions = {c: d for c, d in document[KEY].items() if c != code}
    if decisions:
        document[KEY] = decisions
    else:
        del document[KEY]
    files.write_json(path, document)
    return True
