(function () {
  "use strict";
  var table = document.getElementById("folders");
  var controls = document.getElementById("controls");
  if (!table || !controls) { return; }
  controls.className += " live";
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr.folder"));
  var groups = Array.prototype.slice.call(body.querySelectorAll("tr.group"));
  var search = document.getElementById("filter");
  var verdict = document.getElementById("verdict-filter");
  function apply() {
    var text = search.value.toLowerCase();
    var chosen = verdict.value;
    rows.forEach(function (row) {
      var shown = row.textContent.toLowerCase().indexOf(text) !== -1 &&
        (chosen === "" || row.getAttribute("data-verdict") === chosen);
      row.hidden = !shown;
    });
  }
  function value(row, key, numeric) {
    var raw = row.querySelector('[data-key="' + key + '"]').getAttribute("data-v");
    if (!numeric) { return raw; }
    return raw === "" ? null : parseFloat(raw);
  }
  table.querySelectorAll("th[data-key]").forEach(function (header) {
    header.setAttribute("tabindex", "0");
    function sort() {
      var key = header.getAttribute("data-key");
      var numeric = header.getAttribute("data-type") === "number";
      var down = header.getAttribute("aria-sort") === "ascending";
      table.querySelectorAll("th[data-key]").forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      header.setAttribute("aria-sort", down ? "descending" : "ascending");
      rows.sort(function (a, b) {
        var x = value(a, key, numeric), y = value(b, key, numeric);
        if (x === y) { return 0; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        var order = numeric ? x - y : x.localeCompare(y);
        return down ? -order : order;
      });
      groups.forEach(function (group) { group.hidden = true; });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    header.addEventListener("click", sort);
    header.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
    });
  });
  search.addEventListener("input", apply);
  verdict.addEventListener("change", apply);
}());
