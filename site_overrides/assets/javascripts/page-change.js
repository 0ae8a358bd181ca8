/* After an instant navigation (Material's navigation.instant swaps the page's content in place of loading
   a new page), move focus to the new page's main heading, so a screen reader announces the page that has
   opened and the next Tab starts from its content. A full page load needs nothing: the browser starts at
   the top, where the skip link is. document$ is Material's stream of pages: it gives the first page
   too, which is skipped. */
(function () {
  "use strict";
  if (!window.document$ || typeof window.document$.subscribe !== "function") return;
  var first = true;
  window.document$.subscribe(function () {
    if (first) { first = false; return; }
    var heading = document.querySelector("article h1, main h1, h1");
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  });
})();
