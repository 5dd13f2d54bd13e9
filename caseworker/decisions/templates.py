"""The standard texts of decision letters, as data: ``resources/decisions/standard.yaml``, overridden per
municipality by ``resources/decisions/municipalities/<id>.yaml`` (and, optionally, by a folder of the
municipality's own files with the same layout).

Texts carry ``{placeholders}`` filled from the case and the municipality's profile; an unknown
placeholder is an error when the templates are loaded, not a blank in a letter sent to a citizen.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from caseworker.domain.models import CaseType, DecisionOutcome

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "decisions"
PLACEHOLDERS = frozenset(
    {
        "municipality",
        "committee",
        "committee_lower",
        "appeal_body",
        "legal_ground",
        "registration_number",
        "meeting",
        "delegation_ref",
    }
)
# Verbs a letter must not use (DOMAIN.md: plain Swedish, "beviljas"/"avslås").
FORBIDDEN_WORDS = ("medges", "bifalls")


class TemplateError(ValueError):
    """The template files are missing, malformed, or use an unknown placeholder or a forbidden word."""


@dataclass(frozen=True)
class OutcomeTexts:
    """What the templates say for one case type and outcome (placeholders not yet filled)."""

    legal_ground: str
    decision: str
    conditions: tuple[str, ...]
    advisory_notes: tuple[str, ...]


@dataclass(frozen=True)
class Templates:
    """The loaded texts of one municipality."""

    data: Mapping[str, Any]

    def outcome(self, case_type: CaseType, outcome: DecisionOutcome) -> OutcomeTexts:
        group = self.data["case_types"][case_type.value]
        texts = self.data["groups"][group][outcome.value]
        return OutcomeTexts(
            legal_ground=str(texts.get("legal_ground", "")),
            decision=str(texts["decision"]),
            conditions=tuple(texts.get("conditions") or ()),
            advisory_notes=tuple(texts.get("advisory_notes") or ()),
        )

    @property
    def appeal_instructions(self) -> tuple[str, ...]:
        return tuple(self.data["appeal_instructions"])

    def distribution_label(self, kind: str) -> str:
        return str(self.data["distribution"][kind])

    @property
    def committee_decision(self) -> str:
        return str(self.data["committee_decision"])

    @property
    def delegation_decision(self) -> str:
        return str(self.data["delegation_decision"])


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with its placeholders replaced; a placeholder without a value is an error."""
    try:
        return text.format_map(values)
    except KeyError as e:
        raise TemplateError(f"no value for placeholder {e} in {text!r}") from None


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        old = merged.get(key)
        merged[key] = _merge(old, value) if isinstance(old, Mapping) and isinstance(value, Mapping) else value
    return merged


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise TemplateError(f"cannot read decision templates {path}: {e}") from e
    if not isinstance(data, dict):
        raise TemplateError(f"decision templates {path} must be a mapping")
    return data


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, Mapping):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _check(data: Mapping[str, Any], source: str) -> None:
    for case_type in CaseType:
        group = data.get("case_types", {}).get(case_type.value)
        for outcome in DecisionOutcome:
            if group is None or "decision" not in data.get("groups", {}).get(group, {}).get(
                outcome.value, {}
            ):
                raise TemplateError(f"{source}: no decision text for {case_type.value} / {outcome.value}")
    for key in ("appeal_instructions", "distribution", "committee_decision", "delegation_decision"):
        if key not in data:
            raise TemplateError(f"{source}: {key} is missing")
    for text in _strings(data):
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        if names - PLACEHOLDERS:
            raise TemplateError(f"{source}: unknown placeholder {sorted(names - PLACEHOLDERS)} in {text!r}")
        lowered = text.lower()
        if any(word in lowered for word in FORBIDDEN_WORDS):
            raise TemplateError(f"{source}: use plain verbs (beviljas, avslås), not {text!r}")


def load_templates(
    municipality_id: str, *, root: Path = DEFAULT_DIR, override_dir: Path | None = None
) -> Templates:
    """The standard texts merged with the municipality's own (``municipalities/<id>.yaml`` under ``root``,
    then ``<override_dir>/<id>.yaml`` if given), checked."""
    data = _read(root / "standard.yaml")
    for folder in (root / "municipalities", override_dir):
        if folder is not None and (folder / f"{municipality_id}.yaml").is_file():
            data = _merge(data, _read(folder / f"{municipality_id}.yaml"))
    _check(data, f"decision templates for {municipality_id}")
    return Templates(data)
