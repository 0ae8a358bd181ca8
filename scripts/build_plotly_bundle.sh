#!/bin/sh
# Rebuild site_overrides/assets/javascripts/plotly.min.js: plotly.js with only the scatter and bar traces.
#
# Why a partial bundle: the generator draws charts with go.Scatter and go.Bar only, and plotly.py's
# full plotly.min.js (4.8 MB) is far too heavy for a cheap phone. This follows plotly.js's documented
# custom-bundle recipe (CUSTOM_BUNDLE.md: lib/core + the wanted trace modules), bundled and minified
# with esbuild using the same settings as plotly.js's own esbuild-config.js, from the exact versions
# pinned in package-lock.json (`npm ci`), so the output is reproducible.
#
# Usage (from the repository root): sh scripts/build_plotly_bundle.sh
# If you change the trace list, keep it in step with the trace types generator/charts.py uses.
set -eu

cd "$(dirname "$0")/.."
OUT=site_overrides/assets/javascripts/plotly.min.js
TRACES="bar"   # scatter is always part of plotly.js/lib/core

# --ignore-scripts: nothing here needs install scripts (esbuild's binary comes as an optional package).
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

VERSION=$(node -p "require('plotly.js/package.json').version")
ENTRY=$(mktemp "${TMPDIR:-/tmp}/plotly-entry-XXXXXX.js")
BODY=$(mktemp "${TMPDIR:-/tmp}/plotly-body-XXXXXX.js")
trap 'rm -f "$ENTRY" "$BODY"' EXIT

{
  echo "var Plotly = require('$PWD/node_modules/plotly.js/lib/core');"
  echo "Plotly.register(["
  for trace in $TRACES; do echo "  require('$PWD/node_modules/plotly.js/lib/$trace'),"; done
  echo "]);"
  echo "module.exports = Plotly;"
} > "$ENTRY"

# Settings from plotly.js's esbuild-config.js (global -> window, no AMD), minified, no legal comments
# inside (the header below carries the licence notice once).
node_modules/.bin/esbuild "$ENTRY" --bundle --minify --format=iife --global-name=Plotly \
  --target=es2016 --define:global=window --define:define.amd=false \
  --legal-comments=none --log-level=warning --outfile="$BODY"

mkdir -p "$(dirname "$OUT")"
{
  echo "/*! plotly.js v$VERSION partial bundle (traces: scatter, $TRACES) built from the npm package"
  echo " * plotly.js@$VERSION by scripts/build_plotly_bundle.sh with esbuild."
  echo " * Copyright 2012-2026, Plotly, Inc. Licensed under the MIT license:"
  echo " * https://github.com/plotly/plotly.js/blob/master/LICENSE */"
  cat "$BODY"
} > "$OUT"

RAW=$(wc -c < "$OUT")
GZ=$(gzip -9c "$OUT" | wc -c)
echo "Wrote $OUT: $RAW bytes, $GZ bytes gzipped."
