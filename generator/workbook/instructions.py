"""The words on the workbook's Instructions sheet, in plain English for the analysts who fill it in."""
from __future__ import annotations

from generator.workbook.spec import Sheet

# What each sheet is for; a team table without an entry here still gets its list of columns.
PURPOSES = {
    "plus_groups": "the PLUS groups your system has chosen to focus on, one row per group, with why.",
    "assessments": "each self-assessment against the health inequalities engagement framework, one row each.",
    "ratings": "the maturity level each self-assessment gave each framework sub-topic or phase, with what you found.",
    "evidence": "public documents, data or case studies behind a rating, one row per link.",
    "actions": "\"You said, we did\": what people told you, what you will do, what you did, and its status.",
    "corrections": "a figure from a national source that is wrong for your system: copy its row from observations.csv "
                   "(keep the first six columns as they are), correct the figures, and say why and when.",
}


def instruction_lines(layout: list[Sheet]) -> list[str]:
    multiple = [column for sheet in layout for column in sheet.columns if column.multiple]
    several = sorted({column.name for column in multiple})
    example = next((";".join(c.choices[:2]) for c in multiple if c.choices and len(c.choices) > 1), "a;b")
    lines = [
        "This workbook holds the tables your team publishes on the health inequalities site. Fill it in, then send "
        "it back: it is turned into your data package's CSV files and checked before anything is published.",
        "",
        "The sheets",
    ]
    for sheet in layout:
        purpose = PURPOSES.get(sheet.name, "one of your tables.")
        lines.append(f"{sheet.name}: {purpose} Columns: {', '.join(sheet.header)}.")
    lines += [
        "",
        "How to fill it in",
        "1. Row 1 of each sheet names the columns. Do not rename, move or add columns or sheets, and do not change "
        "the ICS code in B2 above.",
        "2. Hover over a column's name to read what goes in it, whether it is required and which values are allowed.",
        "3. Where a cell has a dropdown, choose from it. Columns that take several values "
        f"({', '.join(several)}) have no dropdown: type the values separated by semicolons, for example {example}.",
        "4. Dates are real date cells, shown as yyyy-mm-dd (for example 2025-06-30). Type them as dates. A date "
        "pasted in as text, or a date column formatted as text, is refused on import.",
        "5. Type values, not formulas: a cell holding a formula is refused.",
        "6. Leave a cell empty when there is nothing to say. Rows left entirely empty are skipped.",
        "7. Your current data is already filled in. Edit it, add rows below it, or delete rows that are wrong.",
        "",
        "How to send it back",
        "Ask the data team to import it, or run: python -m generator import-workbook FILE. Every problem is listed "
        "by sheet and cell (for example ratings!C4) with how to fix it, and nothing is written until the whole "
        "workbook is right. Then open a pull request with the changed files (see the page How to contribute data).",
    ]
    return lines
