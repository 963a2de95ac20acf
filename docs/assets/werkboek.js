/* Krachtig lerende netwerken: the reflection workbook.
 * Saves the answers to reflection and discussion questions as the learner types, and marks lessons
 * done; Mijn werkboek shows every answer and saves, restores, prints or clears the learner's work.
 * Storage (keys and format): assets/opslag.js. No network request, no framework. Works with Material's
 * instant navigation and from file://. */
(function () {
  "use strict";
  var S = window.klnOpslag, A = S.ANTWOORD, F = S.AFGEROND, K = S.KENNISCHECK, $$ = S.$$;
  var FORMAT = "krachtig-lerende-netwerken-werkboek";
  var VERSION = 2;  // 2: knowledge-check results, last lesson and name; version 1 files still import
  var timers = {}, pending = {};  // debounce timers and the fields they belong to, per question id
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function time() {
    var d = new Date();
    return d.getHours() + "." + ("0" + d.getMinutes()).slice(-2) + " uur";
  }
  function status(id, text) {
    var el = document.getElementById("status-" + id);
    if (el) el.textContent = text;
  }
  function save(field) {
    var id = field.getAttribute("data-vraag");
    clearTimeout(timers[id]);
    delete timers[id];
    delete pending[id];
    var ok = S.set(A + id, field.value);
    status(id, ok ? "Opgeslagen om " + time() : S.NOSTORE);
  }
  function flush() {
    Object.keys(pending).forEach(function (id) { save(pending[id]); });
  }

  function bindFields() {
    $$("textarea.kln-antwoord").forEach(function (field) {
      var id = field.getAttribute("data-vraag");
      field.value = S.get(A + id) || "";
      if (!S.ok()) status(id, S.NOSTORE);
      field.addEventListener("input", function () {
        clearTimeout(timers[id]);
        pending[id] = field;
        timers[id] = setTimeout(function () { save(field); }, 400);
      });
      field.addEventListener("blur", function () { if (timers[id]) save(field); });
    });
    $$("input.kln-afgerond__vinkje").forEach(function (box) {
      var id = box.getAttribute("data-les");
      box.checked = !!S.get(F + id);
      box.addEventListener("change", function () {
        S.set(F + id, box.checked ? S.today() : null);
        S.changed();
        if (box.checked) doneNotice(box);
        else notice(box, "");
      });
    });
  }

  // A quiet notice under the checkbox when a lesson is marked done. Where the browser does not promise
  // to keep the learner's work, it says to save a copy.
  function notice(box, text, withLink) {
    var el = box.closest(".kln-afronden").querySelector("[data-afronden-melding]");
    if (!el) return;
    el.textContent = text;
    if (withLink) {
      var a = document.createElement("a");
      a.href = el.getAttribute("data-werkboek-url");
      a.textContent = "Bewaar een kopie in Mijn werkboek";
      el.appendChild(document.createTextNode(" "));
      el.appendChild(a);
      el.appendChild(document.createTextNode("."));
    }
  }
  function doneNotice(box) {
    S.persist().then(function (kept) {
      if (!box.checked) return;
      if (!S.ok()) notice(box, "Afgerond. Let op: je browser bewaart je werk nu niet.", true);
      else if (kept) notice(box, "Goed gedaan! Deze les staat op afgerond.");
      else notice(box, "Goed gedaan! Let op: je browser kan je werk wissen als je een tijd niet komt.", true);
    });
  }

  function fillWorkbook() {
    $$("[data-antwoord]").forEach(function (el) {
      var text = S.get(A + el.getAttribute("data-antwoord")) || "";
      el.textContent = text;
      el.classList.toggle("kln-werkboek__antwoord--leeg", !text);
    });
  }

  // On Mijn werkboek: whether the browser promised to keep the learner's work.
  function showPersistence() {
    var el = document.querySelector("[data-opslag-blijvend]");
    if (!el) return;
    if (!S.ok()) { el.textContent = S.NOSTORE; return; }
    S.persisted().then(function (kept) { return kept ? true : S.persist(); }).then(function (kept) {
      el.setAttribute("data-blijvend", kept === true ? "ja" : kept === false ? "nee" : "onbekend");
      el.textContent = kept === true
        ? "Je browser heeft beloofd je werk te bewaren. Hij wist het niet vanzelf. Een kopie is toch " +
          "handig, bijvoorbeeld voor een ander apparaat."
        : "Let op: je browser heeft niet beloofd je werk te bewaren. Sommige browsers wissen het als je " +
          "een tijd niet komt. Safari doet dat na zeven dagen. Bewaar daarom een kopie als je een les afrondt.";
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

  function results() {
    var out = {}, raw = S.all(K), id, r;
    for (id in raw) { r = S.getJson(K + id); if (validResult(r)) out[id] = r; }
    return out;
  }
  function exportJson() {
    var data = { formaat: FORMAT, versie: VERSION, datum: new Date().toISOString(),
                 antwoorden: S.all(A), afgerond: S.all(F), kennischeck: results() };
    if (S.get(S.LAATSTE)) data.laatste = S.get(S.LAATSTE);
    if (S.get(S.NAAM)) data.naam = S.get(S.NAAM);
    return JSON.stringify(data, null, 2);
  }
  function score(ids) {
    var done = ids.filter(function (id) { return S.getJson(K + id); }).length;
    var right = ids.filter(function (id) { var r = S.getJson(K + id); return r && r.goed; }).length;
    return done ? right + " van " + ids.length + " goed" : "nog niet gedaan";
  }
  function exportMarkdown() {
    var out = ["# Mijn werkboek: Krachtig lerende netwerken", "", "Bewaard op " + S.today() + ".", ""];
    $$(".kln-werkboek__groep").forEach(function (g) {
      out.push("## " + g.getAttribute("data-groep"), "");
      var kc = g.getAttribute("data-kc");
      if (kc) out.push("*Kennischeck: " + score(kc.split(" ")) + ".*", "");
      $$(".kln-werkboek__vraag", g).forEach(function (q) {
        var text = S.get(A + q.getAttribute("data-vraag")) || "";
        out.push("**" + q.querySelector(".kln-werkboek__tekst").textContent.trim() + "**", "",
                 text ? text : "*(nog geen antwoord)*", "");
      });
    });
    return out.join("\n");
  }

  function validResult(r) {
    return !!r && typeof r === "object" && typeof r.goed === "boolean" && Array.isArray(r.keuze) &&
      r.keuze.length > 0 && r.keuze.length <= 10 &&
      r.keuze.every(function (i) { return typeof i === "number" && i >= 0 && i < 10 && i % 1 === 0; }) &&
      (r.datum === undefined || (typeof r.datum === "string" && r.datum.length <= 30));
  }
  function parseImport(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return null; }
    if (!data || data.formaat !== FORMAT || (data.versie !== 1 && data.versie !== 2)) return null;
    var texts = function (o) {
      return o && typeof o === "object" && !Array.isArray(o) && Object.keys(o).every(function (k) {
        return SLUG.test(k) && typeof o[k] === "string";
      });
    };
    if (!texts(data.antwoorden) || (data.afgerond !== undefined && !texts(data.afgerond))) return null;
    var kc = data.kennischeck;
    if (kc !== undefined && (!kc || typeof kc !== "object" || Array.isArray(kc) ||
        !Object.keys(kc).every(function (k) { return SLUG.test(k) && validResult(kc[k]); }))) return null;
    if (data.laatste !== undefined && !(typeof data.laatste === "string" && SLUG.test(data.laatste))) return null;
    if (data.naam !== undefined && !(typeof data.naam === "string" && data.naam.length <= 200)) return null;
    return data;
  }
  function importData(data, replace) {
    var skipped = 0, added = 0, k;
    if (replace) {
      var current = S.all(A), overwritten = Object.keys(current).filter(function (id) {
        return data.antwoorden[id] !== current[id];
      }).length;
      if (overwritten && !window.confirm("Vervangen overschrijft " + overwritten +
          " antwoord(en) die nu in deze browser staan. Doorgaan?")) return "Er is niets veranderd.";
      S.keys().forEach(function (key) { S.set(key, null); });
    }
    for (k in data.antwoorden) {
      var old = S.get(A + k);
      if (!data.antwoorden[k]) continue;
      if (old && old !== data.antwoorden[k]) { skipped++; continue; }
      if (!old) { S.set(A + k, data.antwoorden[k]); added++; }
    }
    for (k in data.afgerond || {}) if (!S.get(F + k)) S.set(F + k, data.afgerond[k]);
    var checks = 0;
    for (k in data.kennischeck || {}) {
      if (!S.get(K + k)) { S.set(K + k, JSON.stringify(data.kennischeck[k])); checks++; }
    }
    if (data.laatste && !S.get(S.LAATSTE)) S.set(S.LAATSTE, data.laatste);
    if (data.naam && !S.get(S.NAAM)) S.set(S.NAAM, data.naam);
    return added + " antwoord(en) teruggezet." +
      (checks ? " " + checks + " uitslag(en) van de kennischeck teruggezet." : "") + (skipped ? " " + skipped +
      " antwoord(en) stonden er al anders en zijn niet overschreven." : "") + (S.ok() ? "" : " " + S.NOSTORE);
  }

  function bindActions() {
    var box = document.querySelector("[data-werkboek-acties]");
    if (!box) return;
    if (!S.ok()) message(S.NOSTORE);
    box.addEventListener("click", function (ev) {
      var btn = ev.target.closest("[data-actie]");
      if (!btn) return;
      var act = btn.getAttribute("data-actie");
      if (act === "print") window.print();
      if (act === "export-md") download("werkboek-" + S.today() + ".md", "text/markdown", exportMarkdown());
      if (act === "export-json") download("werkboek-" + S.today() + ".json", "application/json", exportJson());
      if (act === "wissen") {
        if (!window.confirm("Weet je zeker dat je al je werk in deze browser wilt wissen? Dit kun je niet ongedaan maken.")) return;
        S.keys().forEach(function (key) { S.set(key, null); });
        message("Al je werk is gewist.");
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
          S.changed();
        });
      }
      fillWorkbook();
      S.changed();
    });
  }

  function init() {
    bindFields();
    fillWorkbook();
    bindActions();
    showPersistence();
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { flush(); });
  S.onPage(init);
  window.klnWerkboek = { exportJson: exportJson, exportMarkdown: exportMarkdown, parseImport: parseImport,
                         opslag: S.ok };
})();
