// beleidsbank, layout: the "kopieer link" button in the page header (base.html). Without
// script or without the Clipboard API the button stays hidden; the address bar still works.
(function () {
  "use strict";
  var button = document.querySelector("button.copy-link");
  var status = document.querySelector(".copy-link-status");
  if (!button || !status || !navigator.clipboard || !window.isSecureContext) return;
  var timer = null;
  function say(text) {
    status.textContent = text;
    clearTimeout(timer);
    timer = setTimeout(function () { status.textContent = ""; }, 4000);
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(location.href).then(
      function () { say("gekopieerd"); },
      function () { say("kopiëren lukte niet; kopieer het adres uit de adresbalk"); });
  });
})();
