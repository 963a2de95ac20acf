/* Krachtig lerende netwerken: the knowledge check after each lesson.
 * Each question is a <form class="kln-kc" data-kc="<id>"> (site/templates/quiz-item.md): a fieldset
 * with radio buttons (one right answer) or checkboxes (more than one), a Controleer button and a live
 * region. Each option says whether it is right (data-juist) and carries its explanation in a <template>.
 * Controleer shows, in words and not by colour alone, whether the choice is right, with the
 * explanation of every option chosen; the learner may try again as often as they like. The last check
 * is saved in this browser only (assets/opslag.js) and shown again on the next visit. */
(function () {
  "use strict";
  var S = window.klnOpslag, K = S.KENNISCHECK, $$ = S.$$;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function options(form) { return $$(".kln-kc__optie", form); }
  function label(opt) { return opt.querySelector("label").textContent.trim(); }
  function explanation(opt) { return opt.querySelector("template.kln-kc__uitleg").content.textContent.trim(); }
  function right(opt) { return opt.getAttribute("data-juist") === "ja"; }

  function clearMarks(form) {
    options(form).forEach(function (opt) {
      opt.removeAttribute("data-oordeel");
      opt.querySelector(".kln-kc__oordeel").textContent = "";
    });
  }

  // Shows the outcome of a check. `chosen`: the indices of the options chosen.
  function show(form, chosen) {
    var opts = options(form), many = form.getAttribute("data-soort") === "meer";
    var rightOnes = opts.map(function (o, i) { return right(o) ? i : -1; }).filter(function (i) { return i >= 0; });
    var allRight = chosen.length === rightOnes.length && chosen.every(function (i) { return right(opts[i]); });
    var wrongChosen = chosen.filter(function (i) { return !right(opts[i]); }).length;
    var box = form.querySelector(".kln-kc__feedback");
    clearMarks(form);
    box.textContent = "";

    var verdict;
    if (allRight) verdict = many ? "Goed! Je hebt alle goede antwoorden gekozen." : "Goed!";
    else if (many && !wrongChosen) verdict = "Bijna. Wat je koos, klopt. Maar er is nog een goed antwoord. Probeer het nog een keer.";
    else verdict = (many && chosen.length > wrongChosen ? "Nog niet helemaal goed." : "Nog niet goed.") +
      " Lees de uitleg en probeer het nog een keer.";
    box.appendChild(el("p", "kln-kc__uitslag", verdict));
    box.setAttribute("data-uitslag", allRight ? "goed" : "fout");

    var list = el("ul", "kln-kc__uitleglijst");
    chosen.forEach(function (i) {
      var opt = opts[i], ok = right(opt);
      opt.setAttribute("data-oordeel", ok ? "goed" : "fout");
      opt.querySelector(".kln-kc__oordeel").textContent = ok ? "Goed" : "Niet goed";
      var li = el("li", ok ? "kln-kc__uitleg--goed" : "kln-kc__uitleg--fout");
      li.appendChild(el("strong", null, (ok ? "Goed: " : "Niet goed: ") + label(opt)));
      li.appendChild(document.createTextNode(" " + explanation(opt)));
      list.appendChild(li);
    });
    box.appendChild(list);

    // Once right, the explanations of the other options too, folded away.
    var others = opts.filter(function (o, i) { return chosen.indexOf(i) < 0; });
    if (allRight && others.length) {
      var more = el("details", "kln-kc__meer");
      more.appendChild(el("summary", null, "Uitleg bij de andere antwoorden"));
      var ul = el("ul");
      others.forEach(function (opt) {
        var li = el("li");
        li.appendChild(el("strong", null, (right(opt) ? "Goed: " : "Niet goed: ") + label(opt)));
        li.appendChild(document.createTextNode(" " + explanation(opt)));
        ul.appendChild(li);
      });
      more.appendChild(ul);
      box.appendChild(more);
    }
    return allRight;
  }

  function bind(form) {
    var id = form.getAttribute("data-kc");
    var button = form.querySelector(".kln-kc__knop");
    button.hidden = false;
    var saved = S.getJson(K + id);
    if (saved && Array.isArray(saved.keuze)) {
      var opts = options(form), inputs = saved.keuze.filter(function (i) { return opts[i]; });
      if (inputs.length) {
        inputs.forEach(function (i) { opts[i].querySelector("input").checked = true; });
        show(form, inputs);
      }
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var chosen = options(form).map(function (o, i) { return o.querySelector("input").checked ? i : -1; })
        .filter(function (i) { return i >= 0; });
      var box = form.querySelector(".kln-kc__feedback");
      if (!chosen.length) {
        clearMarks(form);
        box.removeAttribute("data-uitslag");
        box.textContent = "";
        box.appendChild(el("p", "kln-kc__uitslag", "Kies eerst een antwoord."));
        return;
      }
      var goed = show(form, chosen);
      S.set(K + id, JSON.stringify({ keuze: chosen, goed: goed, datum: S.today() }));
      S.changed();
    });
    // A new choice: the old marks next to the options no longer apply.
    form.addEventListener("change", function () { clearMarks(form); });
  }

  function init() {
    $$(".kln-kennischeck__geen-js").forEach(function (p) { p.hidden = true; });
    $$("form.kln-kc[data-kc]").forEach(bind);
  }
  S.onPage(init);
})();
