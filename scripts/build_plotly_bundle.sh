#!/bin/sh
# Rebuild site_overrides/assets/javascripts/plotly.min.js: plotly.js with only the scatter and bar traces
# and the layout components the charts use.
#
# Why a partial bundle: the generator draws charts with go.Scatter and go.Bar only, and plotly.py's
# full plotly.min.js (4.8 MB) is far too heavy for a cheap phone. This follows plotly.js's documented
# custom-bundle recipe (CUSTOM_BUNDLE.md: core + the wanted trace modules), leaves out the layout
# components no chart uses (393 KB -> 355 KB gzipped), the modules of interactions no chart offers
# (selection, shape drawing, the mode bar: 355 KB -> about 325 KB), the parts of two libraries
# plotly.js requires whole but uses a few functions of (culori, gl-mat4: -> 314 KB) and the API
# functions charts.js never calls (image export, validation, templates: -> 307 KB), and is bundled and
# minified with esbuild using the same settings as plotly.js's own esbuild-config.js, from the exact
# versions pinned in package-lock.json (`npm ci`), so the output is reproducible.
#
# Usage (from the repository root): sh scripts/build_plotly_bundle.sh [OUT]
# OUT is where the bundle is written (by default the committed one, below). With PLOTLY_BUNDLE_INSTALLED=1
# the script uses node_modules as it is, without `npm ci` first (the tests, after make test's own npm ci).
# If you change the trace or component lists, keep them in step with what generator/charts.py draws;
# the browser tests fail when a chart does not draw or the page reports a script error.
set -eu

cd "$(dirname "$0")/.."
OUT=${1:-site_overrides/assets/javascripts/plotly.min.js}
TRACES="bar"   # scatter is registered below, as plotly.js/lib/core does

# --ignore-scripts: nothing here needs install scripts (esbuild's binary comes as an optional package).
[ "${PLOTLY_BUNDLE_INSTALLED:-}" = 1 ] || npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

VERSION=$(node -p "require('plotly.js/package.json').version")
ENTRY=$(mktemp "${TMPDIR:-/tmp}/plotly-entry-XXXXXX.js")
BODY=$(mktemp "${TMPDIR:-/tmp}/plotly-body-XXXXXX.js")
trap 'rm -f "$ENTRY" "$BODY"' EXIT

SRC="$PWD/node_modules/plotly.js/src"
# plotly.js/lib/core registers every layout component (annotations, shapes, sliders, update menus, range
# sliders, images, colour bars, the mode bar...). The generator's charts use only those listed here, so
# the entry repeats src/core.js's set-up with just them: a component that is not registered is skipped
# by plotly's registry (getComponentMethod returns a no-op), which is how plotly itself treats optional
# modules. Modules that other code requires directly stay in the bundle either way.
# The API is src/plot_api/plot_api.js's functions (newPlot, react, restyle, relayout...), which plotly's
# own code calls through the registry, without what src/plot_api/index.js adds to them: image export
# (toImage, downloadImage: the mode bar's camera button, never shown), figure and template validation and
# template making. charts.js calls none of them.
COMPONENTS="grid errorbars colorscale shapes modebar legend fx"   # this order, as in src/core.js (legend reads shapes; fx reads legend; drawing reads modebar)
{
  echo "'use strict';"
  echo "require('$SRC/../build/plotcss');"
  echo "var Registry = require('$SRC/registry');"
  echo "var plotApi = require('$SRC/plot_api/plot_api');"
  echo "var Plotly = { version: require('$SRC/version').version, register: Registry.register };"
  echo "Object.keys(plotApi).forEach(function (name) {"
  echo "  if (name.charAt(0) !== '_') Plotly[name] = plotApi[name];"
  echo "  Registry.register({ moduleType: 'apiMethod', name: name, fn: plotApi[name] });"
  echo "});"
  echo "Registry.register(require('$SRC/traces/scatter'));"
  echo "Registry.register(["
  for component in $COMPONENTS; do echo "  require('$SRC/components/$component'),"; done
  echo "]);"
  echo "Registry.register([require('$SRC/locale-en'), require('$SRC/locale-en-us')]);"
  echo "Registry.register(["
  for trace in $TRACES; do echo "  require('$PWD/node_modules/plotly.js/lib/$trace'),"; done
  echo "]);"
  echo "module.exports = Plotly;"
} > "$ENTRY"

# Settings from plotly.js's esbuild-config.js (global -> window, no AMD), minified, no legal comments
# inside (the header below carries the licence notice once), leaving out the modules of interactions the
# charts never offer and what plotly.js does not use of culori and gl-mat4 (the lists and the reasons
# are in scripts/plotly_esbuild.mjs).
node scripts/plotly_esbuild.mjs "$ENTRY" "$BODY"

mkdir -p "$(dirname "$OUT")"
{
  echo "/*! plotly.js v$VERSION partial bundle (traces: scatter, $TRACES; components: $COMPONENTS; without selection,"
  echo " * shape drawing, the mode bar, image export and validation; of culori and gl-mat4, only the functions plotly.js uses) built from the npm package"
  echo " * plotly.js@$VERSION by scripts/build_plotly_bundle.sh with esbuild."
  echo " * Copyright 2012-2026, Plotly, Inc. Licensed under the MIT license:"
  echo " * https://github.com/plotly/plotly.js/blob/master/LICENSE */"
  cat "$BODY"
} > "$OUT"

RAW=$(wc -c < "$OUT")
GZ=$(gzip -9c "$OUT" | wc -c)
echo "Wrote $OUT: $RAW bytes, $GZ bytes gzipped."
