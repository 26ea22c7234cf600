/* Charts at their final size: redrawn when their box changes width (a table laid out beside
   them, a phone turned, a window resized) and, before printing, at the width of the page. */
(function () {
  var Plotly = window.Plotly;
  if (!Plotly) {
    return;
  }
  var charts = Array.prototype.slice.call(document.querySelectorAll(".js-plotly-plot"));

  /* Many categories along the bottom (the dashboard's years) on a phone: labels written
     upwards, or they overlap. */
  function ticks(gd, w, update) {
    /* the narrowest phones (320 px): chamber names, tick labels and legend in smaller type,
       so that they stay whole beside the bars */
    var small = w < 360 ? 10 : null;
    update["yaxis.tickfont.size"] = small;
    update["xaxis.tickfont.size"] = small;
    update["legend.font.size"] = small;
    var axis = gd._fullLayout && gd._fullLayout.xaxis;
    if (axis && axis.type === "category" && (axis._categories || []).length > 6) {
      var narrow = w < 500;
      update["xaxis.tickangle"] = narrow ? -90 : "auto";
      /* the legend under the upright labels (its place is a fraction of the plot's height) */
      update["legend.y"] = narrow ? -52 / Math.max(gd._fullLayout._size.h, 100) : -0.08;
    }
    return update;
  }

  function redraw(gd) {
    var w = Math.floor(gd.parentElement.getBoundingClientRect().width);
    var drawn = gd._fullLayout && gd._fullLayout.width;
    if (w > 0 && w !== drawn) {
      Plotly.relayout(gd, ticks(gd, w, { width: w, autosize: false }));
    }
  }

  charts.forEach(redraw);
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(function () {
      charts.forEach(redraw);
    });
    charts.forEach(function (gd) {
      observer.observe(gd.parentElement);
    });
  }
  window.addEventListener("resize", function () {
    charts.forEach(redraw);
  });
  /* Printing lays the page out again at the width of the paper: the class gives the screen
     that layout (see cres.css), the charts are drawn for it, synchronously, then put back. */
  window.addEventListener("beforeprint", function () {
    document.documentElement.classList.add("cres-printing");
    charts.forEach(redraw);
  });
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("cres-printing");
    charts.forEach(redraw);
  });
})();
