// Drag and drop on the editors' page tree, on top of the arrow buttons (which stay for
// keyboard users and without JavaScript). A row dropped on the upper half of another row
// goes before that page, on the lower half after it; the server applies the same rule as
// the buttons (permissions, no page below itself, the page's version) and the tree is
// reloaded to show the order as stored. No inline script: the site's CSP forbids it.
(function () {
  "use strict";

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function showError(text) {
    var box = document.getElementById("page-tree-error");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
  }

  function placeFor(row, event) {
    var box = row.getBoundingClientRect();
    return event.clientY < box.top + box.height / 2 ? "before" : "after";
  }

  function clearMarks(table) {
    table.querySelectorAll(".drop-before, .drop-after").forEach(function (row) {
      row.classList.remove("drop-before", "drop-after");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.querySelector("table.page-tree");
    if (!table) return;
    var dragged = null;

    table.querySelectorAll("tr[data-page]").forEach(function (row) {
      row.draggable = true;
      row.classList.add("draggable");

      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.dataset.page);
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("dragging");
        clearMarks(table);
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged === row) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        clearMarks(table);
        row.classList.add("drop-" + placeFor(row, event));
      });
      row.addEventListener("drop", function (event) {
        event.preventDefault();
        clearMarks(table);
        if (!dragged || dragged === row) return;
        var body = new URLSearchParams();
        body.set("target", row.dataset.page);
        body.set("place", placeFor(row, event));
        body.set("expected_version", dragged.dataset.version);
        fetch(dragged.dataset.dropUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        })
          .then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (data) {
              if (response.ok) {
                window.location.reload();
              } else {
                showError(data.error || response.statusText);
              }
            });
          })
          .catch(function () { showError(table.dataset.networkError); });
        dragged = null;
      });
    });
  });
})();
