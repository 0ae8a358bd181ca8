"""The escaping layer (generator/pages/safe.py and charts.figure_json): data text is shown as
written wherever it lands, a link from the data is https or nothing, and no page module writes markup of
its own, so a new page cannot forget to escape."""
from __future__ import annotations

import ast
import csv
import html
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from generator import charts
from generator.pages import common, safe

HOSTILE = '<script>alert(1)</script> **b** [x](javascript:alert(1)) {: onclick="x" } # h & "q" \'s'
PAGES = Path(common.__file__).parent


def test_html_text_is_escaped_by_every_partial():
    table = str(common.html_table(pd.DataFrame({HOSTILE: [HOSTILE]}), caption=HOSTILE))
    assert "<script>" not in table and table.count("&lt;script&gt;") == 4  # aria-label, caption, heading, cell
    assert 'onclick="x"' not in table and "onclick=&#34;x&#34;" in table
    assert str(safe.paragraph(HOSTILE)).startswith("<p>&lt;script&gt;")


def test_markdown_text_escapes_markdown_syntax_as_well_as_html():
    shown = str(common.heading(2, HOSTILE))
    assert shown.startswith("## &lt;script&gt;")
    for syntax in (r"\*\*b\*\*", r"\[x\]\(javascript:alert\(1\)\)", r"\{: onclick=", r"\# h"):
        assert syntax in shown, syntax
    assert safe.markdown_text("Stoke-on-Trent") == r"Stoke\-on\-Trent"  # escaped, and shown as written


def test_plain_text_in_a_block_slot_becomes_an_escaped_paragraph():
    assert safe.block("**not bold**\n\n# not a heading") == "<p>**not bold**\n\n# not a heading</p>"
    figure = safe.paragraph("kept")
    assert safe.block(figure) is figure


@pytest.mark.parametrize("address", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " https://example.org/",
                                     "java\tscript:alert(1)", "data:text/html,x", "http://example.org/",
                                     "//evil.example/", "https:/\\evil.example", "", None, "relative/page/"])
def test_a_link_from_the_data_is_https_or_nothing(address):
    rendered = str(safe.partial("sources.html", sources=[{"path": address, "title": "The source"}], files="f",
                                version="1", attribution=""))
    assert "<a " not in rendered and "The source" in rendered


def test_an_https_link_from_the_data_is_a_link():
    rendered = str(safe.partial("sources.html", sources=[{"path": "https://example.org/a?b=1&c=2", "title": "S"}],
                                files="f", version="1", attribution=""))
    assert '<a href="https://example.org/a?b=1&amp;c=2">S</a>' in rendered


@pytest.mark.parametrize("address", ["javascript:alert(1)", "https://example.org/", "//example.org/", "a b/"])
def test_links_between_pages_must_be_relative(address):
    with pytest.raises(ValueError):
        safe.page_href(address)
    assert safe.page_href("../groups/core20/") == "../groups/core20/"


def test_titles_for_the_menu_and_tab_are_escaped_once_and_stay_valid_yaml():
    assert safe.title("A & B <i>") == "A &amp; B &lt;i&gt;"
    front = safe.front_matter("</title><script>x</script>: !!python/object {{ 1 }}")
    assert front.startswith("---\n") and front.endswith("---\n")
    assert yaml.safe_load(front.strip("-\n")) == {"title": "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;: !!python/object {{ 1 }}"}


@pytest.mark.parametrize("label, escaped, axis", [(HOSTILE, "&lt;script&gt;alert(1)&lt;/script&gt;", "y"),  # bars across
                                                   ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;", "x")])
def test_chart_text_is_escaped_for_plotly_and_the_element_it_sits_in(label, escaped, axis):
    fig = charts.bar_with_ci([label, "a"], [1, 2], y_title="%{y} <b>unit</b>")
    spec = json.loads(charts.figure_json(fig))
    strings = _strings(spec)
    assert not [s for s in strings if "<script" in s or "<b>" in s], "plotly would draw these tags"
    assert escaped in spec["data"][0][axis][0]
    assert "%&#123;y&#125; &lt;b&gt;unit&lt;/b&gt;" in spec["data"][0]["hovertemplate"]  # no second %{y}
    embedded = str(safe.embedded_json(charts.figure_json(fig)))
    assert not {"<", ">", "&"} & set(embedded) and json.loads(embedded) == spec


def test_labels_broken_into_lines_keep_their_text_as_text():
    """A long name is broken into lines with plotly's <br>, the one tag in a figure outside its hover templates;
    each line is escaped, so the name reads as written."""
    name = f"{HOSTILE} & a name from the data, far longer than one line of a chart"
    fig = charts.dot_plot([name, "b"], {"Here": [1, 2]}, x_title=f"{HOSTILE} across the foot of the chart")
    spec = json.loads(charts.figure_json(fig))
    shown = spec["narrow"]["yaxis"]["ticktext"][0]
    assert shown.count("<br>") >= 3
    assert html.unescape(shown.replace("<br>", " ")) == name
    assert spec["narrow"]["yaxis"]["tickvals"][0] == spec["data"][0]["y"][0] == html.escape(name, quote=False)
    texts = _strings(spec["layout"]) + _strings(spec["narrow"]) + [
        s for trace in spec["data"] for key, value in trace.items() if key != "hovertemplate" for s in _strings(value)]
    assert not [s for s in texts if "<" in s.replace("<br>", "")], "plotly would draw these tags"


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_csv_downloads_neutralise_formulas_but_keep_numbers():
    frame = pd.DataFrame({"text": ['=HYPERLINK("https://evil.example")', "+1+2", "@SUM(A1)", "\tx", "\r=1", "-2-3",
                                   "-1.5", "+3", "plain", "a=b"], "n": range(10)})
    cells = [row[0] for row in csv.reader(io.StringIO(safe.csv_text(list(frame.columns), frame.itertuples(index=False))))][1:]
    assert cells[:6] == ['\'=HYPERLINK("https://evil.example")', "'+1+2", "'@SUM(A1)", "'\tx", "'\n=1", "'-2-3"]
    assert cells[6:] == ["-1.5", "+3", "plain", "a=b"]


def _literals(path: Path):
    """String literals of a module, the docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Markup":
            yield node.lineno, "Markup("


# safe.py is the escaping layer itself; nav.py writes YAML (its titles go through safe.title).
@pytest.mark.parametrize("module", sorted(p.name for p in PAGES.glob("*.py") if p.name not in {"safe.py", "nav.py"}))
def test_page_modules_write_no_markup_of_their_own(module):
    """HTML tags, Markdown headings and Markup() belong in templates and safe.py, where escaping is the default."""
    markup = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|^#+ |\n#+ ")
    found = [f"line {line}: {text!r}" for line, text in _literals(PAGES / module)
             if text == "Markup(" or markup.search(text)]
    assert found == [], f"{module} builds markup itself; use a partial in generator/templates/partials instead"


def test_the_link_rule_s_own_examples_hold():
    """generator/links.py's doctest: the tricks a browser would still follow, refused."""
    import doctest

    from generator import links

    results = doctest.testmod(links)
    assert results.attempted >= 2 and results.failed == 0


def test_text_among_blocks_is_a_paragraph_too():
    """safe.join puts each piece through block, so a sentence joined to a figure cannot land in Markdown."""
    joined = safe.join([safe.paragraph("kept"), "**not bold**\n\n# not a heading", None, safe.EMPTY])
    assert joined == "<p>kept</p>\n\n<p>**not bold**\n\n# not a heading</p>"
