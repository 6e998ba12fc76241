// Progressive enhancement only: every page works without this file.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("[data-autosubmit]") && el.form) {
    el.form.requestSubmit();
  }
});

// A checkbox with data-toggles="ID" hides that element while it is checked
// ("E-mail same as username"). Without JavaScript the element stays visible.
function syncToggles() {
  document.querySelectorAll("[data-toggles]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-toggles"));
    if (target) target.hidden = box.checked;
  });
}
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("[data-toggles]")) syncToggles();
});
document.addEventListener("DOMContentLoaded", syncToggles);
document.addEventListener("htmx:afterSettle", syncToggles);

// A select with data-search (the country) gets a search box before it:
// typing keeps the options whose name or code matches, accents aside, and
// picks the best (the code itself, then a name that starts so). Without
// JavaScript the select stays a plain select.
function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
function enhanceSearch(root) {
  (root || document).querySelectorAll("select[data-search]:not([data-searching])").forEach(function (select) {
    select.setAttribute("data-searching", "");
    var box = document.createElement("input");
    box.type = "search";
    box.id = select.id + "-search";
    box.className = "select-search";
    box.autocomplete = "off";
    box.placeholder = select.getAttribute("data-search");
    box.setAttribute("aria-label", select.getAttribute("data-search"));
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var query = fold(box.value.trim()), best = null, bestRank = 9;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        var name = fold(option.text), at = name.indexOf(query);
        var rank = !query ? 8 : option.value.toLowerCase() === query ? 0 : at === 0 ? 1 : at > 0 ? 2 : -1;
        option.hidden = rank < 0;
        if (rank >= 0 && rank < bestRank) { bestRank = rank; best = option; }
      });
      if (best && query && select.value !== best.value) {
        select.value = best.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { enhanceSearch(document); });
document.addEventListener("htmx:afterSettle", function (event) { enhanceSearch(event.detail.target); });

// On each wizard step, focus goes where a keyboard user continues: the
// first field marked wrong, else the step's first field, else (the review)
// its main button.
function focusWizard(root) {
  var form = root && root.querySelector("form.wizard");
  if (!form) return;
  var fields = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  var target = form.querySelector("[aria-invalid=true]") || form.querySelector(fields) ||
    form.querySelector(".wizard-nav button:not(.secondary)");
  if (target) target.focus();
}
document.addEventListener("htmx:afterSettle", function (event) { focusWizard(event.detail.target); });
document.addEventListener("DOMContentLoaded", function () { focusWizard(document); });
