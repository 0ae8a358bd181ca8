"""Problems with folders, datapackage.json, files and single rows and cells, with the frictionless error
types and Table Schema constraints they translate."""
from __future__ import annotations

from generator.messages.issue_type import IssueType

_EXAMPLES_HINT = "Copy the shape from another package's datapackage.json."

TYPES = (
    # --- Folders and datapackage.json -------------------------------------------------------------------
    IssueType("descriptor-missing", "No datapackage.json",
              "Every package folder needs a datapackage.json file that describes it and lists its CSV files.",
              "This folder has no datapackage.json file.",
              "Add a datapackage.json describing the package. " + _EXAMPLES_HINT),
    IssueType("descriptor-invalid-json", "datapackage.json is not valid JSON",
              "The file could not be read as JSON, so nothing else in the package could be checked.",
              "datapackage.json is not valid JSON: {error} (line {line}, column {column}).",
              "Correct the JSON at that place. Common causes: a missing comma between two entries, a comma after "
              "the last entry of a list, or a missing quote, brace or bracket."),
    IssueType("descriptor-not-object", "datapackage.json is not a JSON object",
              "datapackage.json must hold one JSON object: properties inside curly braces.",
              "datapackage.json must contain one JSON object ({{ ... }}), but it contains {kind}.",
              "Put the package's properties inside one pair of curly braces. " + _EXAMPLES_HINT),
    IssueType("descriptor-empty", "datapackage.json is empty",
              "datapackage.json has no text at all, or only blank space, so nothing in the package could be checked.",
              "datapackage.json is empty: it holds no text, or only blank space.",
              "Write the package's description in it. " + _EXAMPLES_HINT),
    IssueType("descriptor-duplicate-key", "A property is given twice",
              "The same property appears twice in one object of datapackage.json. Programs disagree about which "
              "of the two counts, so the package could be read differently from what was checked.",
              'datapackage.json gives "{value}" twice in the same object: here and on line {other_line}.',
              'Keep one "{value}" and delete the other, after checking which value is right.'),
    IssueType("descriptor-too-deep", "datapackage.json is nested too deeply",
              "Lists and objects inside each other are nested far more deeply than any package needs, which "
              "usually means brackets were pasted by mistake; such a file is not read further.",
              "datapackage.json has lists or objects nested more than {limit} levels deep, from this line on.",
              "Remove the extra brackets. A package needs only a few levels: the resources list, each resource, "
              "its schema, its fields and their constraints. " + _EXAMPLES_HINT),
    IssueType("package-not-folder", "A file where a package folder should be",
              "The datapackages folder holds one folder per package (named after the area's ONS code) and the "
              "reference folder; a file there is not read as a package.",
              "{path} is a file, but {folder} may hold only package folders.",
              "Make it a folder named after the area's ONS code, with datapackage.json and the CSV files inside "
              "it, or remove the file."),
    IssueType("property-missing", "A required property is missing",
              "datapackage.json lacks a property the site needs, such as version, licenses or sources.",
              'datapackage.json has no "{property}".',
              'Add "{property}": {example}'),
    IssueType("property-wrong-type", "A property has the wrong kind of value",
              "A property of datapackage.json holds the wrong kind of value, for example text where a list is needed.",
              '"{property}" in datapackage.json must be {expected}, not {actual}.',
              'Change it to {expected}, for example "{property}": {example}'),
    IssueType("area-code-mismatch", "area_code does not match the folder",
              "A package folder is named after its area's ONS code, and datapackage.json must give the same code.",
              'datapackage.json says area_code "{value}", but the folder is named "{folder}".',
              "Make them the same: the folder name and area_code are both the area's ONS code (for example E54000008)."),
    IssueType("area-unknown", "Area code not in the reference areas",
              "An area code is not listed in the reference package's areas.csv, so the site cannot name it.",
              'Area code "{value}" is not in the reference areas ({reference_file}).',
              "Check the code (ONS codes look like E54000008 for an ICB or E06000001 for a local authority), "
              "or add the area to areas.csv in the reference package."),
    IssueType("illustrative-not-boolean", "illustrative is not true or false",
              "The illustrative flag says whether a package holds made-up example figures; it must be true or false.",
              '"illustrative" must be true or false (without quotes), but it is {value}.',
              'Write "illustrative": false for real figures, or true for the fictional Example ICS.'),
    IssueType("illustrative-mismatch", "illustrative does not match the area",
              "Only a fictional area (is_fictional true in areas.csv) may hold illustrative figures, and its "
              "figures must always be labelled illustrative.",
              '"illustrative" is {value}, but {area} is {kind} area in the reference areas.',
              'Set "illustrative": {expected}. Made-up figures belong only to a fictional area.'),
    IssueType("source-incomplete", "A source lacks an id, title or path",
              "Every entry in sources needs an id (used by the source_id column), a title and a path (its web address).",
              'Source number {number} in datapackage.json has no "{property}".',
              'Give every source an "id" (lower case, for example fingertips), a "title" and a "path" (a web address).'),
    IssueType("source-duplicate-id", "Two sources share an id",
              "Each source's id must be unique, so that the source_id column points at exactly one source.",
              'Two sources in datapackage.json have the id "{value}".',
              "Give each source its own id, and use the right one in the source_id column."),
    IssueType("resource-incomplete", "A resource lacks a name or path",
              "Each entry in resources needs a name (the kind of table) and a path (the CSV file).",
              'Resource number {number} in datapackage.json has no "{property}".',
              'Give each resource a "name" (for example observations) and a "path" (for example observations.csv).'),
    IssueType("resource-unknown", "Unknown resource name",
              "Resource names say which canonical schema applies; a name with no schema cannot be checked or shown.",
              'datapackage.json lists a resource named "{value}", which is not a resource this package can have.',
              "Use one of: {allowed}."),
    IssueType("resource-duplicate", "Resource listed twice",
              "Each kind of table may appear once in a package.",
              'The resource "{value}" is listed more than once in datapackage.json.',
              "Keep one entry, and put all the rows in its CSV file."),
    IssueType("path-unsafe", "Resource path outside the package",
              "A resource's path must name a CSV file inside the package folder. Absolute paths, paths using .. and "
              "web addresses are refused, so that a pull request cannot read files elsewhere.",
              'The resource "{resource}" has the path "{value}", which {reason}.',
              'Use the plain name of a CSV file in this package folder, for example "{resource}.csv".'),
    IssueType("schema-invalid", "A canonical schema cannot be used",
              "Each kind of table is checked against its canonical schema in datapackages/reference/schemas. A schema "
              "that is not JSON, or not a Table Schema shaped as the checks read one, would leave that table "
              "unchecked, so it is an error.",
              "The canonical schema {schema} cannot be used, so no {resource} table can be checked: {reason}.",
              "Correct {schema}, comparing it with its last version that worked (git log -p {schema}); "
              "a canonical schema is changed only with the site maintainers."),
    IssueType("schema-mismatch", "Schema differs from the canonical one",
              "A resource needs no schema in datapackage.json: the canonical schema in datapackages/reference/schemas "
              "applies. One written there anyway must be an exact copy, so that no one reads rules that are not checked.",
              'The schema of the resource "{resource}" in datapackage.json differs from {canonical}: {difference}.',
              'Delete the resource\'s "schema": a resource needs only its name and path, for example '
              '{{"name": "{resource}", "path": "{resource}.csv"}}, and the data is always checked against {canonical}.'),
    IssueType("related-resource-missing", "A table refers to a table that is missing",
              "Some tables point at rows of another table in the same package (for example ratings point at "
              "assessments), so that table must be there too.",
              'This file refers to {target} (column {fields}), but the package has no "{target}" resource.',
              "Add {target}.csv and list it in datapackage.json's resources, or remove this resource."),
    # --- Files -------------------------------------------------------------------------------------------
    IssueType("file-missing", "File not found",
              "datapackage.json lists a file that is not in the package folder.",
              "The file {path} listed in datapackage.json does not exist.",
              "Add the file, correct the resource's path (names are case-sensitive), or remove the resource "
              "from datapackage.json."),
    IssueType("file-unreadable", "File cannot be read",
              "The file system refused to open a file of the package: its name is too long for any file system, "
              "or it cannot be opened on the computer that runs the checks.",
              "The file {path} cannot be read: {reason}.",
              "Correct the path in datapackage.json (each folder or file name in it at most 255 characters), "
              "or make sure the file is an ordinary file that anyone can read."),
    IssueType("file-empty", "File is empty",
              "The file has no content at all (0 bytes), not even a header row.",
              "The file is empty (0 bytes).",
              "Put the header row and the data rows in it, or remove the resource from datapackage.json."),
    IssueType("file-is-link", "Symbolic link refused",
              "A file or folder of the package is a symbolic link (a shortcut to somewhere else). Links are refused, "
              "even ones that point inside the package, because they could point anywhere on the computer that "
              "runs the checks, and what they point at can change.",
              "{path} is a symbolic link, not a real {kind}.",
              "Replace the link with the real {kind}: delete the link and copy the {kind} itself into the package "
              "(in git, git rm the link and add the copy)."),
    IssueType("file-is-folder", "A folder where a file should be",
              "The path names a folder, but a file is needed there: datapackage.json, or the CSV file of a resource.",
              "{path} is a folder, not a file.",
              "Put the file itself at this path, or correct the resource's path in datapackage.json so that it "
              "names the CSV file (for example observations.csv), not a folder."),
    IssueType("file-too-large", "File too large",
              "Files over a size limit are refused before they are read, so that one file cannot stop the checks "
              "for everyone. The bundled packages are far smaller than the limit.",
              "The file is {size}, more than the limit of {limit}, so it was not read.",
              "Check that this is the right file and that nothing was pasted into it by mistake. If the data really "
              "needs a file this big, split it between packages or ask the site maintainers about the limit."),
    IssueType("utf8-bom", "File starts with a byte order mark",
              "The file begins with an invisible byte order mark (BOM). Excel's \"CSV UTF-8\" and Windows Notepad's "
              '"UTF-8 with BOM" add one; it can end up glued to the first column name.',
              "The file starts with a UTF-8 byte order mark (BOM), an invisible marker before the first column name.",
              'Save the file as UTF-8 without a BOM: in a text editor choose the encoding "UTF-8" (not "UTF-8 with '
              'BOM"); in LibreOffice Calc choose Text CSV with character set "Unicode (UTF-8)". Excel\'s "CSV UTF-8" '
              "adds a BOM, so re-save a file from Excel in a text editor."),
    IssueType("encoding-error", "Not UTF-8 text",
              "The file contains bytes that are not UTF-8 text, usually because it was saved in an older Windows "
              "encoding; accented letters, £ signs and curly quotes then turn into garbage.",
              "The file contains text that is not UTF-8 ({detail}).",
              'Save the file with the encoding "UTF-8" without a BOM (see utf8-bom for how), then check the accented '
              "letters, £ signs and quotes on that line."),
    IssueType("encoding-utf16", "Saved as UTF-16, not UTF-8",
              "The file is saved as UTF-16 (\"Unicode Text\" in Excel, \"Unicode\" or \"UTF-16\" in Notepad), "
              "which stores each letter in two bytes. The site reads UTF-8 text only.",
              "The file is saved in UTF-16 (each letter takes two bytes), not UTF-8.",
              'Save it again with the encoding "UTF-8": in Excel choose "CSV UTF-8 (Comma delimited)" and then '
              'remove the byte order mark (see utf8-bom); in a text editor choose the encoding "UTF-8".'),
    IssueType("nul-byte", "NUL bytes in the file",
              "The file contains NUL bytes: invisible zero bytes that are not text. They usually come from a file "
              "saved as UTF-16, or from a damaged copy.",
              "Line {line} has a NUL byte (an invisible zero byte, which is not text); the file has {count} in all.",
              "Export the file again from the program that made it, choosing CSV UTF-8, or open it in a text editor "
              "that shows invisible characters and delete them."),
    IssueType("stray-quote", "Double quote in the wrong place",
              "In a CSV file a double quote may only open and close a quoted cell, and a quote inside a quoted cell "
              "is written twice (\"\"). Programs read a stray quote in different ways, so the cell could change "
              "without anyone noticing.",
              "The cell in column {column} {detail}.",
              'Put the whole cell in double quotes and write each quote inside it twice, for example '
              '"She said ""yes""". Spreadsheets do this for you when they save a file as CSV.'),
    IssueType("unclosed-quote", "Quoted cell never closed",
              "A cell starts with a double quote but has no closing quote, so everything after it, to the end of the "
              "file, reads as one cell; the rows of the file were not checked.",
              'The cell in column {column} starts with a double quote (") that is never closed, so the rest of the '
              "file reads as this one cell.",
              'Add the closing double quote at the end of the cell, or remove the opening one. A quote inside a '
              'quoted cell is written twice ("").'),
    IssueType("cell-too-large", "Cell too long",
              "A cell is longer than any cell may be. This usually means a missing closing quote or comma has joined "
              "many cells into one; the rows of the file were not checked.",
              "The cell in column {column} is {length} characters long; no cell may be longer than {limit}.",
              "Look for a missing closing quote or comma before this point. Long texts belong in a document that "
              "the evidence table links to, not in a cell."),
    IssueType("no-rows", "No rows of data yet",
              "A warning, not an error: the file has a header row but no rows below it, so the table publishes "
              "nothing yet. A new package (python -m generator new-ics) starts like this.",
              "The file has a header row but no rows of data yet, so this table publishes nothing.",
              "Add the rows when you have them; until then the site says the table is not published yet. If you "
              "will never publish it, remove the resource from datapackage.json and delete the file.",
              severity="warning"),
    IssueType("header-missing", "No header row",
              "The first line of a CSV file must be the header row, naming each column.",
              "The first line is empty, so the file has no column names.",
              "Make the first line the header row: {expected}."),
    IssueType("missing-column", "Column missing",
              "A column of the canonical schema is not in the file's header row.",
              'The column "{field}" is missing from the header row.',
              "Add a column named {field} (spelling and capitals must match; leave its cells empty where the schema "
              "allows). The columns are: {expected}."),
    IssueType("unknown-column", "Unknown column",
              "The header row has a column the canonical schema does not define, so the site would ignore it.",
              'The header row has a column "{value}" that the schema does not define.{hint}',
              "Rename it to one of the schema's columns or delete it. The columns are: {expected}."),
    IssueType("duplicate-column", "Column name used twice",
              "Two columns in the header row have the same name, so it is unclear which one holds the data.",
              'The column "{value}" appears more than once in the header row.',
              "Delete or rename the repeated column."),
    IssueType("blank-column-name", "Column without a name",
              "A column in the header row has no name, often because of a stray comma at the end of the line.",
              "Column {position} of the header row has no name.",
              "Name the column or delete it; check for a comma at the end of the header line."),
    IssueType("column-name-wrong", "Column name does not match the schema",
              "A column in the header row is not the one the schema expects in that position.",
              'Column {position} of the header row is "{value}", but the schema expects "{field}".',
              "Rename the column to {field}. The columns are: {expected}."),
    IssueType("rows-not-checked", "Rows not checked",
              "When the header row itself is broken, the rows below cannot be matched to columns, so they were "
              "not checked.",
              "The rows of this file, from this line on, were not checked because its header row has problems.",
              "Fix the header row and run the validator again."),
    IssueType("too-many-problems", "Checking stopped early",
              "So many problems were found in one file that checking stopped; they often share one cause, such as a "
              "shifted column.",
              "Checking of this file stopped after {limit} problems, at line {line}; {remaining} more rows were not checked.",
              "Fix the problems shown (look for one shared cause first) and run the validator again."),
    # --- Rows and cells (frictionless checks against the canonical schema) -------------------------------
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
