// Zoeken: on a wide screen the filters stand open beside the results; on a phone they stay
// folded behind "Filters" (a <details>, which works without this script too).
(function () {
  "use strict";
  function openOnWideScreens() {
    var wide = window.matchMedia("(min-width: 801px)").matches;
    document.querySelectorAll("details.filters").forEach(function (d) {
      if (wide) { d.open = true; }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openOnWideScreens);
  } else {
    openOnWideScreens();
  }
})();
