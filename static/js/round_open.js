/* Opening an evaluation round: the "select all / due / none" buttons of the scope list. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-scope-select]");
    if (!button) return;
    var mode = button.dataset.scopeSelect;
    document.querySelectorAll("#round-scope input[name=entries][type=checkbox]").forEach(function (input) {
      input.checked = mode === "all" || (mode === "due" && input.dataset.due === "1");
    });
  });
})();
