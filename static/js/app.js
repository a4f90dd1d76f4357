/* Small behaviours for htmx pages. */
(function () {
  "use strict";

  // Filter forms send only the fields that have a value, so pushed URLs stay short.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get") return;
    const params = event.detail.parameters;
    for (const key of Object.keys(params)) {
      const value = params[key];
      if (value === "" || (Array.isArray(value) && value.every(function (v) { return v === ""; }))) {
        delete params[key];
      }
    }
  });

  // A changed filter (not the search box, which waits for typing to pause) refreshes the list: the
  // forms listen for "filterchange". An htmx trigger filter (change[...]) would need eval, which the
  // Content-Security-Policy forbids.
  document.addEventListener("change", function (event) {
    const form = event.target.form;
    if (form && event.target.name !== "q" && window.htmx) window.htmx.trigger(form, "filterchange");
  });

  // A session that expired mid-page answers an htmx request with the login page:
  // load it as a whole page instead of inside the table.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const xhr = event.detail.xhr;
    const loginUrl = document.body.dataset.loginUrl;
    if (loginUrl && xhr && xhr.responseURL && new URL(xhr.responseURL).pathname === loginUrl) {
      event.detail.shouldSwap = false;
      window.location.assign(xhr.responseURL);
    }
  });

  // A form answered with errors: bring its error summary into view for keyboard and screen-reader users.
  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.querySelector("[data-autofocus]");
    if (summary) summary.focus();
  });

  // Multiple-choice filters: the button shows what is chosen; the phone's panel button how many filters are set.
  function refreshFilterSummary(form) {
    form.querySelectorAll("[data-filter-multi]").forEach(function (box) {
      const summary = box.querySelector("[data-filter-summary]");
      const chosen = Array.from(box.querySelectorAll("input:checked")).map(function (input) {
        const label = box.querySelector('label[for="' + input.id + '"]');
        return label ? label.textContent.trim() : input.value;
      });
      summary.textContent = chosen.length ? chosen.join("、") : summary.dataset.empty;
    });
    const total = form.querySelector("[data-filter-total]");
    if (total) {
      const names = new Set();
      new FormData(form).forEach(function (value, name) {
        if (String(value).trim() !== "" && name !== "sort" && name !== "page_size") names.add(name);
      });
      total.textContent = names.size;
      total.classList.toggle("d-none", names.size === 0);
    }
  }
  document.addEventListener("change", function (event) {
    const form = event.target.closest("form[data-filter-form]");
    if (form) refreshFilterSummary(form);
  });
})();
