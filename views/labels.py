"""Human labels for coded values and studies, from the evidence itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    values: dict[tuple[str, str], str]
    studies: dict[str, str]

    @classmethod
    def from_evidence(cls, ev) -> Labels:
        vocab = ev.vocabulary
        values = {(d, v): label for d, v, label in zip(vocab["dimension"], vocab["value"], vocab["label"], strict=True)}
        return cls(values, dict(zip(ev.studies["id"], ev.studies["short_label"], strict=True)))

    def value(self, dimension: str, value: str) -> str:
        return self.values.get((dimension, value), value)

    def study(self, study_id: str) -> str:
        return self.studies.get(study_id, study_id)
