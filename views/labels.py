"""Human labels for coded values and studies, from the evidence itself."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Labels:
    values: dict[tuple[str, str], str]
    studies: dict[str, str]
    # study -> (overlap group, stated / inferred / none)
    overlap: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_evidence(cls, ev) -> Labels:
        vocab = ev.vocabulary
        values = {(d, v): label for d, v, label in zip(vocab["dimension"], vocab["value"], vocab["label"], strict=True)}
        studies = ev.studies
        overlap = {
            s: (g, st)
            for s, g, st in zip(studies["id"], studies["overlap_group"], studies["overlap_status"], strict=True)
        }
        return cls(values, dict(zip(studies["id"], studies["short_label"], strict=True)), overlap)

    def value(self, dimension: str, value: str) -> str:
        return self.values.get((dimension, value), value)

    def study(self, study_id: str) -> str:
        return self.studies.get(study_id, study_id)
