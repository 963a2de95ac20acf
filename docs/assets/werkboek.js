/* Krachtig lerende netwerken: the reflection workbook.
 * Answers are saved in this browser only (localStorage), under a versioned key built from each
 * question's stable id: kln.v1.antwoord.<id>; finished lessons under kln.v1.afgerond.<lesson id>.
 * No network request, no cookie, no framework. Works with Material's instant navigation and from file://. */
(function () {
  "use strict";
  var P = "kln.v1.", A = P + "antwoord.", F = P + "afgerond.";
  var FORMAT = "krachtig-lerende-netwerken-werkboek";
  var mem = {};          // fallback and write-through copy: text stays when storage is unavailable
  var timers = {}, pending = {};  // debounce timers and the fields they belong to, per question id
  var store = null;

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
  function set(k, v) {
    if (v === null || v === "") delete mem[k]; else mem[k] = v;
    if (!store) return false;
    try {
      if (v === null || v === "") store.removeItem(k); else store.setItem(k, v);
      return true;
    } catch (e) { store = null; return false; }
  }
  function keys() {
    var out = {}, k, i;
    for (k in mem) out[k] = 1;
    try { if (store) for (i = 0; i < store.length; i++) if ((k = store.key(i)).indexOf(P) === 0) out[k] = 1; } catch (e) {}
    return Object.keys(out).filter(function (k) { return k.indexOf(P + "test") !== 0; });
  }
  function all(prefix) {
    var o = {};
    keys().forEach(function (k) { if (k.indexOf(prefix) === 0 && get(k)) o[k.slice(prefix.length)] = get(k); });
    return o;
  }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function time() {
    var d = new Date();
    return d.getHours() + "." + ("0" + d.getMinutes()).slice(-2) + " uur";
  }
  var NOSTORE = "Je browser bewaart je antwoorden nu niet, bijvoorbeeld in een privévenster. " +
    "Je tekst blijft staan zolang je deze website openhoudt. Bewaar een kopie via Mijn werkboek.";

  function status(id, text) {
    var el = document.getElementById("status-" + id);
    if (el) el.textContent = text;
  }
  function save(field) {
    var id = field.getAttribute("data-vraag");
    clearTimeout(timers[id]);
    delete timers[id];
    delete pending[id];
    var ok = set(A + id, field.value);
    status(id, ok ? "Opgeslagen om " + time() : NOSTORE);
  }
  function flush() {
    Object.keys(pending).forEach(function (id) { save(pending[id]); });
  }

  function bindFields() {
    $$("textarea.kln-antwoord").forEach(function (field) {
      var id = field.getAttribute("data-vraag");
      field.value = get(A + id) || "";
      if (!store) status(id, NOSTORE);
      field.addEventListener("input", function () {
        clearTimeout(timers[id]);
        pending[id] = field;
        timers[id] = setTimeout(function () { save(field); }, 400);
      });
      field.addEventListener("blur", function () { if (timers[id]) save(field); });
    });
    $$("input.kln-afgerond__vinkje").forEach(function (box) {
      var id = box.getAttribute("data-les");
      box.checked = !!get(F + id);
      box.addEventListener("change", function () {
        set(F + id, box.checked ? new Date().toISOString().slice(0, 10) : null);
        progress();
      });
    });
  }

  function progress() {
    $$(".kln-voortgang[data-les]").forEach(function (el) {
      el.textContent = get(F + el.getAttribute("data-les")) ? "· afgerond" : "";
    });
    $$(".kln-voortgang-totaal").forEach(function (el) {
      var ids = el.getAttribute("data-lessen").split(" ");
      var done = ids.filter(function (id) { return get(F + id); }).length;
      el.textContent = done + " van " + ids.length + " lessen afgerond";
      el.hidden = false;
    });
  }

  function fillWorkbook() {
    $$("[data-antwoord]").forEach(function (el) {
      var text = get(A + el.getAttribute("data-antwoord")) || "";
      el.textContent = text;
      el.classList.toggle("kln-werkboek__antwoord--leeg", !text);
    });
  }

  function message(text) {
    var el = document.querySelector("[data-melding]");
    if (el) el.textContent = text;
  }
  function download(name, type, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function today() { return new Date().toISOString().slice(0, 10); }

  function exportJson() {
    return JSON.stringify({ formaat: FORMAT, versie: 1, datum: new Date().toISOString(),
                            antwoorden: all(A), afgerond: all(F) }, null, 2);
  }
  function exportMarkdown() {
    var out = ["# Mijn werkboek: Krachtig lerende netwerken", "", "Bewaard op " + today() + ".", ""];
    $$(".kln-werkboek__groep").forEach(function (g) {
      out.push("## " + g.getAttribute("data-groep"), "");
      $$(".kln-werkboek__vraag", g).forEach(function (q) {
        var text = get(A + q.getAttribute("data-vraag")) || "";
        out.push("**" + q.querySelector(".kln-werkboek__tekst").textContent.trim() + "**", "",
                 text ? text : "*(nog geen antwoord)*", "");
      });
    });
    return out.join("\n");
  }

  function parseImport(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return null; }
    if (!data || data.formaat !== FORMAT || data.versie !== 1) return null;
    var ok = function (o) {
      return o && typeof o === "object" && !Array.isArray(o) && Object.keys(o).every(function (k) {
        return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(k) && typeof o[k] === "string";
      });
    };
    if (!ok(data.antwoorden) || (data.afgerond !== undefined && !ok(data.afgerond))) return null;
    return data;
  }
  function importData(data, replace) {
    var skipped = 0, added = 0, k;
    if (replace) {
      var current = all(A), overwritten = Object.keys(current).filter(function (id) {
        return data.antwoorden[id] !== current[id];
      }).length;
      if (overwritten && !window.confirm("Vervangen overschrijft " + overwritten +
          " antwoord(en) die nu in deze browser staan. Doorgaan?")) return "Er is niets veranderd.";
      keys().forEach(function (key) { set(key, null); });
    }
    for (k in data.antwoorden) {
      var old = get(A + k);
      if (!data.antwoorden[k]) continue;
      if (old && old !== data.antwoorden[k]) { skipped++; continue; }
      if (!old) { set(A + k, data.antwoorden[k]); added++; }
    }
    for (k in data.afgerond || {}) if (!get(F + k)) set(F + k, data.afgerond[k]);
    return added + " antwoord(en) teruggezet." + (skipped ? " " + skipped +
      " antwoord(en) stonden er al anders en zijn niet overschreven." : "") + (store ? "" : " " + NOSTORE);
  }

  function bindActions() {
    var box = document.querySelector("[data-werkboek-acties]");
    if (!box) return;
    if (!store) message(NOSTORE);
    box.addEventListener("click", function (ev) {
      var btn = ev.target.closest("[data-actie]");
      if (!btn) return;
      var act = btn.getAttribute("data-actie");
      if (act === "print") window.print();
      if (act === "export-md") download("werkboek-" + today() + ".md", "text/markdown", exportMarkdown());
      if (act === "export-json") download("werkboek-" + today() + ".json", "application/json", exportJson());
      if (act === "wissen") {
        if (!window.confirm("Weet je zeker dat je al je antwoorden in deze browser wilt wissen? Dit kun je niet ongedaan maken.")) return;
        keys().forEach(function (key) { set(key, null); });
        message("Alle antwoorden zijn gewist.");
      }
      if (act === "import") {
        var file = box.querySelector("[data-import-bestand]").files[0];
        if (!file) { message("Kies eerst een bestand."); return; }
        var replace = box.querySelector("input[name=kln-import-wijze]:checked").value === "vervangen";
        file.text().then(function (text) {
          var data = parseImport(text);
          message(data ? importData(data, replace) :
            "Dit bestand is geen geldige kopie van je werkboek, of het is beschadigd. Er is niets veranderd.");
          fillWorkbook();
          progress();
        });
      }
      fillWorkbook();
      progress();
    });
  }

  function init() {
    bindFields();
    progress();
    fillWorkbook();
    bindActions();
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { flush(); init(); });
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  window.klnWerkboek = { exportJson: exportJson, exportMarkdown: exportMarkdown, opslag: function () { return !!store; } };
})();
