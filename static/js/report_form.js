/* The progress report form: running totals of the money fields, and confirmation before a photo is deleted. */
(function () {
  "use strict";
  var box = document.querySelector("[data-base-total]");
  if (!box) return;
  var baseTotal = parseFloat(box.dataset.baseTotal) || 0;
  var baseYtd = parseFloat(box.dataset.baseYtd) || 0;
  var inputs = document.querySelectorAll("[data-money]");
  function show(name, value) {
    document.querySelector('[data-total="' + name + '"]').textContent =
      value.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function refresh() {
    var cents = 0;
    inputs.forEach(function (input) {
      var value = parseFloat(input.value);
      if (!isNaN(value)) cents += Math.round(value * 100);
    });
    var period = cents / 100;
    show("period", period);
    show("since-start", (Math.round(baseTotal * 100) + cents) / 100);
    show("since-jan", (Math.round(baseYtd * 100) + cents) / 100);
  }
  inputs.forEach(function (input) { input.addEventListener("input", refresh); });
  refresh();
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
})();
