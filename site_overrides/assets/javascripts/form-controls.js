/* Two of Material's form controls that HTML_CodeSniffer (pa11y's engine) fails and axe lets pass; the
   browser tests run both engines on every page (tests/browser/test_htmlcs.py).

   - The search form has no submit button (WCAG 3.2.2, H32.2): add one at the end of the box. It does what
     Enter in the box does in Material: it opens the best match. With no match yet (the index is still
     loading, or nothing matches), it takes the reader back to the box, whose results say why. An empty box
     is refused by the browser itself (the box is required), which also takes the reader back to it.
   - A page without a table of contents (the indicators index) keeps Material's toggle for one, a hidden
     checkbox with no label, which nothing can use (H91, F68): remove it.

   The search partial is not overridden for this, as Zensical shows an overridden partial as text. Runs for
   the first page and after each instant navigation (Material's document$), which swaps the menu. */
(function () {
  "use strict";
  var ARROW = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
    + '<path d="M4 11v2h12l-5.5 5.5 1.42 1.42L19.84 12l-7.92-7.92L10.5 5.5 16 11z"/></svg>';

  // Material's own choice on Enter: the result with the highest score.
  function bestMatch(results) {
    var best = null, top = -Infinity;
    results.querySelectorAll(":first-child [href]").forEach(function (link) {
      var article = link.firstElementChild;
      var score = parseFloat(article && article.getAttribute("data-md-score"));
      if (score > top) { top = score; best = link; }
    });
    return best;
  }

  function addSubmitButton() {
    var form = document.querySelector("form.md-search__form");
    var input = form && form.querySelector(".md-search__input");
    if (!input || form.querySelector('button[type="submit"], input[type="submit"]')) return;
    var name = input.getAttribute("aria-label") || "Search";
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "md-search__icon md-icon md-search__submit";
    button.setAttribute("aria-label", name);
    button.title = name;
    button.innerHTML = ARROW;
    form.insertBefore(button, form.querySelector(".md-search__options"));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var results = document.querySelector('[data-md-component="search-result"]');
      var best = results && bestMatch(results);
      if (best) best.click();
      else input.focus();
    });
  }

  function removeUnusedTocToggle() {
    var toggle = document.getElementById("__toc");
    if (toggle && toggle.type === "checkbox" && !document.querySelector('label[for="__toc"]')) toggle.remove();
  }

  function fix() {
    addSubmitButton();
    removeUnusedTocToggle();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(fix);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fix);
  else fix();
})();
