"""The site's one escaping layer: data reaches a page, a chart or the menu only through here.

Contributed text is hostile until shown otherwise, so escaping is the default, not a step to remember:
- every page and partial is a Jinja template with autoescape on, and page modules write no HTML or
  Markdown syntax of their own (tests/test_escaping.py fails on a tag in their source); what they get
  back from `partial()` is already safe, and anything else they pass in is escaped where it lands;
- text in a Markdown context (a heading) goes through the `md` filter, which escapes Markdown's own
  syntax as well as HTML, so `[x](javascript:...)` or `{: onclick=... }` stays text;
- a link from the data becomes a link only if it is an https address (`external_link`); links between
  the site's own pages must be relative (`page_link`), so neither can carry a script;
- titles for the menu and the browser tab are HTML-escaped once, because Material prints them as HTML.
- a CSV download's text cells cannot run as a spreadsheet formula (`csv_text`).
Charts have their own rules, in `generator.charts.figure_json`.
"""
from __future__ import annotations

import csv
import functools
import html
import io
import re

import pandas as pd
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import paths
from generator.links import is_safe_https_url

# Python-Markdown's escapable characters (with `|` for tables): a backslash before anything else would show.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def plain(value) -> str:
    """Cell or field as text: '' for missing values, so 'nan' or 'None' never reaches a reader."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value)


def markdown_text(value) -> Markup:
    """Data for a Markdown heading: HTML escaped, then Markdown's syntax characters backslash-escaped."""
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(plain(value), quote=False)))


def title(value) -> str:
    """A page or menu title as Material expects it: HTML, so data text is escaped once (quotes need not be)."""
    return html.escape(plain(value), quote=False)


def page_href(url: str) -> str:
    """A link between the site's own pages: relative, never with a scheme or to another host."""
    if not isinstance(url, str) or _SCHEME.match(url) or url.startswith(("//", "\\")) or any(c.isspace() for c in url):
        raise ValueError(f"not a relative link between pages: {url!r}")
    return url


def embedded_json(value: str) -> Markup:
    """JSON as the text of an HTML element (a chart's <template>): no <, > or & left to end the element,
    open a tag or a comment, or start an entity, so the element's text is the JSON exactly."""
    return Markup(value.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def rich_text(value) -> Markup:
    """Free text from the data (a narrative, a reason, "you said") with its paragraphs and lists kept, and
    nothing else read from it: blank lines part paragraphs, and lines that start with "- ", "* " or "1. "
    make a bulleted or a numbered list. Every piece is escaped by the template, so HTML, Markdown, Jinja or
    spreadsheet syntax in it is shown as written."""
    text = plain(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks: list[tuple[str, list[str]]] = []
    for chunk in re.split(r"\n\s*\n", text):
        kind_before = None
        for line in chunk.split("\n"):
            if not line.strip():
                continue
            bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
            kind, piece = ("ul", bullet.group(1)) if bullet else ("ol", numbered.group(1)) if numbered else ("p", line.strip())
            if kind == kind_before:
                blocks[-1][1].append(piece)
            else:
                blocks.append((kind, [piece]))
                kind_before = kind
    return partial("rich_text.html", blocks=blocks) if blocks else EMPTY


def paragraph(sentence: str) -> Markup:
    return partial("paragraph.html", text=sentence, css_class=None)


def block(value) -> Markup:
    """A block-level slot of a Markdown page: a partial as it is, plain text as an escaped paragraph, so text
    never lands where Markdown would read it."""
    return value if isinstance(value, Markup) else paragraph(value)


def join(blocks, separator: str = "\n\n") -> Markup:
    """Blocks one after another, each through `block`, so text among them is a paragraph too; empty ones
    (None, '' or EMPTY) are left out."""
    return Markup(separator).join(block(b) for b in blocks if b)


EMPTY = Markup("")


@functools.cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(paths.TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=False)
    env.filters.update(md=markdown_text, block=block, page_href=page_href, embedded_json=embedded_json, plain=plain)
    env.tests["https_url"] = is_safe_https_url
    env.globals["partial"] = partial
    return env


def partial(name: str, **context) -> Markup:
    """A rendered partial, templates/partials/NAME.j2 (NAME ends .html, or .md for Markdown), safe anywhere."""
    return Markup(environment().get_template(f"partials/{name}.j2").render(**context).strip("\n"))


def page(name: str, **context) -> str:
    """A whole page from templates/NAME.md.j2."""
    return environment().get_template(f"{name}.md.j2").render(**context)


def document(name: str, **context) -> str:
    """A whole HTML document from templates/shell/NAME.html.j2: the pages around the releases (generator.shell)."""
    return environment().get_template(f"shell/{name}.html.j2").render(**context)


def front_matter(page_title: str) -> str:
    """YAML front matter giving the page's title, escaped for Material, so it is the one the menu, the tab and
    search show (Material prints a front-matter title as it is, where it would unescape a menu title in the
    tab). yaml.safe_dump quotes whatever the text holds."""
    return "---\n" + yaml.safe_dump({"title": title(page_title)}, allow_unicode=True, width=10_000) + "---\n"


# Spreadsheets run a cell that starts with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(columns: list, rows) -> str:
    """A download's CSV, every text cell safe to open in a spreadsheet (`safe_cell`); written as pandas writes a
    frame (a missing value is an empty cell), by the csv module, which is many times quicker for a small table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _csv_cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return safe_cell(value)


def safe_cell(value):
    """A CSV cell safe to open in a spreadsheet: text it would run as a formula gets a leading ' so it is shown
    as text (numbers, and text such as "-1.5" that reads as one, stay as they are), and a carriage return
    becomes a line break, which the CSV writer then quotes (it quotes only the line ending it writes)."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")
