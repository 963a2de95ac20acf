/* Krachtig lerende netwerken: the learner's storage, shared by the page scripts.
 * Everything a learner does stays in this browser (localStorage), under versioned keys:
 *   kln.v1.antwoord.<vraag-id>      the answer to a reflection or discussion question (text)
 *   kln.v1.afgerond.<les-id>        the date a lesson was marked done (2026-12-02)
 *   kln.v1.kennischeck.<vraag-id>   the last check of a knowledge-check question (JSON:
 *                                   {"keuze": [0, 2], "goed": true, "datum": "2026-12-02"})
 *   kln.v1.laatste                  the id of the last lesson page visited ("Ga verder")
 *   kln.v1.naam                     the name on the certificate of participation
 * No network request, no cookie. When storage is unavailable (a private window, storage switched
 * off), everything works for as long as the page stays open: `mem` keeps a copy. */
(function () {
  "use strict";
  var P = "kln.v1.";
  var mem = {};
  var store = null;
  var asked = null;  // the promise of the one persist() request of this page

  try {
    var t = P + "test";
    window.localStorage.setItem(t, "1");
    window.localStorage.removeItem(t);
    store = window.localStorage;
  } catch (e) { store = null; }

  function get(k) {
    if (k in mem) return mem[k];
    try { return store ? store.getItem(k) : null; } catch (e) { return null; }
  }
  // Saves v under k (null or "" removes it). False when the browser did not keep it.
  function set(k, v) {
    if (v === null || v === undefined || v === "") delete mem[k]; else mem[k] = v;
    if (!store) return false;
    try {
      if (v === null || v === undefined || v === "") store.removeItem(k);
      else store.setItem(k, v);
      return true;
    } catch (e) { store = null; return false; }
  }
  function keys() {
    var out = {}, k, i;
    for (k in mem) out[k] = 1;
    try { if (store) for (i = 0; i < store.length; i++) if ((k = store.key(i)).indexOf(P) === 0) out[k] = 1; } catch (e) {}
    return Object.keys(out).filter(function (k) { return k.indexOf(P + "test") !== 0; });
  }
  // Every value under a prefix, by the rest of its key: all(P + "antwoord.") -> {"vraag-id": "tekst"}.
  function all(prefix) {
    var o = {};
    keys().forEach(function (k) { if (k.indexOf(prefix) === 0 && get(k)) o[k.slice(prefix.length)] = get(k); });
    return o;
  }
  function getJson(k) {
    try { return JSON.parse(get(k)); } catch (e) { return null; }
  }

  // Browsers may clear a site's storage: Safari after seven days without a visit, any browser under
  // pressure. persist() asks to keep it; Chromium decides without asking, Firefox asks the learner.
  // Asked when a lesson is marked done and on Mijn werkboek, not on every keystroke (Firefox shows a
  // question). Once per page. Resolves to true, false, or null (this browser has no such API).
  function persist() {
    if (!asked) {
      asked = (navigator.storage && navigator.storage.persist)
        ? navigator.storage.persist().catch(function () { return false; })
        : Promise.resolve(null);
    }
    return asked;
  }
  function persisted() {
    if (!store) return Promise.resolve(false);
    return (navigator.storage && navigator.storage.persisted)
      ? navigator.storage.persisted().catch(function () { return false; })
      : Promise.resolve(null);
  }

  // Runs fn on every page: after each instant navigation (Material's document$), or once on load.
  function onPage(fn) {
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { fn(); });
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  // Tells the other scripts that progress changed (a lesson done, a check made, an import).
  function changed() { document.dispatchEvent(new CustomEvent("kln:voortgang")); }

  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function today() { return new Date().toISOString().slice(0, 10); }

  window.klnOpslag = {
    P: P, ANTWOORD: P + "antwoord.", AFGEROND: P + "afgerond.", KENNISCHECK: P + "kennischeck.",
    LAATSTE: P + "laatste", NAAM: P + "naam",
    get: get, set: set, keys: keys, all: all, getJson: getJson,
    ok: function () { return !!store; },
    persist: persist, persisted: persisted, onPage: onPage, changed: changed, $$: $$, today: today,
    NOSTORE: "Je browser bewaart je werk nu niet, bijvoorbeeld in een privévenster. " +
      "Je tekst blijft staan zolang je deze website openhoudt. Bewaar een kopie via Mijn werkboek."
  };
})();
