/* Krachtig lerende netwerken: glossary links on touch screens.
 * With a mouse or the keyboard, Material shows a term's short definition as a tooltip. A touch screen
 * has no hover, so a tap would go straight to the term's page. Here the first tap on a glossary link
 * shows the definition under the word, with a link to the full explanation; a second tap follows it. */
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(hover: none)").matches) return;
  var open = null;

  function close() {
    if (open) { open.tip.remove(); open.link.removeAttribute("aria-describedby"); open = null; }
  }

  window.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest(".md-content a[data-kort]") : null;
    if (open && (!link || link !== open.link) && !open.tip.contains(ev.target)) close();
    if (!link || (open && open.link === link)) return;  // a second tap follows the link
    ev.preventDefault();
    ev.stopPropagation();  // before Material's instant navigation sees the click
    var tip = document.createElement("span");
    tip.className = "kln-uitleg";
    tip.id = "kln-uitleg";
    tip.setAttribute("role", "tooltip");
    tip.textContent = link.getAttribute("data-kort") + " ";
    var more = document.createElement("a");
    more.href = link.href;
    more.textContent = "Lees meer";
    tip.appendChild(more);
    link.insertAdjacentElement("afterend", tip);
    link.setAttribute("aria-describedby", tip.id);
    open = { link: link, tip: tip };
  }, true);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") close(); });
})();
