"""Chart builders: figures as the plain dictionaries plotly.js reads (its JSON schema), no file I/O.

Plain dictionaries, not plotly.graph_objects: building a figure property by property through plotly.py's
validators cost about a tenth of the whole build. Property names are plotly.js's own, and the browser tests
draw every chart of the site with the self-hosted plotly.js.

Only scatter and bar traces are used, because the self-hosted plotly.js bundle contains only those two
(site_overrides/assets/javascripts/plotly.min.js). Figures carry an empty template so their JSON stays small
and identical from build to build.

Plotly draws a few HTML tags (<b>, <br>, <a href>...) and entities in every label, name, title and hover
text. Builders take plain text; `figure_json` escapes every string of the figure for plotly, so names from
the data are drawn as written. Two kinds of text are the exceptions, as they hold plotly's own markup and are
built here from text escaped first: hover templates (data text in them goes through `_template_text`) and
labels broken into lines (`_lines`), so that long names fit a phone's width instead of being cut off.
"""
from __future__ import annotations

import html
import json
import math
import textwrap
from collections.abc import Sequence

# Okabe-Ito: distinguishable with the common forms of colour blindness. Colour is never the only cue:
# every chart has a text summary and a table with the comparison written out.
BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#595959"
SERIES_COLOURS = (BLUE, VERMILION, GREEN, ORANGE, PURPLE, SKY)
INK = "#1a1a1a"  # the page's text colour, for text and outlines in charts too
# A shape per series too, so that colour is never the only way to tell series apart (WCAG 1.4.1), and a dark
# outline round every mark, so that the palette's pale colours stand out from white (WCAG 1.4.11: orange and sky
# blue alone are under 3:1).
SERIES_SYMBOLS = ("circle", "diamond", "square", "triangle-up", "triangle-down", "pentagon")
MARK_OUTLINE = dict(color=INK, width=1)
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13, color=INK)
# Hover labels in the page's text colour on white. Plotly's own fill the box with the series' colour and pick
# white or grey text for it, which is under 4.5:1 contrast on some of the palette (white on vermilion: 3.9:1).
HOVER_LABEL = dict(bgcolor="white", font=dict(color=INK))
# No theme: plotly.js's defaults, as plotly.py writes an empty template.
EMPTY_TEMPLATE = {"data": {"scatter": [{"type": "scatter"}]}}


def _hover(value_axis: str, decimals: int, unit: str | None = None) -> str:
    """Hover text with the category and the value rounded as in the tables (plotly would otherwise show
    every stored decimal and cut long names short): followed by its unit for a chart of one series,
    under the series' name where there are several."""
    category = "y" if value_axis == "x" else "x"
    value = f"%{{{category}}}: %{{{value_axis}:,.{decimals}f}}"
    if unit:  # "4.4% of neighbourhoods", "81.2 years", "3 ratings" (not "3 Number of ratings")
        unit = unit.removeprefix("Number of ")
        return f"{value}{'' if unit.startswith('%') else ' '}{_template_text(unit)}<extra></extra>"
    return f"%{{fullData.name}}<br>{value}<extra></extra>"


def _template_text(text: str) -> str:
    """Data text inside a hover template: escaped as plotly reads entities, with braces as entities too so
    that text such as %{x} stays text instead of being filled in."""
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


def _line_hover(value_axis: str, decimals: int) -> str:
    return f"%{{fullData.name}}: %{{{value_axis}:,.{decimals}f}}<extra></extra>"


# Labels are broken into lines where they would otherwise be cut off at the chart's edge or cover each other.
# A figure's `narrow` layout is what a narrow screen (a phone) changes: the page's script (charts.js) merges it
# over the layout where the chart is under 600 px wide. Characters per line:
NAME_WIDTH = 20  # names down the side of a chart, on a narrow screen
CATEGORY_WIDTH = 12  # categories side by side along the foot of a chart
TITLE_WIDTH = 40  # axis titles
FOOT_TITLE_WIDTH = 16  # the title under a chart across, on a narrow screen: it is centred on the plot, not the page
LEGEND_WIDTH = 32  # a series' name, in the legend and the hover text
# Categories along the foot stand side by side where they fit a chart ALONG_PX wide (at CHARACTER_PX a
# character), else on end; one longer than ON_END characters would be cut off on end, so its bars go across.
ALONG_PX, CHARACTER_PX, ON_END = 520, 6, 40
NARROW_ALONG_PX = 400  # the height of a chart along on a narrow screen, where its categories stand on end
LINE_PX = 14  # the height of a line of an 11 px label
NARROW_TICKS = 4  # at most, on the axis of values under a chart across on a narrow screen
# A legend above the plot: below it, it would lie over the labels of the categories there.
LEGEND_ABOVE = dict(orientation="h", y=1.0, yanchor="bottom", x=0, traceorder="normal")


class _Lines(str):
    """A label broken into lines: its text escaped here, its breaks plotly's <br> (`_lines`)."""


def _lines(text: str, width: int) -> _Lines:
    """text in lines of at most width characters, broken between words only (a longer word keeps its line)."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]
    return _Lines("<br>".join(html.escape(line, quote=False) for line in lines))


def _categories(labels: Sequence[str], width: int) -> dict:
    """A category axis showing each label in lines of at most width characters. The data keep the labels as
    they are, so the hover text names each category in one line."""
    return dict(tickmode="array", tickvals=list(labels), ticktext=[_lines(label, width) for label in labels])


def _narrow_across(labels: Sequence[str], x_title: str, least_row: int, other_px: int) -> dict:
    """The narrow layout of a chart across, one row per name: names in lines, the title under the plot in lines,
    and every row as tall as the names of any two neighbouring rows need (plotly spaces rows evenly)."""
    axis = _categories(labels, NAME_WIDTH)
    lines = [text.count("<br>") + 1 for text in axis["ticktext"]]
    neighbours = [(above + below) / 2 for above, below in zip(lines, lines[1:])] or lines or [1]
    row = max(least_row, math.ceil(LINE_PX * max(neighbours)) + 8)
    return dict(height=max(300, row * len(labels) + other_px), yaxis=axis,
                xaxis=dict(title=_title(x_title, FOOT_TITLE_WIDTH), nticks=NARROW_TICKS))


def _along(labels: Sequence[str], y_title: str) -> tuple[dict, dict]:
    """The axis of categories along the foot of a chart, and what a narrow screen changes of the chart: there
    categories stand on end (read from the top), in lines as long as names, and the plot is taller for them."""
    axis = _categories(labels, CATEGORY_WIDTH)
    widest = max((len(line) for text in axis["ticktext"] for line in text.split("<br>")), default=0)
    narrow = dict(height=NARROW_ALONG_PX, yaxis=dict(title=_title(y_title, NAME_WIDTH)))
    if widest * CHARACTER_PX * len(labels) > ALONG_PX:  # too many: on end, and plotly leaves some out if need be
        return dict(type="category", tickangle=90), narrow
    return dict(type="category", **axis), dict(narrow, xaxis=dict(_categories(labels, NAME_WIDTH), tickangle=90))


def _title(text: str, width: int = TITLE_WIDTH) -> dict:
    return dict(text=_lines(text, width)) if text else dict(text=text)


def _layout(y_title: str, height: int = 340, **extra) -> dict:
    settings = dict(template=EMPTY_TEMPLATE, font=FONT, hoverlabel=HOVER_LABEL, height=height, autosize=True,
                    margin=dict(l=56, r=16, t=16, b=64), paper_bgcolor="white", plot_bgcolor="white",
                    yaxis=dict(title=_title(y_title), gridcolor="#dddddd", zeroline=False, automargin=True),
                    xaxis=dict(tickfont=dict(size=12), automargin=True), showlegend=False)
    return {**settings, **extra}


def _figure(layout: dict, *traces: dict | None, narrow: dict | None = None, **updates) -> dict:
    """A figure as plotly.js reads it: the traces given (None for none) and the layout with `updates` merged
    into it key by key, as plotly's update_layout merges them; and what a narrow screen changes of it."""
    figure = {"data": [trace for trace in traces if trace is not None], "layout": _merged(layout, updates)}
    return {**figure, "narrow": narrow} if narrow else figure


def _merged(base: dict, updates: dict) -> dict:
    """base with updates merged in, key by key; an empty dict resets a property (plotly.py's None)."""
    merged = dict(base)
    for key, value in updates.items():
        merged[key] = _merged(merged[key], value) if value and isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _trace(kind: str, **properties) -> dict:
    """A trace of a kind the self-hosted bundle draws (scatter, bar); properties left as None are left out."""
    if isinstance(properties.get("name"), str):
        properties["name"] = _lines(properties["name"], LEGEND_WIDTH)
    return {"type": kind, **{name: value for name, value in properties.items() if value is not None}}


def _errors(values: Sequence, lower: Sequence | None, upper: Sequence | None) -> dict | None:
    if lower is None or upper is None or not any(_real(v) for v in lower):
        return None
    plus = [u - v if _real(u) and _real(v) else None for v, u in zip(values, upper)]
    minus = [v - lo if _real(lo) and _real(v) else None for v, lo in zip(values, lower)]
    return dict(type="data", symmetric=False, array=plus, arrayminus=minus, color=GREY, thickness=1.5, width=4)


def _benchmark_line(x_values: Sequence, benchmark: float, name: str, decimals: int = 1) -> dict:
    return _trace("scatter", x=list(x_values), y=[benchmark] * len(x_values), mode="lines", name=name,
                  line=dict(color=GREY, dash="dash", width=2), hovertemplate=_line_hover("y", decimals))


def _vertical_line(value: float, labels: Sequence[str], name: str, colour: str, decimals: int) -> dict:
    """A dashed benchmark line across horizontal bars or dots, from the first label to the last."""
    return _trace("scatter", x=[value, value], y=[labels[0], labels[-1]], mode="lines", name=name,
                  line=dict(color=colour, dash="dash", width=2), hovertemplate=_line_hover("x", decimals))


def bar_with_ci(labels: Sequence[str], values: Sequence, lower: Sequence | None = None, upper: Sequence | None = None,
                *, y_title: str, benchmark: float | None = None, benchmark_name: str = "England",
                colour: str = BLUE, decimals: int = 1) -> dict:
    """Vertical bars with 95% confidence intervals and, if given, a dashed benchmark line; across, in the
    given order, where a label is too long to stand on end under its bar."""
    with_line = _real(benchmark)
    if any(len(label) > ON_END for label in labels):
        return _bars_across(labels, values, lower, upper, y_title, colour, decimals,
                            benchmark if with_line else None, benchmark_name, legend=with_line)
    bars = _trace("bar", x=list(labels), y=_clean(values), marker=dict(color=colour), name=y_title,
                  error_y=_errors(values, lower, upper), hovertemplate=_hover("y", decimals, y_title))
    axis, narrow = _along(labels, y_title)  # labels such as "1 - most deprived" are categories, not numbers
    return _figure(_layout(y_title, showlegend=with_line), bars,
                   _benchmark_line(labels, benchmark, benchmark_name, decimals) if with_line else None,
                   xaxis=axis, narrow=narrow, **({"legend": LEGEND_ABOVE} if with_line else {}))


def ranked_bars(labels: Sequence[str], values: Sequence, lower: Sequence | None = None, upper: Sequence | None = None,
                *, x_title: str, benchmark: float | None = None, benchmark_name: str = "England",
                decimals: int = 1) -> dict:
    """Horizontal bars in the given order (already ranked), with confidence intervals and a benchmark line."""
    return _bars_across(labels, values, lower, upper, x_title, BLUE, decimals,
                        benchmark if _real(benchmark) else None, benchmark_name)


def _bars_across(labels: Sequence[str], values: Sequence, lower: Sequence | None, upper: Sequence | None, x_title: str,
                 colour: str, decimals: int, benchmark: float | None, benchmark_name: str, legend: bool = False) -> dict:
    """Horizontal bars in the given order, top to bottom, with confidence intervals and a benchmark line."""
    other_px = 80 + (30 if legend else 0)
    bars = _trace("bar", y=list(labels), x=_clean(values), orientation="h", marker=dict(color=colour), name=x_title,
                  error_x=_errors(values, lower, upper), hovertemplate=_hover("x", decimals, x_title))
    return _figure(_layout("", height=max(300, 22 * len(labels) + other_px), margin=dict(l=8, r=16, t=16, b=48),
                           showlegend=legend), bars,
                   _vertical_line(benchmark, labels, benchmark_name, GREY, decimals) if benchmark is not None else None,
                   xaxis=dict(title=_title(x_title), gridcolor="#dddddd"),
                   yaxis=dict(type="category", autorange="reversed", automargin=True, tickfont=dict(size=11)),
                   narrow=_narrow_across(labels, x_title, 22, other_px), **({"legend": LEGEND_ABOVE} if legend else {}))


def stacked_counts(labels: Sequence[str], counts: dict[str, Sequence[int]], colours: dict[str, str], *,
                   x_title: str) -> dict:
    """Horizontal bars in the given order, each split into counts by category (for example how many of a
    system's places are Better, Similar or Worse than England), one legend entry per category."""
    height = max(300, 22 * len(labels) + 110)
    narrow = _narrow_across(labels, x_title, 22, 110)
    most = max((sum(map(int, row)) for row in zip(*counts.values())), default=0)
    narrow["xaxis"]["dtick"] = max(1, math.ceil(most / NARROW_TICKS))  # whole numbers, a tick every few
    bars = [_trace("bar", y=list(labels), x=[int(v) for v in values], orientation="h", name=category,
                   marker=dict(color=colours.get(category, GREY), line=dict(MARK_OUTLINE, width=0.5)),
                   hovertemplate=_hover("x", 0)) for category, values in counts.items()]
    return _figure(_layout("", height=height, margin=dict(l=8, r=16, t=16, b=48), showlegend=True), *bars,
                   barmode="stack", xaxis=dict(title=_title(x_title), gridcolor="#dddddd", dtick=1),
                   yaxis=dict(type="category", autorange="reversed", automargin=True, tickfont=dict(size=11)),
                   legend=LEGEND_ABOVE, narrow=narrow)


def dot_plot(labels: Sequence[str], series: dict[str, Sequence], *, x_title: str,
             benchmarks: dict[str, float] | None = None, decimals: int = 1) -> dict:
    """One row per label with a dot per named series (for example women and men in each place), each series
    in its own colour and marker shape, and a dashed benchmark line per series where given. Dots, not bars:
    the axis need not start at zero, so differences of a year or two stay visible."""
    height = max(300, 28 * len(labels) + 140)
    dots = [_trace("scatter", y=list(labels), x=_clean(values), mode="markers", name=name,
                   marker=dict(color=colour, symbol=symbol, size=11, line=MARK_OUTLINE),
                   hovertemplate=_hover("x", decimals))
            for (name, values), colour, symbol in zip(series.items(), SERIES_COLOURS, SERIES_SYMBOLS)]
    lines = [_vertical_line(value, labels, f"England, {name.lower()}", colour, decimals)
             for (name, value), colour in zip((benchmarks or {}).items(), SERIES_COLOURS) if _real(value)]
    return _figure(_layout("", height=height, margin=dict(l=8, r=16, t=16, b=48), showlegend=True), *dots, *lines,
                   xaxis=dict(title=_title(x_title), gridcolor="#dddddd"),
                   yaxis=dict(type="category", autorange="reversed", automargin=True, tickfont=dict(size=11), gridcolor="#eeeeee"),
                   legend=LEGEND_ABOVE, narrow=_narrow_across(labels, x_title, 28, 140))


def trend_lines(series: dict[str, tuple[Sequence[str], Sequence, Sequence | None, Sequence | None]], *,
                y_title: str, decimals: int = 1) -> dict:
    """One line per named series over periods, with 95% confidence intervals where known."""
    lines = [_trace("scatter", x=list(periods), y=_clean(values), mode="lines+markers", name=name,
                    line=dict(color=colour, width=2), marker=dict(size=7, symbol=symbol, line=MARK_OUTLINE),
                    error_y=_errors(values, lower, upper), hovertemplate=_hover("y", decimals))
             for (name, (periods, values, lower, upper)), colour, symbol in zip(series.items(), SERIES_COLOURS, SERIES_SYMBOLS)]
    axis, narrow = _along(list(dict.fromkeys(period for periods, *_ in series.values() for period in periods)), y_title)
    return _figure(_layout(y_title, showlegend=len(series) > 1), *lines, legend=LEGEND_ABOVE, xaxis=axis, narrow=narrow)


def category_map(points: dict[str, tuple[Sequence[str], Sequence[float], Sequence[float]]],
                 colours: dict[str, str]) -> dict:
    """Areas as squares at their label points, one legend entry per category (for example Better, Similar,
    Worse), so the category is named in words as well as shown by colour."""
    tiles = [_trace("scatter", x=list(longitudes), y=list(latitudes), mode="markers", name=category,
                    text=[f"{n}: {category}" for n in names], hoverinfo="text",
                    marker=dict(symbol="square", size=16, color=colours.get(category, GREY), line=MARK_OUTLINE))
             for category, (names, longitudes, latitudes) in points.items()]
    return _figure(_layout("", height=480, margin=dict(l=8, r=8, t=8, b=8), showlegend=True), *tiles,
                   xaxis=dict(visible=False), yaxis=dict(visible=False, scaleanchor="x", scaleratio=1.6),
                   legend=dict(orientation="h", y=-0.02))


MATURITY_COLOURS = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")  # light to dark blue: one hue, ordered by lightness


def maturity_grid(cells: Sequence[tuple[str, str, str | None, str]], rows: Sequence[str], columns: Sequence[str],
                  levels: Sequence[str]) -> dict:
    """Phases (rows) by sub-topics (columns), a square per rated cell coloured by maturity level, darker for
    more mature; one legend entry per level, so each colour is also named. cells: (row, column, level or None
    for not rated, hover text)."""
    squares = []
    for level, colour in zip([*levels, None], [*MATURITY_COLOURS[-len(levels):], "#ffffff"]):
        chosen = [c for c in cells if c[2] == level]
        if chosen:
            squares.append(_trace("scatter", x=[c[1] for c in chosen], y=[c[0] for c in chosen], mode="markers",
                                  name=level or "Not rated", text=[c[3] for c in chosen], hoverinfo="text",
                                  marker=dict(symbol="square", size=30, color=colour, line=MARK_OUTLINE)))
    return _figure(_layout("", height=60 + 44 * len(rows), margin=dict(l=8, r=8, t=8, b=8), showlegend=True), *squares,
                   xaxis=dict(type="category", categoryorder="array", categoryarray=list(columns), side="top",
                              showgrid=False, automargin=True),
                   yaxis=dict(type="category", categoryorder="array", categoryarray=list(rows), autorange="reversed",
                              showgrid=False, automargin=True, title={}),
                   legend=dict(orientation="h", y=-0.02, yanchor="top"),
                   # on a narrow screen: sub-topics on end, so that they do not overlap, and room for them and
                   # the legend, whose entries there stand one under another
                   narrow=dict(height=220 + 44 * len(rows), xaxis=dict(tickangle=90)))


def figure_json(fig: dict) -> str:
    """Compact, stable JSON of a figure, every string in it escaped for plotly (see the module's docstring).
    The page layer escapes it again for the <template> element it sits in (`safe.embedded_json`)."""
    return json.dumps(_escaped({key: fig[key] for key in ("data", "layout", "narrow") if key in fig}), sort_keys=True,
                      separators=(",", ":"), default=_jsonable, allow_nan=False)


def _escaped(value, key: str = ""):
    """Every string escaped as plotly reads HTML entities, except the hover templates built in this module."""
    if isinstance(value, _Lines):
        return str(value)
    if isinstance(value, str):
        return value if key == "hovertemplate" else html.escape(value, quote=False)
    if isinstance(value, dict):
        return {k: _escaped(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escaped(v, key) for v in value]
    if hasattr(value, "tolist"):
        return _escaped(value.tolist(), key)
    return value


def _clean(values: Sequence) -> list:
    return [float(v) if _real(v) else None for v in values]


def _real(value) -> bool:
    try:
        return value is not None and not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _jsonable(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"cannot put {type(value).__name__} in a chart")
