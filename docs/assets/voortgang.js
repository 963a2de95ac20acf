/* Krachtig lerende netwerken: the learner's progress, from this browser's storage (assets/opslag.js).
 * - Per lesson (the overview's cards, the home page's list): done, and the knowledge-check score.
 * - "Ga verder": the last lesson page visited if it is not done yet, else the first lesson not done,
 *   else the Afronding page. Shown once the learner has started.
 * - The Afronding page: a table of what was done, the action plan (the answers to the 'uitproberen'
 *   questions, filled in by werkboek.js) and a certificate of participation with the learner's name.
 * Nothing here leaves the browser. */
(function () {
  "use strict";
  var S = window.klnOpslag, A = S.ANTWOORD, F = S.AFGEROND, K = S.KENNISCHECK, $$ = S.$$;

  function ids(el, attr) { var v = el.getAttribute(attr); return v ? v.split(" ") : []; }
  function kc(id) { return S.getJson(K + id); }
  function checked(qids) { return qids.filter(kc).length; }
  function right(qids) { return qids.filter(function (id) { var r = kc(id); return r && r.goed; }).length; }
  function answered(qids) { return qids.filter(function (id) { return S.get(A + id); }).length; }
  function dutchDate(iso) {
    var d = iso ? new Date(iso + "T12:00:00") : new Date();
    try { return d.toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" }); }
    catch (e) { return d.toISOString().slice(0, 10); }
  }
  function started() {
    return S.keys().some(function (k) { return k !== S.NAAM && S.get(k); });
  }

  // "afgerond · kennischeck 4 van 5 goed"
  function lessonState(lesId, qids) {
    var parts = [];
    if (S.get(F + lesId)) parts.push("afgerond");
    if (qids.length && checked(qids)) parts.push("kennischeck " + right(qids) + " van " + qids.length + " goed");
    return parts.join(" · ");
  }

  function lessons() {
    // The lessons of the module, in order, from the links on this page that carry data-les-link.
    var seen = {}, out = [];
    $$("a[data-les-link]").forEach(function (a) {
      var id = a.getAttribute("data-les-link");
      if (seen[id]) return;
      seen[id] = 1;
      out.push({ id: id, href: a.getAttribute("href"), nummer: a.getAttribute("data-les-nummer"),
                 titel: a.textContent.trim() });
    });
    return out;
  }

  function progress() {
    $$(".kln-voortgang[data-les]").forEach(function (el) {
      var text = lessonState(el.getAttribute("data-les"), ids(el, "data-kc"));
      el.textContent = text ? "· " + text : "";
    });
    $$(".kln-voortgang-totaal").forEach(function (el) {
      var les = ids(el, "data-lessen");
      var done = les.filter(function (id) { return S.get(F + id); }).length;
      el.textContent = done + " van " + les.length + " lessen afgerond";
    });
    var go = started();
    $$("[data-voortgang]").forEach(function (el) { el.hidden = !go; });
    $$("[data-alleen-nieuw]").forEach(function (el) { el.hidden = go; });  // "Begin bij les 1"
    $$("a[data-verder]").forEach(function (a) { continueTo(a); });
  }

  function continueTo(a) {
    var all = lessons();
    if (!all.length) return;
    var last = S.get(S.LAATSTE);
    var target = all.filter(function (l) { return l.id === last && !S.get(F + l.id); })[0] ||
                 all.filter(function (l) { return !S.get(F + l.id); })[0];
    if (target) {
      a.href = target.href;
      a.textContent = "Ga verder: les " + target.nummer + ". " + target.titel;
    } else {
      a.href = a.getAttribute("data-afronding-url");
      a.textContent = "Ga verder: bekijk je afronding";
    }
  }

  // ------------------------------------------------------------------ the Afronding page

  function completion() {
    var table = document.querySelector("[data-afronding]");
    if (!table) return;
    $$("tr[data-les]", table).forEach(function (row) {
      var id = row.getAttribute("data-les"), kcs = ids(row, "data-kc"), refl = ids(row, "data-reflectie");
      var done = S.get(F + id);
      row.querySelector("[data-cel=afgerond]").textContent = done ? "Ja, op " + dutchDate(done) : "Nog niet";
      row.querySelector("[data-cel=kennischeck]").textContent =
        checked(kcs) ? right(kcs) + " van " + kcs.length + " goed" : "Nog niet gedaan";
      row.querySelector("[data-cel=reflectie]").textContent = answered(refl) + " van " + refl.length;
    });
    certificate();
  }

  function certificate() {
    var sheet = document.querySelector("[data-bewijs]");
    if (!sheet) return;
    var name = S.get(S.NAAM) || "";
    var field = document.querySelector("input[data-naam]");
    if (field && document.activeElement !== field) field.value = name;
    sheet.querySelector("[data-bewijs-naam]").textContent = name || "(vul hierboven je naam in)";
    var list = sheet.querySelector("[data-bewijs-lessen]"), minutes = 0;
    list.textContent = "";
    $$("tr[data-les]").forEach(function (row) {
      if (!S.get(F + row.getAttribute("data-les"))) return;
      minutes += parseInt(row.getAttribute("data-studietijd"), 10) || 0;
      var li = document.createElement("li");
      li.textContent = row.querySelector("th").textContent.trim();
      list.appendChild(li);
    });
    var none = sheet.querySelector("[data-bewijs-geen]");
    none.hidden = list.children.length > 0;
    list.hidden = list.children.length === 0;
    sheet.querySelector("[data-bewijs-tijd]").textContent = minutes;
    sheet.querySelector("[data-bewijs-datum]").textContent = dutchDate();
  }

  // Prints one part of the page (the action plan or the certificate): print.css in kln.css hides the
  // rest while <html> carries the class.
  function printPart(cls) {
    var root = document.documentElement;
    root.classList.add(cls);
    var done = function () { root.classList.remove(cls); window.removeEventListener("afterprint", done); };
    window.addEventListener("afterprint", done);
    window.print();
    setTimeout(done, 1000);
  }

  function actionPlanMarkdown() {
    var out = ["# Mijn actieplan: Krachtig lerende netwerken", "", "Bewaard op " + S.today() + ".", ""];
    $$("[data-actieplan-vraag]").forEach(function (item) {
      var text = S.get(A + item.getAttribute("data-actieplan-vraag")) || "";
      out.push("## " + item.querySelector(".kln-actieplan__les").textContent.trim(), "",
               "**" + item.querySelector(".kln-werkboek__tekst").textContent.trim() + "**", "",
               text ? text : "*(nog geen antwoord)*", "");
    });
    return out.join("\n");
  }
  function download(name, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/markdown" }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function bindCompletion() {
    var field = document.querySelector("input[data-naam]");
    if (field) field.addEventListener("input", function () { S.set(S.NAAM, field.value.trim()); certificate(); });
    $$("[data-afronding-actie]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var act = btn.getAttribute("data-afronding-actie");
        if (act === "print-actieplan") printPart("kln-print-actieplan");
        if (act === "print-bewijs") { certificate(); printPart("kln-print-bewijs"); }
        if (act === "export-actieplan") download("actieplan-" + S.today() + ".md", actionPlanMarkdown());
      });
    });
  }

  function init() {
    var page = document.querySelector("[data-les-pagina]");
    if (page) S.set(S.LAATSTE, page.getAttribute("data-les-pagina"));
    bindCompletion();
    progress();
    completion();
  }
  document.addEventListener("kln:voortgang", function () { progress(); completion(); });
  S.onPage(init);
  window.klnVoortgang = { actieplan: actionPlanMarkdown };
})();
