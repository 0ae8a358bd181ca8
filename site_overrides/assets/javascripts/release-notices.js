/* A release is never rebuilt once published, so it learns of a mistake found later from versions.json, which is
   published beside the releases and rewritten with each new one (generator/shell.py). For each later correction
   that names this page (or every page), a notice says what was wrong and links the corrected release's page
   and the corrections. Text from the file is set as text, never as markup, and a release is a link only when it
   is a release number. Runs for every page, including after an instant navigation (Material's document$). */
(function () {
  "use strict";
  if (!window.document$ || typeof window.document$.subscribe !== "function") return;
  var loaded = null;
  function versions(base) {
    if (!loaded) {
      loaded = fetch(new URL("../versions.json", base).href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .catch(function () { return []; });
    }
    return loaded;
  }
  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }
  function link(href, text) {
    var made = element("a", "", text);
    made.href = href;
    return made;
  }
  function notice(correction, base, here) {
    var box = element("aside", "admonition danger release-correction");
    box.setAttribute("aria-label", "Correction");
    box.appendChild(element("p", "admonition-title", "This page has a mistake, corrected in release " + correction.release));
    var body = element("p", "", String(correction.what_was_wrong || "") + " ");
    if (/^[0-9]+\.[0-9]+$/.test(correction.release)) {
      var corrected = new URL("../v" + correction.release + "/", base);
      body.appendChild(link(new URL(here, corrected).href, "See this page in release " + correction.release));
      body.appendChild(document.createTextNode(" or "));
      body.appendChild(link(new URL("releases/corrections/", corrected).href, "every correction"));
      body.appendChild(document.createTextNode("."));
    }
    box.appendChild(body);
    return box;
  }
  window.document$.subscribe(function () {
    var slot = document.querySelector("[data-release-notices]");
    var config = document.getElementById("__config");
    if (!slot || !config) return;
    var base = new URL(JSON.parse(config.textContent).base + "/", window.location.href);
    var here = window.location.pathname.indexOf(base.pathname) === 0 ? window.location.pathname.slice(base.pathname.length) : "";
    var release = "v" + slot.getAttribute("data-release-notices");
    versions(base).then(function (entries) {
      var current = (Array.isArray(entries) ? entries : []).filter(function (entry) { return entry && entry.version === release; })[0];
      var corrections = current && current.properties && Array.isArray(current.properties.corrections) ? current.properties.corrections : [];
      corrections.forEach(function (correction) {
        var pages = Array.isArray(correction.pages) ? correction.pages : [];
        if (pages.length === 0 || pages.indexOf(here) !== -1) slot.appendChild(notice(correction, base, here));
      });
      slot.hidden = !slot.firstChild;
      slot.setAttribute("data-checked", "");  // done: what a test waits for
    });
  });
})();
