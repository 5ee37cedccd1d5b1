"""Studies that draw on one database or institution (studies.overlap_group): never two in one pool,
and their patients counted once."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class OverlapGroups:
    group: dict[str, str]  # study id -> overlap group ('none' = shares patients with no other study)
    year: dict[str, int]
    size: dict[str, int]  # study n where stated

    @classmethod
    def from_evidence(cls, ev) -> OverlapGroups:
        studies = ev.studies
        return cls(
            dict(zip(studies["id"], studies["overlap_group"], strict=True)),
            {s: int(y) for s, y in zip(studies["id"], studies["year"], strict=True) if not pd.isna(y)},
            {s: int(n) for s, n in zip(studies["id"], studies["n"], strict=True) if not pd.isna(n)},
        )

    def of(self, study: str) -> str:
        """The study's group; a study in no group is a group of its own."""
        group = self.group.get(study, "none")
        return study if group == "none" else group

    def one_per_group(
        self, candidates: dict[str, int], prefer_not: set[str] = frozenset()
    ) -> tuple[set[str], list[tuple[str, str]]]:
        """Of `candidates` (study -> patients in the cohort offered), one study per group: a primary source before one in
        `prefer_not` (secondary-only), then the most patients, then the most recent. Returns (kept, [(left out, kept instead)])."""
        by_group: dict[str, list[str]] = {}
        for study in candidates:
            by_group.setdefault(self.of(study), []).append(study)
        kept, dropped = set(), []
        for members in by_group.values():
            members.sort(key=lambda s: (s in prefer_not, -candidates[s], -self.year.get(s, 0), s))
            kept.add(members[0])
            dropped += [(s, members[0]) for s in members[1:]]
        return kept, dropped

    def patient_range(self, studies) -> tuple[int, int] | None:
        """(fewest, most) distinct patients in `studies`: a group whose studies may share patients counts at least its
        largest study and at most all of them (None if a size is not stated)."""
        low = self.distinct_patients(studies)
        return None if low is None else (low, sum(self.size[s] for s in set(studies)))

    def distinct_patients(self, studies) -> int | None:
        """The fewest distinct patients in `studies`: each overlap group counted once, by its largest study (None if a
        size is not stated)."""
        largest: dict[str, int] = {}
        for study in studies:
            if study not in self.size:
                return None
            group = self.of(study)
            largest[group] = max(largest.get(group, 0), self.size[study])
        return sum(largest.values())

    def shares(self, studies) -> bool:
        groups = [self.of(s) for s in studies]
        return len(groups) != len(set(groups))
