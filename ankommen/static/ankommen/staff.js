// Staff tables on a phone (base.css, "Staff tables become labelled cards"): every cell of
// a table with a heading row gets its column's heading as data-label, which the card
// layout shows before the value. Cells that name their label themselves keep it.
(function () {
  "use strict";
  document.querySelectorAll("main table").forEach(function (table) {
    var heads = [];
    var headRow = table.querySelector("thead tr");
    if (!headRow) return;
    Array.prototype.forEach.call(headRow.children, function (cell) {
      for (var span = 0; span < (cell.colSpan || 1); span += 1) heads.push(cell.textContent.trim());
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (!cell.hasAttribute("data-label") && heads[column]) {
          cell.setAttribute("data-label", heads[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  });
})();
