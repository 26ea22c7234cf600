/* Tables not written by cres_reports.present.display (their cells carry no class): cells are
   right-aligned (numbers); cells that do not look like a number go left, and so does the
   header of a column holding such text. */
(function () {
  var number = /^[-+\u2212]?[\d\s\u00a0\u202f.,]*\d[\d\s\u00a0\u202f.,]*\s*(%|‰|€|k€|M€|pts?)?$/;
  var tables = document.querySelectorAll(".cres-main table");
  for (var t = 0; t < tables.length; t++) {
    var textColumns = {};
    var cells = tables[t].querySelectorAll("tbody td");
    for (var i = 0; i < cells.length; i++) {
      var text = cells[i].textContent.trim();
      if (cells[i].className === "" && text !== "" && !number.test(text)) {
        cells[i].classList.add("cres-text");
        textColumns[cells[i].cellIndex] = true;
      }
    }
    var headers = tables[t].querySelectorAll("thead th");
    for (var j = 0; j < headers.length; j++) {
      if (textColumns[headers[j].cellIndex]) {
        headers[j].classList.add("cres-text");
      }
    }
  }
})();

/* A table whose columns are years, oldest first (class "series"), too wide for the screen:
   its box opens on the latest years, the row labels staying on the left (cres.css); again
   when the width changes (a phone turned). */
(function () {
  var series = document.querySelectorAll(".cres-table > table.series");
  var width = 0;
  function latest() {
    if (window.innerWidth === width) {
      return;
    }
    width = window.innerWidth;
    for (var i = 0; i < series.length; i++) {
      var box = series[i].parentElement;
      box.scrollLeft = box.scrollWidth - box.clientWidth;
    }
  }
  if (series.length) {
    latest();
    window.addEventListener("resize", latest);
  }
})();
