/* Bewaarde zoekopdrachten (web/saved.py): ask before a saved search is removed, and select
   the whole feed address when it gets focus, so it is copied in one go. No inline scripts
   (the CSP allows scripts from 'self' only). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.classList.contains("feed-url")) {
      input.select();
    }
  });
})();
