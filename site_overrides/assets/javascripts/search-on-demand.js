/* Download the search index and start the search worker only when the reader starts to search.

   Material fetches search/search_index.json (about 45 KB gzipped) and starts its search worker (12 KB) on
   every first visit, though most visitors never search; on a cheap phone that is a seventh of an ICS page.
   Zensical, its successor, fetches search.json (53 KB) in the same way.
   This runs in <head>, before Material's bundle, and holds both back until the reader opens or focuses
   the search box or presses one of Material's search keys (/, s, f). Material itself is unchanged: it
   sees an XMLHttpRequest that answers later and a worker that starts later, and shows "Initializing
   search" until then. Without JavaScript nothing here runs and nothing is lost. */
(function () {
  "use strict";
  var start;
  var wanted = new Promise(function (resolve) { start = resolve; });

  // Material's index is search/search_index.json; Zensical's, search.json.
  function isIndex(url) { return /\/search(?:\/search_index)?\.json(\?.*)?$/.test(String(url)); }
  function isWorker(url) { return /\/workers\/search\.[^/]*\.js(\?.*)?$/.test(String(url)); }

  // Material requests the index with XMLHttpRequest: hold back that one request's send().
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndexRequest = isIndex(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.searchIndexRequest) return send.apply(request, args);
    wanted.then(function () { send.apply(request, args); });
  };

  // The search worker: a stand-in that keeps Material's messages until the real worker has started.
  var RealWorker = window.Worker;
  if (RealWorker && typeof EventTarget === "function" && typeof MessageEvent === "function") {
    window.Worker = function (url, options) {
      if (!isWorker(url)) return new RealWorker(url, options);
      var standIn = new EventTarget(), queue = [], real = null;
      standIn.postMessage = function (message) { if (real) real.postMessage(message); else queue.push(message); };
      standIn.terminate = function () { if (real) real.terminate(); };
      wanted.then(function () {
        real = new RealWorker(url, options);
        // Material listens with addEventListener, Zensical with onmessage and onerror: pass both on.
        ["message", "messageerror", "error"].forEach(function (type) {
          real.addEventListener(type, function (event) {
            var copy = type === "error" ? new Event("error") : new MessageEvent(type, { data: event.data });
            standIn.dispatchEvent(copy);
            if (typeof standIn["on" + type] === "function") standIn["on" + type](copy);
          });
        });
        queue.splice(0).forEach(function (message) { real.postMessage(message); });
      });
      return standIn;
    };
  }

  // Material's search dialog has no accessible name (axe: aria-dialog-name): give it the search box's own.
  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = document.querySelector(".md-search__input");
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
    }
  });

  function inSearch(node) { return node && node.closest && node.closest('.md-search, label[for="__search"]'); }
  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) start(); });
  document.addEventListener("pointerdown", function (event) { if (inSearch(event.target)) start(); }, true);
  document.addEventListener("click", function (event) { if (inSearch(event.target)) start(); }, true);
  document.addEventListener("change", function (event) { if (event.target && event.target.id === "__search") start(); });
  document.addEventListener("keydown", function (event) {
    if (["/", "s", "S", "f", "F"].indexOf(event.key) >= 0) start();
  }, true);
})();
