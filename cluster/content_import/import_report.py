"""What an import did: per object "created", "updated", "unchanged" or "conflict" (changed in
the admin and left as it is, conflicts.py), and the conflicts found."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    outcomes: list = field(default_factory=list)  # (kind, slug, outcome), outcome below
    dry_run: bool = False
    conflicts: list = field(default_factory=list)  # Conflict, each left as the admin left it

    def add(self, kind, slug, outcome):
        self.outcomes.append((kind, slug, outcome))

    def totals(self):
        return Counter(outcome for _kind, _slug, outcome in self.outcomes)

    @property
    def changed(self):
        totals = self.totals()
        return totals["created"] + totals["updated"]

    def summary(self):
        totals = self.totals()
        prefix = "Dry run, nothing written: would have " if self.dry_run else ""
        skipped = (
            f", {totals['conflict']} skipped (changed in the admin)" if totals["conflict"] else ""
        )
        return (
            f"{prefix}{totals['created']} created, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged{skipped}"
        )
