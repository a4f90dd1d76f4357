/* The dashboards' charts: every [data-chart] element is drawn by ECharts (canvas renderer) from
   the options the server put beside it with json_script. A click on a data point opens the list
   behind it (the URL the server attached to the point). Charts follow their box's size. */
(function () {
  "use strict";

  const BASE = {
    aria: { enabled: true },
    animationDuration: 300,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    tooltip: { trigger: "item", confine: true },
  };

  function draw(el) {
    const source = document.getElementById(el.dataset.options);
    if (!source || !window.echarts) return;
    const options = Object.assign({}, BASE, JSON.parse(source.textContent));
    const chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(options);
    chart.on("click", function (params) {
      if (params.data && params.data.url) window.location.href = params.data.url;
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { chart.resize(); }).observe(el);
    } else {
      window.addEventListener("resize", function () { chart.resize(); });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
