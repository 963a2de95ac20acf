/* Krachtig lerende netwerken: load the search index only when the learner opens search.
 * Material fetches search/search_index.json (with XMLHttpRequest) on every page load, and its worker
 * builds the index from it: the largest download of a first visit, and work a phone does for nothing
 * when the learner never searches. This script, loaded before Material's bundle, holds that one request
 * back until the learner reaches for search (a press on the search button or field, or focus by the
 * keyboard shortcut) and then sends it.
 * Every other request passes untouched. The offline copy (file://) loads its index differently and is
 * not affected. */
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  var opened = false, waiting = [];
  var INDEX = /\/search\/search_index\.json(\?|#|$)/;

  function release() {
    if (opened) return;
    opened = true;
    waiting.splice(0).forEach(function (w) { send.apply(w[0], w[1]); });
  }
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__klnZoekindex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__klnZoekindex && !opened) { waiting.push([this, arguments]); return; }
    return send.apply(this, arguments);
  };
  // A finger or mouse going down on the search button or field: the index starts loading before the
  // field has focus, a head start for the first search on a phone (make bench measures it).
  document.addEventListener("pointerdown", function (e) {
    var t = e.target;
    if (t && t.closest && t.closest("label[for='__search'], .md-search__input")) release();
  }, true);
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.classList && e.target.classList.contains("md-search__input")) release();
  });
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search" && e.target.checked) release();
  });
})();
