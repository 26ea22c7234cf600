/* Links to the same page in the other published years, from reports/assets/site.js. */
(function () {
  var site = window.cresSite;
  if (!site || !site.years) {
    return;
  }
  var places = document.querySelectorAll("[data-cres-page]");
  for (var i = 0; i < places.length; i++) {
    var place = places[i];
    var page = place.getAttribute("data-cres-page");
    var year = place.getAttribute("data-cres-year");
    var up = place.getAttribute("data-cres-up") || "";
    var years = Object.keys(site.years).sort().filter(function (y) {
      return y !== year && site.years[y].indexOf(page) >= 0;
    });
    for (var j = 0; j < years.length; j++) {
      if (j > 0) {
        place.appendChild(document.createTextNode(" · "));
      }
      var link = document.createElement("a");
      link.href = up + "../" + years[j] + "/" + page;
      link.textContent = years[j];
      place.appendChild(link);
    }
    place.hidden = years.length === 0;
  }
})();
