"""WB subjects as the sheet and the validator see them: characteristics plus their value lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from engine.drafts import CharcSpec, CharcType, Directories, SubjectSpec

# WB's API says which characteristics take a dictionary only by their names.
DICTIONARY_BY_NAME = {
    "цвет": "colors",
    "пол": "kinds",
    "страна производства": "countries",
    "сезон": "seasons",
    "ставка ндс": "vat",
    "тнвэд": "tnved",
    "тн вэд": "tnved",
}


def dictionary_values(name: str, subject_id: int, directories: Directories) -> tuple[str, ...]:
    if name == "tnved":
        return directories.tnved.get(subject_id, ())
    values: tuple[str, ...] = getattr(directories, name, ())
    return values


def build_subject_spec(
    subject_id: int,
    subject_name: str,
    parent_name: str,
    charcs: Iterable[Mapping[str, object]],
    directories: Directories,
) -> SubjectSpec:
    """A spec from ``object/charcs`` items (wire field names) and the directories."""
    specs: list[CharcSpec] = []
    for raw in charcs:
        charc_type = int(str(raw.get("charcType", 1)))
        if charc_type not in (CharcType.STRING_LIST, CharcType.NUMBER):
            continue  # 0: WB says the characteristic is not used
        name = str(raw.get("name", "")).strip()
        dictionary_name = DICTIONARY_BY_NAME.get(name.casefold(), "")
        specs.append(
            CharcSpec(
                charc_id=int(str(raw["charcID"])),
                name=name,
                charc_type=CharcType(charc_type),
                unit=str(raw.get("unitName") or ""),
                max_count=int(str(raw.get("maxCount") or 0)),
                required=bool(raw.get("required")),
                required_for_create=bool(raw.get("isRequiredForCreate")),
                dictionary=dictionary_values(dictionary_name, subject_id, directories) if dictionary_name else (),
                dictionary_name=dictionary_name,
                variable=bool(raw.get("isVariable")),
            )
        )
    return SubjectSpec(subject_id, subject_name, parent_name, tuple(specs))
