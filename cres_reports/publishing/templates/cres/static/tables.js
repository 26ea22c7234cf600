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
