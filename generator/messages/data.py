"""Problems with what the data says: references to the shared lists, areas over time, and the figures."""
from __future__ import annotations

from generator.messages.issue_type import IssueType

TYPES = (
    # --- Cross-package references (the reference package holds the shared lists) -------------------------
    IssueType("unknown-indicator", "Indicator not in the catalogue",
              "An indicator_id (or an entry in an indicators list) is not in the reference indicators.csv.",
              'Indicator "{value}" is not in the indicator catalogue ({reference_file}).',
              "Use an indicator_id from indicators.csv, or add the new indicator there first (it can be in the "
              "same pull request)."),
    IssueType("area-not-in-package", "Area not part of this package",
              "A package may hold figures only for its own area, for areas that areas.csv places inside it "
              "(parent_code, as regions are inside England) and for the places (local authorities) listed in "
              "its places.csv.",
              'Area "{value}" is neither this package\'s own area ({own}) nor one of its places (places.csv).',
              "Use {own} for figures for the whole system, or add the local authority to places.csv."),
    IssueType("unknown-age", "Age group not known",
              "The age column must hold a category of the age dimension from the reference categories.csv.",
              'Age group "{value}" is not a category of the age dimension ({reference_file}).',
              "Use a category_id whose dimension_id is age, such as {allowed}; use all_ages when the figure is "
              "not split by age."),
    IssueType("unknown-breakdown", "Breakdown not known",
              "The breakdown column must hold a category_id from the reference categories.csv.",
              'Breakdown "{value}" is not a category in {reference_file}.',
              "Use a category_id from categories.csv (total for a figure about everyone), or add the category there."),
    IssueType("unknown-status", "Observation status not known",
              "The status column must hold one of the observation statuses in the reference package.",
              'Status "{value}" is not in {reference_file}.',
              "Use one of: {allowed}."),
    IssueType("unknown-source", "Source not listed in datapackage.json",
              "Each observation's source_id must be the id of a source listed in the same package's datapackage.json.",
              'Source "{value}" is not the id of any source in this package\'s datapackage.json.',
              'Use one of: {allowed}; or add the source (with id, title and path) to "sources" in datapackage.json.'),
    IssueType("unknown-level", "Maturity level not known",
              "A rating's level must be one of the framework's maturity levels.",
              'Maturity level "{value}" is not in {reference_file}.',
              "Use one of: {allowed}."),
    IssueType("unknown-subtopic", "Framework sub-topic not known",
              "A subtopic_code must be a sub-topic code from the reference framework_subtopics.csv, or the number "
              "of a phase in framework_phases.csv for the phase as a whole.",
              'Sub-topic "{value}" is neither a framework sub-topic code nor a phase number in the reference data.',
              "Use a subtopic_code from framework_subtopics.csv ({allowed}) or, for a whole phase, its number "
              "({phases}). Only some of the framework's sub-topics are public yet (the framework page lists them): "
              "if this is a real one, add a row for it to framework_subtopics.csv in the reference package, in the "
              "same pull request, with its phase, its wording and the public source that gives it."),
    IssueType("unknown-community-group", "Community group not known",
              "Community groups are named by their group_id from the reference community_groups.csv.",
              'Community group "{value}" is not in {reference_file}.',
              "Use group_id values from community_groups.csv ({allowed}); separate several with semicolons."),
    IssueType("place-not-local-authority", "Place is not a local authority",
              "Each row of places.csv must be a local authority from the reference areas.",
              'Place "{value}" has area_type "{kind}" in the reference areas, not local_authority.',
              "List only local authorities (area_type local_authority) in places.csv."),
    # --- Areas over time (the reference areas.csv and area_changes.csv) ----------------------------------
    IssueType("area-dates-out-of-order", "Area ends before it starts",
              "An area's valid_to, its last day, must not come before valid_from, its first day.",
              'Area "{value}" ends on {valid_to}, before it starts on {valid_from}.',
              "Correct valid_from or valid_to in areas.csv; leave valid_to empty while the area still exists."),
    IssueType("area-ended-without-successor", "Area ended, but nothing took it over",
              "When an area ends (valid_to is set), area_changes.csv must say which areas took it over, so readers "
              "of its page can find the system that serves them now.",
              'Area "{value}" ends on {valid_to}, but area_changes.csv names no successor for it.',
              "Add a row to area_changes.csv for each area that took over all or part of it, with the neighbourhoods "
              "and residents that moved."),
    IssueType("area-change-not-ended", "A changed area has the wrong last day",
              "An area in area_changes.csv ended the day before its boundaries changed: its valid_to in areas.csv "
              "must be the day before changed_on.",
              'Area "{value}" changed on {changed_on}, so its last day is {expected}, but areas.csv gives "{valid_to}".',
              "Set valid_to of {value} in areas.csv to {expected}, or correct changed_on here."),
    IssueType("successor-not-in-force", "Successor not in force on the day of the change",
              "The area that took over must exist on the day the boundaries changed: valid_from on or before "
              "changed_on and no valid_to before it.",
              'Successor "{value}" is in force from {valid_from} to {valid_to}, which does not include {changed_on}.',
              "Correct valid_from or valid_to of {value} in areas.csv, or changed_on here."),
    IssueType("area-change-shares", "Shares of a former area do not add up",
              "Every resident of a former area moved to one of its successors, so the shares of one former area "
              "must add up to 1.",
              'The shares of area "{value}" add up to {total}, not 1 (lines {lines}).',
              "Recount the residents that moved: each share is residents divided by all the former area's residents."),
    IssueType("area-not-in-boundary-set", "Area not in the boundaries its source uses",
              "A source lists the boundary sets its figures are for (\"boundaries\" in datapackage.json). A figure "
              "for an area must use boundaries that area had: one published for the ICBs of 2024 cannot be shown "
              "for a system formed in 2026.",
              'Area "{value}" (in force from {valid_from} to {valid_to}) is not in {sets}, which source "{source}" says '
              "its figures use.",
              "Give this figure a source whose boundaries include {value} (rebuilt on its own boundaries, say from "
              "neighbourhoods), or remove the row. Never estimate it from another area's figure."),
    IssueType("unknown-boundary-set", "Boundary set not known",
              "Each entry of a source's \"boundaries\" must be a boundary set of the reference boundary_sets.csv.",
              'Source number {number} names boundary set "{value}", which is not in {reference_file}.',
              "Use one of: {allowed}."),
    IssueType("unknown-action-status", "Action status not known",
              "An action's status must be one of the reference action_statuses.csv.",
              'Action status "{value}" is not in {reference_file}.',
              "Use one of: {allowed}."),
    IssueType("unknown-category", "Category not known",
              "A community group's category_ids must name categories from the reference categories.csv.",
              'Category "{value}" is not in {reference_file}.',
              "Use category_id values from categories.csv, separated by semicolons."),
    # --- Rules about the figures themselves --------------------------------------------------------------
    IssueType("value-disagrees-with-counts", "Value does not agree with its count and denominator",
              "For a proportion or a crude rate the value is the count divided by the denominator, times the "
              "indicator's multiplier (100 for a percentage). When one of them is corrected, the others must be too.",
              "The value {value} does not agree with the count {count} and the denominator {total}, which give {expected}.",
              "Correct whichever of the three is wrong, so that they agree; with these counts the value is {expected}."),
    IssueType("correction-unmatched", "Correction of a row that does not exist",
              "Each row of corrections.csv replaces one imported row of observations.csv: the one with the same "
              "indicator_id, area_code, period, sex, age and breakdown. A correction that matches no row would "
              "change nothing on the site.",
              "No row of {observations} has {key}, so this correction has nothing to replace.",
              "Copy the row you mean to correct from {observations} into this file, keep its first six columns "
              "(indicator_id, area_code, period, sex, age, breakdown) exactly as they are, and change only the "
              "figures that are wrong."),
    IssueType("correction-changes-suppression", "Correction hides or reveals a figure",
              "A correction may change a figure, not whether it is published: hiding or revealing a count, value or "
              "denominator changes what the figures around it give away, so the suppression of the whole group "
              "has to be checked again.",
              "The imported row ({observations} line {other_line}) {before}; this correction {after}.",
              "Fill the same cells as that row does and keep a status that {status_rule}. To hide or publish a "
              "figure, open an issue on the project's repository (linked at the foot of every page) saying which "
              "and why."),
    IssueType("correction-changes-nothing", "Correction the same as the imported row",
              "A row of corrections.csv that repeats its imported row exactly corrects nothing.",
              "This row is the same as {observations} line {other_line}.",
              "Change the figure that is wrong, or delete this row.", severity="warning"),
    IssueType("ci-stale", "Confidence interval does not match the counts",
              "For this indicator the generator works the 95% confidence interval out from the count and the "
              "denominator (by the Wilson or the Byar method, as the indicator says). An interval written in the "
              "file must be that one, so a corrected count cannot leave an old interval behind.",
              "The interval {lower} to {upper} is not the one the counts give ({low} to {high}).",
              "Write {low} and {high} in lower_ci_95 and upper_ci_95, or leave both empty: the site then works the "
              "interval out from the counts itself."),
    IssueType("value-outside-ci", "Value outside its confidence interval",
              "A value must lie between its lower and upper 95% confidence limits.",
              "The value {value} is outside its 95% confidence interval ({lower} to {upper}).",
              "Check that the value and both limits come from the same row of the source and are in the same units."),
    IssueType("ci-out-of-order", "Confidence limits in the wrong order",
              "The lower 95% confidence limit must not be above the upper one.",
              "The lower confidence limit ({lower}) is above the upper limit ({upper}).",
              "Swap lower_ci_95 and upper_ci_95 if they were entered the wrong way round."),
    IssueType("value-with-no-value-status", "Figure given for a status without one",
              "Statuses such as suppressed or not_available mean there is no figure to show, so value, the "
              "confidence limits and count must be empty.",
              'Status "{status}" means there is no figure, but column {field} has "{value}".',
              "Empty value, lower_ci_95, upper_ci_95 and count in this row, or use a status with a figure "
              "(such as published) if it can be shown."),
    IssueType("value-missing", "Figure missing",
              "Statuses such as published or provisional mean there is a figure, so the value column must be filled in.",
              'Status "{status}" means there is a figure, but column value is empty.',
              "Fill in the value, or use a status without a figure: {allowed}."),
    IssueType("count-not-suppressed", "Small count must be suppressed",
              "Small counts of people could identify them, so for indicators that count people (counts_people true) "
              "counts in the disclosure_control range of the reference datapackage.json are never published.",
              "The count {value} is from {low} to {high}, small enough to identify people, so it must not be published.",
              'Set status to "{suppressed}" and leave value, lower_ci_95, upper_ci_95 and count empty.'),
    IssueType("suppressed-count-recoverable", "Suppressed count can be worked out by subtraction",
              "When a total and all but one of its parts publish counts, the hidden part is the total minus the "
              "others, so hiding it alone protects no one. Parts are males and females within persons, and the "
              "categories of a breakdown within their total or parent category (reference dimensions.csv and "
              "categories.csv).",
              "The count suppressed on this line ({key}) can be worked out by subtraction: the total and the other "
              "parts of its group publish counts on lines {other_line}.",
              "Suppress one more cell of the group: {suggestion}. Then check again, as each extra suppression can "
              "give away another group."),
    IssueType("suppressed-total-recoverable", "Suppressed total can be worked out by adding its parts",
              "When every part of a total publishes a count, the hidden total is their sum, so hiding it alone "
              "protects no one.",
              "The total suppressed on this line ({key}) can be worked out by adding up its parts, which publish "
              "counts on lines {other_line}.",
              "Suppress a part as well: {suggestion}. Then check again, as each extra suppression can give away "
              "another group."),
    IssueType("count-implied-by-rate", "Small count can be worked out from the rate",
              "A value and its denominator give the count (value times denominator, divided by the indicator's "
              "multiplier in indicators.csv), so leaving the count empty does not hide a small one.",
              "The count is empty, but value {value} with denominator {detail} gives a count of {number}, from {low} "
              "to {high}, small enough to identify people.",
              'Set status to "{suppressed}" and leave the figures empty, or publish no denominator for this row.'),
    IssueType("period-malformed", "Period not in the expected form",
              "Each indicator has a period type (reference period_types.csv); its periods must be written the "
              "same way, for example 2018-20 for three pooled years or 2023/24 for a financial year.",
              'Period "{value}" is not in the form used for {indicator} ({period_name}).',
              "Write it like {example}."),
    IssueType("period-span-wrong", "Period covers the wrong number of years",
              "The end year of a period must fit its period type: 2018-20 for three years, 2023/24 for a financial year.",
              'Period "{value}" has the wrong end year for {indicator} ({period_name}): a period starting in '
              "{start} ends in {end}.",
              "Write {suggestion}."),
    IssueType("period-pattern-invalid", "Period pattern is not a valid regular expression",
              "The pattern column of period_types.csv must be a valid regular expression.",
              'The pattern "{value}" is not a valid regular expression: {error}.',
              "Correct the pattern; name the first year's group start and the end year's group end."),
    IssueType("country-not-one", "Not exactly one area is the country",
              "Pages compare every figure with England's, which they find as the one area of areas.csv whose "
              "area_type is country.",
              "Exactly one area must have area_type country, but {found}.",
              "Give England the area_type country, and every other area its own type."),
    IssueType("no-breakdown-not-one", "Not exactly one dimension is no breakdown",
              "Pages find the figure for everyone in an area, which every breakdown is compared with, through the one "
              "dimension of dimensions.csv marked no_breakdown true (the dimension total in the bundled data).",
              "Exactly one dimension must be marked no_breakdown true, but {found}.",
              "Write true in no_breakdown for the dimension whose one category is the figure for everyone, and leave "
              "it empty for every other dimension."),
    IssueType("no-breakdown-categories", "The no-breakdown dimension must have one category",
              "The dimension marked no_breakdown breaks nothing down, so it has exactly one category: the figure for "
              "everyone, which observations name in their breakdown column.",
              'Dimension "{value}" is marked no_breakdown, so it must have exactly one category in {categories_file}, '
              "but it has {count} ({members}).",
              "Keep one category of this dimension in categories.csv, or mark the dimension that has one."),
)
