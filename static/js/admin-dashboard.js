/* Back-office dashboard: draw each figure's chart with Chart.js (static/vendor/chartjs).
 *
 * The figures come from a json_script element (no inline script: the CSP allows
 * scripts from this site only). Each <canvas data-chart="name"> gets the chart of
 * that name; the data table under it holds the same numbers for screen readers
 * and for visitors without JavaScript.
 */
(function () {
  "use strict";

  var COLOURS = ["#417690", "#e0a526", "#ba2121", "#5b8c3a", "#79aec8", "#8e6bb0"];

  function dataset(source, index, kind) {
    var colour = COLOURS[index % COLOURS.length];
    return {
      label: source.label,
      data: source.data,
      borderColor: colour,
      backgroundColor: colour,
      fill: false,
      tension: 0.2,
      pointRadius: kind === "line" ? 2 : 0
    };
  }

  function options(spec) {
    var values = { beginAtZero: true, ticks: { precision: 0 } };
    return {
      locale: document.documentElement.lang || "fr",
      indexAxis: spec.horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: spec.datasets.length > 1 } },
      scales: spec.horizontal ? { x: values } : { y: values }
    };
  }

  function draw(canvas, spec) {
    return new window.Chart(canvas, {
      type: spec.kind,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (source, index) { return dataset(source, index, spec.kind); })
      },
      options: options(spec)
    });
  }

  function init() {
    var source = document.getElementById("wbx-dashboard-charts");
    if (!source || !window.Chart) {
      return;
    }
    var charts = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = charts[canvas.getAttribute("data-chart")];
      if (spec) {
        draw(canvas, spec);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
