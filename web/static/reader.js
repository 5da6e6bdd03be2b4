// beleidsbank, the reader and the source page: small enhancements; both work without this file.
(function () {
  "use strict";

  // The sticky bar says "document › current heading" while scrolling.
  var where = document.querySelector("[data-current-heading]");
  var headings = Array.prototype.slice.call(document.querySelectorAll(".reader .section-heading"));
  if (where && headings.length && "IntersectionObserver" in window) {
    var textOf = function (h) {
      var out = "";
      h.childNodes.forEach(function (n) {
        if (!(n.nodeType === 1 && n.classList.contains("page"))) out += n.textContent;
      });
      return out.trim();
    };
    var show = function () {
      // the last heading that has scrolled up under the bar (the observer says when one crosses it)
      var current = null;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].getBoundingClientRect().top < 70) current = headings[i];
        else break;
      }
      where.hidden = !current;
      if (current) where.textContent = textOf(current);
    };
    var observer = new IntersectionObserver(show, { rootMargin: "-64px 0px 0px 0px", threshold: [0, 1] });
    headings.forEach(function (h) { observer.observe(h); });
  }

  // Next and previous search match (the <mark> elements), when opened from a search.
  var nav = document.querySelector("[data-match-nav]");
  var marks = Array.prototype.slice.call(document.querySelectorAll(".reader article mark"));
  if (nav && marks.length) {
    var count = nav.querySelector("[data-match-count]");
    var at = -1;
    if (location.hash) {  // start from the section the search hit opened
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) {
        var first = marks.findIndex(function (m) { return target.contains(m); });
        if (first >= 0) at = first - 1;
      }
    }
    var go = function (step) {
      if (at >= 0) marks[at].classList.remove("current");
      at = (at + step + marks.length) % marks.length;
      var m = marks[at];
      m.classList.add("current");
      m.scrollIntoView({ block: "center" });
      count.textContent = (at + 1) + " van " + marks.length;
    };
    nav.querySelector("[data-match=next]").addEventListener("click", function () { go(1); });
    nav.querySelector("[data-match=previous]").addEventListener("click", function () { go(-1); });
    count.textContent = marks.length + " treffers";
    nav.hidden = false;
  }

  // The source page: bring the highlighted block into view.
  var box = document.querySelector(".source-highlight rect");
  if (box && !location.hash) {
    var sheet = document.querySelector(".source-sheet img");
    var place = function () { box.scrollIntoView({ block: "center" }); };
    if (sheet && !sheet.complete) sheet.addEventListener("load", place, { once: true });
    else place();
  }
})();
