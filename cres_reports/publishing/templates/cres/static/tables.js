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

/* A table wider than its box (a phone) scrolls sideways under its first column, which stays
   (cres.css). A column must never be half hidden under it: "incomplet" would read
   "complet". So the box stops only at column starts just right of the row labels (scroll
   snapping in cres.css; and after any scroll, the nearest start), with room at its end for
   the last one; it says that it scrolls and takes the keyboard's focus. A table whose
   columns are years, oldest first (class "series"), opens on the latest years. Again when
   the width changes (a phone turned). */
(function () {
  var boxes = document.querySelectorAll(".cres-table");
  var width = 0;

  function starts(box, labels) {
    /* where each column after the labels starts, as a scroll position of the box */
    var row = box.querySelector("table").rows[0];
    var origin = box.getBoundingClientRect().left + box.clientLeft - box.scrollLeft;
    var found = [];
    for (var j = 1; j < row.cells.length; j++) {
      found.push(row.cells[j].getBoundingClientRect().left - origin - labels);
    }
    return found;
  }

  function arrange() {
    if (window.innerWidth === width) {
      return;
    }
    width = window.innerWidth;
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var table = box.querySelector("table");
      if (!table || !table.rows.length || table.rows[0].cells.length < 2) {
        continue;
      }
      box.style.paddingRight = "";
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("cres-scrolls", scrolls);
      if (!scrolls) {
        box.style.scrollPaddingLeft = "";
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        continue;
      }
      /* scrolled with the keyboard too: a region that takes the focus, named by its table */
      var caption = table.caption ? table.caption.textContent.trim() : "";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? "Tableau défilant : " + caption : "Tableau défilant");
      var labels = table.rows[0].cells[0].getBoundingClientRect().width;
      box.style.scrollPaddingLeft = labels + "px";
      /* a cell over several columns keeps its words in sight, past the labels (cres.css) */
      box.style.setProperty("--cres-labels", labels + "px");
      /* room at the end for the first column start past it: every start can be reached */
      var end = box.scrollWidth - box.clientWidth;
      var at = starts(box, labels).filter(function (x) { return x >= end - 1; })[0];
      if (at !== undefined && at > end) {
        box.style.paddingRight = at - end + "px";
      }
      if (table.classList.contains("series")) {
        box.scrollLeft = at !== undefined ? at : end;
      }
    }
  }

  /* a scroll that ends between two columns goes on to the nearest column start (whatever
     moved it: a finger, a wheel, the keyboard, a script) */
  function align(event) {
    var box = event.currentTarget;
    var table = box.querySelector("table");
    if (!box.classList.contains("cres-scrolls") || !table) {
      return;
    }
    var labels = table.rows[0].cells[0].getBoundingClientRect().width;
    var best = null;
    starts(box, labels).concat([0]).forEach(function (x) {
      if (best === null || Math.abs(x - box.scrollLeft) < Math.abs(best - box.scrollLeft)) {
        best = x;
      }
    });
    if (best !== null && Math.abs(best - box.scrollLeft) > 1) {
      box.scrollLeft = best;
    }
  }
  for (var b = 0; b < boxes.length; b++) {
    boxes[b].addEventListener("scrollend", align);
  }
  if (boxes.length) {
    arrange();
    window.addEventListener("resize", arrange);
  }
})();
