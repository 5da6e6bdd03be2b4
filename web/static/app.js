// beleidsbank: small enhancements; every page works without this file.
(function () {
  "use strict";
  // Suggestions as you type in the search box (headings and index words).
  var box = document.querySelector("input[data-suggest]");
  var list = document.getElementById("suggesties");
  if (box && list && window.fetch) {
    var timer = null, last = "";
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = box.value;
        if (q.trim().length < 2 || q === last) return;
        last = q;
        fetch(box.dataset.suggest + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            if (box.value !== q) return;
            list.textContent = "";
            (data.suggestions || []).forEach(function (s) {
              var o = document.createElement("option");
              o.value = s;  // text, never HTML
              list.appendChild(o);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  // Ask before rebuilding everything.
  document.querySelectorAll("form input[name=opnieuw]").forEach(function (input) {
    input.form.addEventListener("submit", function (e) {
      if (!window.confirm("Alles opnieuw inlezen en de zoekindex opnieuw opbouwen?")) e.preventDefault();
    });
  });
})();
