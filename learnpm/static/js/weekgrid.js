// The week grid's row, day and week totals follow what is typed, before anything is saved.
// Without a script they show the saved hours; the server checks every cell whatever this shows.
(function () {
  "use strict";
  var table = document.querySelector("table.week-grid");
  if (!table) { return; }
  function hours(cell) {
    var input = cell.querySelector("input");
    var text = input ? input.value.trim() : (cell.dataset.hours || "0");
    if (text === "") { return 0; }
    return /^\d*\.?\d*$/.test(text) && text !== "." ? Number(text) : NaN;
  }
  function shown(total) {
    return isNaN(total) ? "?" : String(Math.round(total * 100) / 100);
  }
  function update() {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var days = [0, 0, 0, 0, 0, 0, 0];
    rows.forEach(function (row) {
      var total = 0;
      row.querySelectorAll("td[data-day]").forEach(function (cell) {
        var value = hours(cell);
        total += value;
        days[Number(cell.dataset.day)] += value;
      });
      row.querySelector(".row-total strong").textContent = shown(total);
    });
    table.querySelectorAll("tfoot .day-total").forEach(function (cell) {
      var total = days[Number(cell.dataset.day)];
      cell.textContent = total ? shown(total) : "";
    });
    table.querySelector("tfoot .week-total strong").textContent = shown(days.reduce(function (a, b) { return a + b; }, 0));
  }
  table.addEventListener("input", update);
  update();  // a refused week comes back with what was typed: total that, not what is saved
}());
