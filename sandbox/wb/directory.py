"""WB's reference data as the emulator serves it: subjects, characteristics, directories, warehouses.

Read once per app from ``samples/wb/*.json`` (format in the sandbox docs); a real
``GET /content/v2/object/all`` dump given as ``--wb-subjects`` replaces the subject list.
"""

from __future__ import annotations

import json
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sandbox.errors import SandboxError
from sandbox.paths import samples_dir

# Keys of ours in charcs.json that WB does not send.
PRIVATE_CHARC_KEYS = ("dictionary",)
CHARC_DEFAULTS: dict[str, Any] = {
    "required": False,
    "unitName": "",
    "maxCount": 0,
    "popular": False,
    "charcType": 1,
    "hasFilter": False,
    "isVariable": False,
    "existNamedField": False,
    "isRequiredForCreate": False,
}
COLOUR_CHARC_ID = 14177449
# Real WB ids; what every subject of a real dump without sample charcs gets, so any subject can take a card.
GENERIC_CHARCS: tuple[dict[str, Any], ...] = (
    {"charcID": COLOUR_CHARC_ID, "name": "Цвет", "maxCount": 5, "popular": True, "hasFilter": True,
     "isVariable": True, "dictionary": "colors"},
    {"charcID": 378533, "name": "Комплектация", "maxCount": 12},
    {"charcID": 14177451, "name": "Страна производства", "maxCount": 1, "dictionary": "countries"},
    {"charcID": 90849, "name": "Длина упаковки", "unitName": "см", "charcType": 4},
    {"charcID": 90745, "name": "Ширина упаковки", "unitName": "см", "charcType": 4},
    {"charcID": 90846, "name": "Высота упаковки", "unitName": "см", "charcType": 4},
    {"charcID": 88953, "name": "Вес с упаковкой (кг)", "unitName": "кг", "charcType": 4},
)


class DirectoryError(SandboxError):
    """Sample data that cannot be read."""


@dataclass(frozen=True)
class Charc:
    """One characteristic of one subject, with the directory that constrains its values."""

    charc_id: int
    name: str
    charc_type: int
    max_count: int
    required: bool
    required_for_create: bool
    variable: bool
    dictionary: str | None
    public: dict[str, Any]


@dataclass
class Directory:
    parents: list[dict[str, Any]] = field(default_factory=list)
    subjects: list[dict[str, Any]] = field(default_factory=list)
    charcs: dict[int, list[Charc]] = field(default_factory=dict)
    directories: dict[str, Any] = field(default_factory=dict)
    offices: list[dict[str, Any]] = field(default_factory=list)
    warehouses: list[dict[str, Any]] = field(default_factory=list)
    _subject_by_id: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Moderation asks for the same dictionary for every card; keyed by the entries list it was built from.
    _allowed: dict[tuple[str, int], tuple[object, frozenset[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._subject_by_id = {int(s["subjectID"]): s for s in self.subjects}

    def subject(self, subject_id: int) -> dict[str, Any] | None:
        return self._subject_by_id.get(subject_id)

    def charcs_of(self, subject_id: int) -> list[Charc]:
        """Sample charcs of the subject, else the generic set (empty for an unknown subject)."""
        subject = self.subject(subject_id)
        if subject is None:
            return []
        found = self.charcs.get(subject_id)
        if found is not None:
            return found
        return [_charc(dict(raw), subject) for raw in GENERIC_CHARCS]

    def allowed_values(self, dictionary: str, subject_id: int) -> AbstractSet[str] | None:
        """Allowed values of a dictionary (matched exactly, as WB does), or None when it constrains nothing."""
        entries = self.directories.get(dictionary)
        if dictionary == "tnved" and isinstance(entries, dict):
            entries = entries.get(str(subject_id))
        if not isinstance(entries, list) or not entries:
            return None
        key = (dictionary, subject_id if dictionary == "tnved" else 0)
        cached = self._allowed.get(key)
        if cached is not None and cached[0] is entries:
            return cached[1]
        values: set[str] = set()
        for entry in entries:
            if isinstance(entry, dict):
                text = entry.get("name", entry.get("tnved"))
                if text is not None:
                    values.add(str(text))
            else:
                values.add(str(entry))
        found = frozenset(values)
        self._allowed[key] = (entries, found)
        return found


def _charc(raw: dict[str, Any], subject: dict[str, Any]) -> Charc:
    public = dict(raw)
    for key, default in CHARC_DEFAULTS.items():
        public.setdefault(key, default)
    public["subjectID"] = int(subject["subjectID"])
    public["subjectName"] = str(subject["subjectName"])
    dictionary = public.get("dictionary")
    for key in PRIVATE_CHARC_KEYS:
        public.pop(key, None)
    return Charc(
        charc_id=int(public["charcID"]),
        name=str(public["name"]),
        charc_type=int(public["charcType"]),
        max_count=int(public["maxCount"]),
        required=bool(public["required"]),
        required_for_create=bool(public["isRequiredForCreate"]),
        variable=bool(public["isVariable"]),
        dictionary=str(dictionary) if dictionary else None,
        public=public,
    )


def _read(path: Path, default: Any) -> Any:
    if not path.is_file():
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DirectoryError(f"cannot read {path}: {exc}") from exc


def _parents_of(subjects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[int, dict[str, Any]] = {}
    for s in subjects:
        seen.setdefault(int(s["parentID"]), {"id": int(s["parentID"]), "name": s["parentName"], "isVisible": True})
    return sorted(seen.values(), key=lambda p: int(p["id"]))


def load_directory(root: Path | None = None, subjects_file: Path | None = None) -> Directory:
    """Read ``root`` (default ``samples/wb``); a real subjects dump replaces the sample subjects."""
    base = root if root is not None else samples_dir() / "wb"
    parents: list[dict[str, Any]] = _read(base / "parents.json", [])
    subjects: list[dict[str, Any]] = _read(base / "subjects.json", [])
    if subjects_file is not None:
        dump = _read(Path(subjects_file), None)
        if not isinstance(dump, dict) or not isinstance(dump.get("data"), list):
            raise DirectoryError(f"{subjects_file} is not a GET /content/v2/object/all dump")
        subjects = dump["data"]
        parents = _parents_of(subjects)
    elif not parents:
        parents = _parents_of(subjects)
    by_id = {int(s["subjectID"]): s for s in subjects}
    raw_charcs: dict[str, list[dict[str, Any]]] = _read(base / "charcs.json", {})
    charcs = {
        int(sid): [_charc(dict(c), by_id[int(sid)]) for c in items]
        for sid, items in raw_charcs.items()
        if int(sid) in by_id
    }
    stores: dict[str, Any] = _read(base / "warehouses.json", {})
    return Directory(
        parents=parents,
        subjects=subjects,
        charcs=charcs,
        directories=_read(base / "directories.json", {}),
        offices=list(stores.get("offices", [])),
        warehouses=list(stores.get("warehouses", [])),
    )
