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
