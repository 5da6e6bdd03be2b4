// Beheer: the year field of a document form is named after the kind chosen (planjaar for a
// jaarplan, verslagjaar for a jaarverslag...), a plan asks for its period instead, and a
// field for plans, for reports or for leerdossiers only (data-kinds) shows for those kinds. The forms work
// without this file (the fields of the kind shown stay); a field that holds a value is
// never hidden.
(function () {
  "use strict";
  function empty(field) {
    // a field (or a fieldset of a leerdossier's fields) is empty when none of its inputs holds a value
    var inputs = field.querySelectorAll("input, select");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) return false;
      } else if (input.multiple) {
        if (input.selectedOptions.length > 0) return false;
      } else if (input.value) {
        return false;
      }
    }
    return true;
  }
  function update(select) {
    var form = select.form;
    var option = select.options[select.selectedIndex];
    var kind = option ? option.value : "";
    var label = form.querySelector(".year-label");
    var year = form.querySelector(".year-field");
    var period = form.querySelector(".period-field");
    if (label && year && period) {
      var isPeriod = option && option.dataset.periode === "ja";
      label.textContent = (kind && option.dataset.jaar) || "Jaar";
      year.hidden = Boolean(kind) && isPeriod && empty(year);
      period.hidden = Boolean(kind) && !isPeriod && empty(period);
    }
    form.querySelectorAll("[data-kinds]").forEach(function (field) {
      field.hidden = Boolean(kind) && field.dataset.kinds.split(" ").indexOf(kind) < 0 && empty(field);
    });
  }
  document.querySelectorAll("select[data-year-kind]").forEach(function (select) {
    select.addEventListener("change", function () { update(select); });
    update(select);
  });
})();
