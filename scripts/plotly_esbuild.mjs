// Bundle and minify the plotly.js partial-bundle entry for scripts/build_plotly_bundle.sh, with the
// settings of plotly.js's own esbuild-config.js, and with the modules below left out.
//
// Usage: node scripts/plotly_esbuild.mjs ENTRY OUTFILE
//
// The modules left out serve interactions our charts never offer: the mode bar is never shown
// (charts.js passes displayModeBar: false), no chart has layout shapes or editable shapes, and the drag
// modes that select points or draw new shapes are not used (clickmode stays "event"). plotly.js still
// requires them from code that is reachable, so each is replaced by a function that does nothing and whose
// every property is such a function. Should one be reached after all, nothing is drawn for it, and the browser
// tests, which fail on any script error or undrawn chart, say so. Together they weigh about 30 KB gzipped.
// Leaving out a module also leaves out what only it required (for example polybooljs, with selection).
import { existsSync, readFileSync } from "node:fs";
import * as esbuild from "esbuild";

const LEFT_OUT = [
  "plotly.js/src/components/selections/select.js",         // box and lasso selection
  "plotly.js/src/components/selections/draw_newselection/newselections.js",
  "polybooljs/index.js",                                    // polygon maths for lasso selection
  "plotly.js/src/components/shapes/draw_newshape/newshapes.js", // drawing new shapes with the mouse
  "plotly.js/src/components/shapes/display_outlines.js",    // outlines of shapes being drawn or edited
  "plotly.js/src/components/shapes/draw.js",                // layout shapes (none in our charts)
  "plotly.js/src/components/modebar/manage.js",             // the mode bar (never shown)
  "plotly.js/src/components/modebar/buttons.js",
  "plotly.js/src/fonts/ploticon.js",                        // the mode bar's icons
];
// Callable too, as some of these modules export a single function (modebar/manage.js).
const STUB = "module.exports = new Proxy(function () {}, { get: function (target, key) { " +
  "return key === '__esModule' ? false : key === 'prototype' ? target.prototype : function () {}; } });";

const leaveOut = {
  name: "leave-out-unused-interactions",
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === "resolving") return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: "resolving" });
      if (found.errors.length) return found;
      const path = found.path.replaceAll("\\", "/");
      return LEFT_OUT.some((module) => path.endsWith(`/node_modules/${module}`)) ? { path, namespace: "left-out" } : found;
    });
    build.onLoad({ filter: /.*/, namespace: "left-out" }, () => ({ contents: STUB, loader: "js" }));
  },
};

// Two libraries plotly.js requires whole, in CommonJS form, so nothing of them can be shaken out, though it
// uses only a few of their functions. Each is swapped, for plotly.js's modules named here, for a module that
// provides just those functions from the same package:
// - culori (every colour space and helper, about 64 KB minified): the colour module uses five functions,
//   and parses CSS colours only. Its own comment says it should import them from culori's tree-shakable
//   entry, "culori/fn", with the colour spaces it needs registered; here they are culori's CSS colour
//   spaces ("culori/css"), so every colour CSS can write still parses.
// - gl-mat4 (every 4x4 matrix function, about 11 KB): two modules use "multiply" and "invert".
// `used` finds the functions a module uses in its source: should a plotly.js upgrade use one more, the
// build stops and says so, rather than publish a chart that fails when it needs it.
const ONLY_WHAT_PLOTLY_USES = {
  culori: {
    importers: ["plotly.js/src/components/color/index.js"],
    provides: ["converter", "formatHex", "formatRgb", "wcagContrast", "wcagLuminance"],
    used: (source) => (source.match(/const \{([^}]*)\} = require\('culori'\)/)?.[1] ?? "")
      .split(",").map((name) => name.split(":")[0].trim()).filter(Boolean),
    contents: (names) => `import "culori/css";\nexport { ${names.join(", ")} } from "culori/fn";\n`,
  },
  "gl-mat4": {
    importers: ["plotly.js/src/lib/dom.js", "plotly.js/src/lib/matrix.js"],
    provides: ["invert", "multiply"],
    used: (source) => [...source.matchAll(/mat4X4\.(\w+)/g)].map((match) => match[1]),
    contents: (names) => `module.exports = { ${names.map((name) => `${name}: require("gl-mat4/${name}")`).join(", ")} };\n`,
  },
};

const onlyWhatPlotlyUses = {
  name: "only-what-plotly-uses",
  setup(build) {
    const names = Object.keys(ONLY_WHAT_PLOTLY_USES).map((name) => name.replace(/[-/]/g, "\\$&"));
    build.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) => {
      const slim = ONLY_WHAT_PLOTLY_USES[args.path];
      const importer = args.importer.replaceAll("\\", "/");
      if (!slim.importers.some((module) => importer.endsWith(`/node_modules/${module}`))) return undefined;
      const used = slim.used(readFileSync(args.importer, "utf8"));
      const missing = used.filter((name) => !slim.provides.includes(name));
      if (!used.length || missing.length) {
        const what = used.length ? `now uses ${missing.join(", ")} of ${args.path}` : `uses ${args.path} in a new way`;
        return { errors: [{ text: `${importer} ${what}: update ONLY_WHAT_PLOTLY_USES in scripts/plotly_esbuild.mjs` }] };
      }
      return { path: args.path, namespace: "only-what-plotly-uses", pluginData: args.resolveDir };
    });
    build.onLoad({ filter: /.*/, namespace: "only-what-plotly-uses" }, (args) => ({
      contents: ONLY_WHAT_PLOTLY_USES[args.path].contents(ONLY_WHAT_PLOTLY_USES[args.path].provides),
      loader: "js", resolveDir: args.pluginData,
    }));
  },
};

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error("usage: node scripts/plotly_esbuild.mjs ENTRY OUTFILE");
  process.exit(2);
}
const result = await esbuild.build({
  entryPoints: [entry], outfile, bundle: true, minify: true, format: "iife", globalName: "Plotly",
  target: "es2016", define: { global: "window", "define.amd": "false" }, legalComments: "none",
  logLevel: "warning", plugins: [onlyWhatPlotlyUses, leaveOut], metafile: true,
});
const stubbed = Object.keys(result.metafile.inputs).filter((input) => input.startsWith("left-out:"));
const gone = LEFT_OUT.filter((module) => !existsSync(new URL(`../node_modules/${module}`, import.meta.url)));
if (gone.length || !stubbed.length) {  // a plotly.js upgrade moved them: say so rather than keep them silently
  console.error(`plotly_esbuild: not found in node_modules, so not left out: ${gone.join(", ") || "any of them"}`);
  process.exit(1);
}
