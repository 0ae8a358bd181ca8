"""What `import-workbook` prints: every problem by sheet and cell, or what was written."""
from __future__ import annotations

from generator.validate.issues import plural
from generator.workbook.importing import Outcome
from generator.workbook.read import Problem


def render(outcome: Outcome) -> str:
    problems = sorted(outcome.problems, key=Problem.sort_key)
    lines = [line for p in problems for line in _problem_lines(p)]
    if outcome.package_notes:
        count = len(outcome.package_notes)
        files = sorted({issue.file.rsplit("/", 1)[-1] for issue in outcome.package_notes})
        lines.append(f"Note: the package already has {count} {plural(count, 'problem')} outside the workbook's "
                     f"tables (in {', '.join(files)}); this import does not change them. "
                     f"Run python -m generator validate datapackages/{outcome.code} to see them.")
    errors = len(outcome.errors)
    if errors:
        lines.append(f"{errors} {plural(errors, 'problem')} in the workbook: nothing was written. "
                     "Fix them, save the workbook and import it again.")
    else:
        tables = ", ".join(f"{name}.csv {rows} {plural(rows, 'row')}" for name, rows in outcome.written.items())
        count = len(outcome.written)
        lines.append(f"Wrote {count} {plural(count, 'table')} for {outcome.area_name}: {tables}." if count
                     else f"Nothing to write for {outcome.area_name}: every sheet is empty.")
    return "\n".join(lines)


def _problem_lines(p: Problem) -> list[str]:
    label = "Warning: " if p.severity == "warning" else ""
    where = f"{p.where}: " if p.where else ""
    return [f"{label}{where}{p.message} [{p.code}]", f"  How to fix: {p.fix}"]
