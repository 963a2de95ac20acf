/* Krachtig lerende netwerken: the SCORM 1.2 runtime of the LMS package (publish/scorm.py).
 * The launch page (scorm.html) shows the module in a frame and holds the one LMS session:
 * LMSInitialize on launch, LMSCommit when progress changes, LMSFinish when the learner leaves.
 * Reported: lessons marked done (status), the knowledge-check score, the page last seen, the time.
 * Never reported: the answers to the reflection questions and the name on the certificate. Only the
 * storage keys of lessons done and knowledge-check results are read (kln.v1.afgerond.*,
 * kln.v1.kennischeck.*); nothing else of the learner's work is ever touched.
 * Without an LMS the launch page opens the module's home page: the package is then the offline copy. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("kln-scorm").textContent);
  var DONE = "kln.v1.afgerond.", CHECK = "kln.v1.kennischeck.", PAGE = /^[a-z0-9][a-z0-9\-\/]*\.html$/;

  function findAPI(win) {
    for (var i = 0; win && i < 10; i++) {
      try { if (win.API && win.API.LMSInitialize) return win.API; } catch (e) { /* another origin */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = null;
  try { api = findAPI(window.parent !== window ? window.parent : null) || findAPI(window.opener); } catch (e) { api = null; }
  var frame = document.getElementById("kln-module");
  if (!api || String(api.LMSInitialize("")) !== "true") { location.replace("index.html"); return; }

  var store = null;
  try { store = window.localStorage; store.getItem("kln"); } catch (e) { store = null; }
  function get(key) { try { return store ? store.getItem(key) : null; } catch (e) { return null; } }
  function put(key, value) { try { if (store) store.setItem(key, value); } catch (e) { /* full or off */ } }
  function set(el, value) { api.LMSSetValue(el, String(value)); }

  // ---- suspend data: "k1;<date per lesson>;<choice per question>", e.g. "k1;20261201,,;13+,,0-"
  function encode() {
    var lessons = cfg.lessen.map(function (id) { return (get(DONE + id) || "").replace(/-/g, "").slice(0, 8); });
    var checks = cfg.vragen.map(function (id) {
      var r = null;
      try { r = JSON.parse(get(CHECK + id)); } catch (e) { r = null; }
      return r && Array.isArray(r.keuze) ? r.keuze.join("") + (r.goed ? "+" : "-") : "";
    });
    return "k1;" + lessons.join(",") + ";" + checks.join(",");
  }
  function restore(text) {
    var parts = String(text || "").split(";");
    if (parts[0] !== "k1" || parts.length !== 3) return;
    parts[1].split(",").forEach(function (d, i) {
      var id = cfg.lessen[i];
      if (id && /^\d{8}$/.test(d) && !get(DONE + id)) put(DONE + id, d.slice(0, 4) + "-" + d.slice(4, 6) + "-" + d.slice(6));
    });
    parts[2].split(",").forEach(function (c, i) {
      var id = cfg.vragen[i], m = /^(\d{1,5})([+-])$/.exec(c);
      if (id && m && !get(CHECK + id)) {
        put(CHECK + id, JSON.stringify({ keuze: m[1].split("").map(Number), goed: m[2] === "+" }));
      }
    });
  }

  function progress() {
    var done = cfg.lessen.filter(function (id) { return !!get(DONE + id); }).length;
    var checked = 0, right = 0;
    cfg.vragen.forEach(function (id) {
      var r = null;
      try { r = JSON.parse(get(CHECK + id)); } catch (e) { r = null; }
      if (r && typeof r.goed === "boolean") { checked++; if (r.goed) right++; }
    });
    return { done: done, checked: checked, score: cfg.vragen.length ? Math.round(100 * right / cfg.vragen.length) : 0 };
  }

  var last = null;
  function report() {
    var p = progress(), data = encode();
    var status = p.done < cfg.lessen.length ? "incomplete" : (cfg.vragen.length && p.score >= cfg.drempel ? "passed" : "completed");
    var state = [status, p.checked ? p.score : "", data].join("|");
    if (state === last) return;
    last = state;
    set("cmi.core.lesson_status", status);
    if (p.checked) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", p.score);
    }
    if (data.length <= 4096) set("cmi.suspend_data", data);
    api.LMSCommit("");
  }

  // Where the learner is: the page in the frame, relative to the package root.
  var root = location.href.replace(/[?#].*$/, "").replace(/[^\/]*$/, "");
  function watch() {
    var win;
    try { win = frame.contentWindow; if (!win.location.href.startsWith(root)) return; } catch (e) { return; }
    var page = win.location.href.replace(/[?#].*$/, "").slice(root.length);
    if (PAGE.test(page)) { set("cmi.core.lesson_location", page); }
    try { document.title = win.document.title; } catch (e) { /* keep the old title */ }
    win.document.addEventListener("kln:voortgang", report);
    report();
  }

  var started = Date.now(), finished = false;
  function sessionTime() {
    var s = Math.round((Date.now() - started) / 1000);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
  }
  function finish() {
    if (finished) return;
    finished = true;
    report();
    set("cmi.core.session_time", sessionTime());
    set("cmi.core.exit", "suspend");
    api.LMSCommit("");
    api.LMSFinish("");
  }

  var status = String(api.LMSGetValue("cmi.core.lesson_status"));
  if (status === "not attempted" || status === "") set("cmi.core.lesson_status", "incomplete");
  restore(api.LMSGetValue("cmi.suspend_data"));
  var location_ = String(api.LMSGetValue("cmi.core.lesson_location") || "");
  frame.addEventListener("load", watch);
  frame.src = PAGE.test(location_) ? location_ : "index.html";
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  window.klnScorm = { finish: finish, report: report, encode: encode };
})();
