/* kpimodel report site: interactive charts, and sorting and filtering of the KPI table.
   Everything works without this script too: the charts are then static SVG images. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  var lang = root.getAttribute("lang") || "en";

  function drawCharts() {
    if (typeof window.vegaEmbed !== "function") { return; }
    var figures = document.querySelectorAll("figure.chart[data-chart]");
    Array.prototype.forEach.call(figures, function (figure) {
      var data = document.getElementById(figure.getAttribute("data-chart"));
      var live = figure.querySelector(".chart-live");
      if (!data || !live) { return; }
      var spec = JSON.parse(data.textContent);
      window.vegaEmbed(live, spec, { actions: false, renderer: "svg" }).then(function () {
        figure.classList.add("chart-ready");
        // The live chart replaces the static image: it takes over the description.
        live.removeAttribute("aria-hidden");
        live.setAttribute("role", "img");
        live.setAttribute("aria-label", figure.querySelector(".chart-static").alt);
      }).catch(function (error) {
        console.error("kpimodel: chart " + figure.getAttribute("data-chart") + ": " + error);
      });
    });
  }

  function setUpTable() {
    var table = document.getElementById("kpi-table");
    if (!table) { return; }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var text = document.getElementById("filter-text");
    var status = document.getElementById("filter-status");
    var theme = document.getElementById("filter-theme");
    var shown = document.getElementById("shown");
    var collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });

    function filter() {
      var words = text.value.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
      var count = 0;
      rows.forEach(function (row) {
        var haystack = row.textContent.toLocaleLowerCase();
        var visible = (!status.value || row.getAttribute("data-status") === status.value) &&
          (!theme.value || row.getAttribute("data-theme") === theme.value) &&
          words.every(function (w) { return haystack.indexOf(w) !== -1; });
        row.hidden = !visible;
        if (visible) { count += 1; }
      });
      shown.textContent = shown.getAttribute("data-template")
        .replace("{shown}", String(count)).replace("{total}", String(rows.length));
    }

    function sort(button) {
      var column = Number(button.getAttribute("data-sort"));
      var header = button.parentNode;
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
        cell.setAttribute("aria-sort", "none");
      });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var sorted = rows.slice().sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-value");
        var y = b.cells[column].getAttribute("data-value");
        var order = collator.compare(x, y);
        return ascending ? order : -order;
      });
      sorted.forEach(function (row) { body.appendChild(row); });
    }

    text.addEventListener("input", filter);
    status.addEventListener("change", filter);
    theme.addEventListener("change", filter);
    Array.prototype.forEach.call(table.querySelectorAll("th button[data-sort]"), function (button) {
      button.addEventListener("click", function () { sort(button); });
    });
    filter();
  }

  setUpTable();
  drawCharts();
}());
