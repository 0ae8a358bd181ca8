"""Problems with the release records, releases/releases.csv and the corrections log releases/corrections.csv
(written by `python -m generator release`; see generator/release.py)."""
from __future__ import annotations

from generator.messages.issue_type import IssueType

TYPES = (
    IssueType("release-record-invalid", "A release record is incomplete or not in its form",
              "Every release of the site has a line in releases/releases.csv: its number (MAJOR.MINOR), the date "
              "it was released, its kind (edition, revision, correction or withdrawal) and a public summary of what "
              "changed and why.",
              "Line {line} of releases.csv: {detail}.",
              "{action} `python -m generator release` writes a correct line."),
    IssueType("release-out-of-sequence", "A release number out of sequence",
              "Release numbers follow each other in order: a new edition raises the first number (2.0 after 1.3), "
              "and a revision, correction or withdrawal raises the second (1.4 after 1.3). A gap or a repeat would "
              "leave readers wondering what was left out.",
              "Release {value} is marked as a release of the kind {kind}, but after {before} the next {kind} is release {expected}.",
              "Give the release the number {expected}, or change its kind."),
    IssueType("release-correction-incomplete", "A correction does not say what it corrects",
              "A correction or a withdrawal names the earliest release that has the mistake (`corrects`), and a "
              "correction has a line in the corrections log (releases/corrections.csv) saying what was wrong and "
              "which pages showed it, so every page of every release that had the mistake can say so.",
              "Release {value}: {detail}.",
              "{action}"),
)
