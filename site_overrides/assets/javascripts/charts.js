/* Draw each chart when it scrolls into view. plotly.js (a partial bundle with bar and scatter only) is
   loaded the first time a page has a chart to draw, so pages without charts never download it.
   Each chart's figure is JSON, the text of a <template> beside its container. Not a <script>: after an
   instant navigation Material runs every <script> of the new page again as code, and drops its id.
   A figure's "narrow" layout (labels in lines, taller rows) is merged over its layout where the chart is
   narrower than NARROW_PX, as on a phone, and a chart is drawn again when a phone is turned round or a
   window resized past that width. A chart's container says which layout it has (data-layout, "narrow" or
   "wide") and has data-drawn="done" once plotly has finished drawing it. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var plotlyUrl = here ? here.replace(/charts\.js(\?.*)?$/, "plotly.min.js") : "plotly.min.js";
  var loading = null;
  var NARROW_PX = 600;
  var CONFIG = { responsive: true, displayModeBar: false, displaylogo: false };
  var drawn = [];  // the charts drawn on this page: {container, figure, narrow}

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlyUrl;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function merged(layout, changes) {
    var result = Object.assign({}, layout);
    Object.keys(changes).forEach(function (key) {
      result[key] = isObject(changes[key]) && isObject(layout[key]) ? merged(layout[key], changes[key]) : changes[key];
    });
    return result;
  }

  function plot(chart) {
    var container = chart.container, figure = chart.figure;
    container.setAttribute("data-drawn", "true");
    container.setAttribute("data-layout", chart.narrow ? "narrow" : "wide");
    var layout = chart.narrow && figure.narrow ? merged(figure.layout, figure.narrow) : figure.layout;
    loadPlotly().then(function (Plotly) {
      return Plotly.react(container, figure.data, layout, CONFIG);
    }).then(function () { container.setAttribute("data-drawn", "done"); });
  }

  function draw(container) {
    var data = document.getElementById(container.getAttribute("data-figure"));
    if (!data || container.getAttribute("data-drawn")) return;
    var chart = { container: container, figure: JSON.parse((data.content || data).textContent),
                  narrow: container.clientWidth < NARROW_PX };
    drawn.push(chart);
    plot(chart);
  }

  window.addEventListener("resize", function () {
    drawn = drawn.filter(function (chart) { return document.body.contains(chart.container); });
    drawn.forEach(function (chart) {
      var narrow = chart.container.clientWidth < NARROW_PX;
      if (narrow !== chart.narrow) { chart.narrow = narrow; plot(chart); }
    });
  });

  function drawWhenVisible() {
    var containers = document.querySelectorAll(".chart-plot[data-figure]");
    if (!containers.length) return;
    if (!("IntersectionObserver" in window)) { containers.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "200px 0px" });
    containers.forEach(function (c) { observer.observe(c); });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(drawWhenVisible);  // Material: also runs after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawWhenVisible);
  } else {
    drawWhenVisible();
  }
})();
