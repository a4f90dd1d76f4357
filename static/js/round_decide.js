/* Evaluation round decisions: show only the fields a decision needs (all stay visible without JavaScript). */
(function () {
  // Show only the fields a decision needs (all stay visible without JavaScript).
  function refresh(row) {
    var select = row.querySelector("select[name$='-decision']");
    row.querySelectorAll("[data-show-for]").forEach(function (box) {
      var needed = box.dataset.showFor === select.value || box.querySelector(".is-invalid");
      box.classList.toggle("d-none", !needed);
    });
  }
  document.querySelectorAll("[data-decision-row]").forEach(refresh);
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[name$='-decision']")) refresh(event.target.closest("[data-decision-row]"));
  });
})();
