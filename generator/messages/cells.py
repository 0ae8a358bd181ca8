"""Problems with single rows and cells, found by the Table Schema checks against the canonical schema, with the
frictionless error types and Table Schema constraints they translate."""
from __future__ import annotations

from generator.messages.issue_type import IssueType

TYPES = (
    IssueType("type-error", "Wrong kind of value",
              "A cell holds a value of the wrong kind, for example text in a number column.",
              'The value "{value}" in column {field} is not {type_phrase}.',
              "{type_hint}"),
    IssueType("required-value", "Required value missing",
              "A column that must always be filled in is empty in this row.",
              "Column {field} is empty, but it must have a value.",
              "Fill it in. {field} is: {description}"),
    IssueType("pattern-mismatch", "Value not in the expected form",
              "A cell does not have the form its column requires, for example an identifier with capitals or spaces.",
              'The value "{value}" in column {field} is not in the expected form.',
              "{pattern_hint} {field} is: {description}"),
    IssueType("value-not-allowed", "Value not in the allowed list",
              "A column accepts only a fixed list of values, and this cell has another one.",
              'The value "{value}" in column {field} is not one of the allowed values.',
              "Use one of: {allowed} (spelling and capitals must match)."),
    IssueType("below-minimum", "Value too small",
              "A number is below the smallest value its column allows.",
              "The value {value} in column {field} is below the minimum of {limit}.",
              "Check the value; {field} cannot be less than {limit}."),
    IssueType("above-maximum", "Value too large",
              "A number is above the largest value its column allows.",
              "The value {value} in column {field} is above the maximum of {limit}.",
              "Check the value; {field} cannot be more than {limit}."),
    IssueType("too-short", "Text too short",
              "A text cell is shorter than its column requires, for example a narrative of a few letters.",
              "The text in column {field} is {length} characters long, but it must be at least {limit}.",
              "Write it out in full. {field} is: {description}"),
    IssueType("too-long", "Text too long",
              "A text cell is longer than its column allows.",
              "The text in column {field} is {length} characters long, but it must be at most {limit}.",
              "Shorten it to {limit} characters or fewer."),
    IssueType("constraint-error", "Value breaks a rule of the schema",
              "A cell breaks a rule of its column that has no more specific message here.",
              'The value "{value}" in column {field} breaks a rule of the schema: {note}.',
              "Check the rules for {field} in {canonical}."),
    IssueType("not-a-finite-number", "Not a real number",
              "Values such as NaN, Infinity or inf are read as numbers by some programs but are not figures that "
              "can be published.",
              'The value "{value}" in column {field} is not a real number.',
              "Write the figure in digits, or leave the cell empty and use a status without a figure (such as "
              "not_available) if there is none."),
    IssueType("surrounding-whitespace", "Blank space around a value",
              "A code, number or date has a space, tab or other blank character before or after it. Spreadsheets "
              "hide these, but the value then no longer matches the list it comes from (for example maturing "
              "with a space after it is not maturing). Other problems with the same cell are shown once the "
              "blanks are gone.",
              'The value "{value}" in column {field} has {blanks}.',
              "Delete the blank characters around the value, so that the cell holds only the value itself. In a "
              "spreadsheet, the TRIM function or Find and Replace can remove them from a whole column."),
    IssueType("formula-like-text", "Text a spreadsheet would run as a formula",
              "A text cell starts with =, +, -, @, a tab or a carriage return. Spreadsheet programs such as Excel "
              "treat such a cell as a formula when the file is opened, and a formula can run commands or send data "
              "elsewhere. The site makes these cells harmless in every CSV it offers for download, so this is a "
              "warning: the data is still valid.",
              'The text in column {field} starts with {start}, so a spreadsheet would treat "{value}" as a formula.',
              "If it is meant as text, reword it so that it does not start with {start} (for example, start with a "
              "word). The site makes such cells harmless in the CSV files it offers for download, but anyone who "
              "opens your file itself in a spreadsheet could still run it.",
              severity="warning"),
    IssueType("link-not-https", "Link is not a safe https:// address",
              "Web addresses in the data (columns of the Table Schema format uri, and the path of each source in "
              "datapackage.json) become links on the site, so each must be a full address starting https://, with "
              "no spaces, tabs, line breaks, control characters or backslashes. Anything else, such as http://, "
              "javascript:, data:, an address starting // or a path on this site, is refused, because a link could "
              "then run code in the reader's browser or leave the secure web.",
              'The web address "{value}" in {place} is not a safe link: it {reason}.',
              "Write the full address as the browser's address bar shows it, starting https:// in lower case, for "
              "example https://www.england.nhs.uk/. Only https:// addresses are accepted, everywhere in the data."),
    IssueType("missing-cell", "Row has too few cells",
              "A row has fewer cells than the header has columns, usually because a comma is missing.",
              "This row has no cell for column {field}: it has fewer cells than the header row.",
              "Give every row one cell per column, separated by commas (an empty cell is two commas in a row). "
              "Text that contains commas or line breaks must be in double quotes."),
    IssueType("extra-cell", "Row has too many cells",
              "A row has more cells than the header has columns, usually because text with a comma was not quoted.",
              'This row has more cells than the header row has columns (the extra cell is "{value}").',
              "Put double quotes around text that contains commas, or remove the extra comma."),
    IssueType("blank-row", "Empty row",
              "A row with no cells at all, often left at the end of a file by a spreadsheet.",
              "This row is completely empty.",
              "Delete the empty row."),
    IssueType("duplicate-row", "Duplicate row",
              "Two rows have the same key: for observations the same indicator, area, period, sex, age and breakdown, "
              "so the site could not tell which figure is right.",
              "Duplicate row: line {other_line} already has the same {key}.",
              "Keep one of the two rows: delete the other, or correct it if it was meant to be different."),
    IssueType("unique-error", "Value used twice",
              "A column whose values must all differ has the same value in two rows.",
              'The value "{value}" in column {field} is already used on line {other_line}.',
              "Give each row its own {field}."),
    IssueType("foreign-key", "Reference to a missing row",
              "A row points at a row of another table in the same package that does not exist, for example a rating "
              "of an assessment that is not in assessments.csv.",
              "No row of {target} has {pairs}.",
              "Use a value that is in {target}, or add the missing row there."),
    IssueType("source-error", "File cannot be read as a table",
              "The file could not be read as a CSV table.",
              "The file could not be read as a table: {note}.",
              "Check that it is a plain comma-separated CSV file with a header row."),
    IssueType("scheme-error", "File cannot be opened",
              "The file could not be opened.",
              "The file could not be opened: {note}.",
              "Check that the file exists in the package folder and that datapackage.json names it correctly."),
    IssueType("format-error", "File is not CSV",
              "The file is not in a format the validator reads.",
              "The file is not in a format the validator can read: {note}.",
              "Save it as CSV (comma separated values) with the encoding UTF-8."),
    IssueType("schema-error", "Schema is not valid",
              "The Table Schema used to check the file is itself broken. Canonical schemas live in "
              "datapackages/reference/schemas.",
              "The schema for this file is not valid: {note}.",
              "Correct the canonical schema in datapackages/reference/schemas (ask the site maintainers)."),
    IssueType("package-error", "Package cannot be read",
              "frictionless could not read the package as a whole.",
              "The package could not be read: {note}.",
              "Check datapackage.json against another package's, property by property."),
    IssueType("resource-error", "Resource cannot be checked",
              "frictionless could not check a resource of the package.",
              "The resource could not be checked: {note}.",
              "Check the resource's entry in datapackage.json and its CSV file."),
    IssueType("frictionless-other", "Other problem found by frictionless",
              "A problem that frictionless found and this site has no plain-English message for yet.",
              "{message}",
              'See the frictionless documentation for the error type "{type}".'),
)

# frictionless error types that translate one-to-one; constraint-error is split by constraint in validate.py.
FRICTIONLESS_CODES: dict[str, str] = {
    "type-error": "type-error",
    "missing-cell": "missing-cell",
    "extra-cell": "extra-cell",
    "blank-row": "blank-row",
    "primary-key": "duplicate-row",
    "foreign-key": "foreign-key",
    "unique-error": "unique-error",
    "duplicate-label": "duplicate-column",
    "missing-label": "missing-column",
    "extra-label": "unknown-column",
    "blank-label": "blank-column-name",
    "incorrect-label": "column-name-wrong",
    "encoding-error": "encoding-error",
    "source-error": "source-error",
    "scheme-error": "scheme-error",
    "format-error": "format-error",
    "schema-error": "schema-error",
    "field-error": "schema-error",
    "package-error": "package-error",
    "resource-error": "resource-error",
}

CONSTRAINT_CODES: dict[str, str] = {
    "required": "required-value",
    "pattern": "pattern-mismatch",
    "enum": "value-not-allowed",
    "minimum": "below-minimum",
    "maximum": "above-maximum",
    "minLength": "too-short",
    "maxLength": "too-long",
}

# How to write a value of each Table Schema type, for type-error messages.
TYPE_PHRASES: dict[str, tuple[str, str]] = {
    "number": ("a number", "Write a number with digits and a decimal point only (for example 81.2): no commas, "
                           "% signs, units or spaces. Leave the cell empty if there is no figure."),
    "integer": ("a whole number", "Write a whole number with digits only (for example 1250): no decimal point, "
                                  "commas or spaces. Leave the cell empty if there is no figure."),
    "boolean": ("true or false", "Write true or false, in lower case."),
    "date": ("a date", "Write the date as year-month-day, for example 2025-03-31."),
    "uri": ("a web address", "Write a full web address, starting https://"),
}

# Plain-English forms of the patterns the canonical schemas use, for pattern-mismatch messages.
PATTERN_HINTS: dict[str, str] = {
    "^[a-z0-9]+(_[a-z0-9]+)*$": "Use lower-case letters and digits, with single underscores between words "
                                "and no spaces.",
    "^[a-z0-9_]+(;[a-z0-9_]+)*$": "List identifiers separated by semicolons, with no spaces "
                                  "(for example core20;black_communities).",
    "^(E92000001|E40\\d{6}|E54\\d{6}|E0[6-9]\\d{6}|X\\d{8})$": "Write an ONS area code: E92000001, E40 or E54 "
                                                               "followed by 6 digits, E06 to E09 followed by 6 "
                                                               "digits, or X followed by 8 digits for a fictional area.",
    "^[1-7][a-z]?$": "Write a framework sub-topic code such as 1b, or a phase number from 1 to 7.",
    "^[1-7][a-z]$": "Write a framework sub-topic code such as 1b.",
    "^https://.+$": "Write a full web address starting https://",
    "^[A-Z0-9]{3,5}$": "Write 3 to 5 capital letters or digits.",
}
