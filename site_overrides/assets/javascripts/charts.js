/* Draw each chart when it scrolls into view. plotly.js (a partial bundle with bar and scatter only) is
   loaded the first time a page has a chart to draw, so pages without charts never download it.
   Each chart's figure is JSON, the text of a <template> beside its container. Not a <script>: after an
   instant navigation Material runs every <script> of the new page again as code, and drops its id. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var plotlyUrl = here ? here.replace(/charts\.js(\?.*)?$/, "plotly.min.js") : "plotly.min.js";
  var loading = null;

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

  function draw(container) {
    var data = document.getElementById(container.getAttribute("data-figure"));
    if (!data || container.getAttribute("data-drawn")) return;
    container.setAttribute("data-drawn", "true");
    var figure = JSON.parse((data.content || data).textContent);
    loadPlotly().then(function (Plotly) {
      Plotly.newPlot(container, figure.data, figure.layout, { responsive: true, displayModeBar: false, displaylogo: false });
    });
  }

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
