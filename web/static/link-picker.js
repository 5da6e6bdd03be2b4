// "Koppel aan ambitie…" (web/templates/_link_picker.html): one dialog per page that finds an
// ambition as one types (GET data-search?q=…) and links the paragraph to it with a
// "toegevoegd" decision (POST to the decision API, CSRF token from <meta name="csrf-token">).
// Keyboard: the button opens the dialog with the focus in the search field, Tab/Shift+Tab
// move through the ambitions found, Enter links, Escape closes and the focus returns.
(function () {
  "use strict";
  var pickers = document.querySelectorAll(".link-picker");
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!pickers.length || !meta || !window.fetch || typeof HTMLDialogElement !== "function") return;

  var dialog, field, note, results, status, current = null, opener = null, timer = null, asked = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;  // text, never HTML
    return node;
  }

  function key() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  function build() {
    dialog = el("dialog", { "class": "link-picker-dialog", "aria-labelledby": "link-picker-title" });
    var form = el("form", { method: "dialog" });
    form.appendChild(el("h2", { id: "link-picker-title" }, "Koppel aan ambitie"));
    var context = el("p", { "class": "small", id: "link-picker-section" });
    form.appendChild(context);
    form.appendChild(el("label", { "for": "link-picker-q" }, "Zoek een ambitie (woorden, nummer of sleutel)"));
    field = el("input", { id: "link-picker-q", type: "search", autocomplete: "off",
                          "aria-describedby": "link-picker-help", "aria-controls": "link-picker-results" });
    form.appendChild(field);
    form.appendChild(el("p", { "class": "small", id: "link-picker-help" },
                        "Kies een ambitie uit de lijst: de alinea wordt er meteen aan gekoppeld."));
    form.appendChild(el("label", { "for": "link-picker-note" }, "Toelichting (mag leeg)"));
    note = el("input", { id: "link-picker-note", maxlength: "4000", autocomplete: "off" });
    form.appendChild(note);
    results = el("ul", { id: "link-picker-results", "class": "link-picker-results", "aria-label": "Gevonden ambities" });
    form.appendChild(results);
    status = el("p", { "class": "link-picker-status", role: "status", "aria-live": "polite" });
    form.appendChild(status);
    var actions = el("div", { "class": "link-picker-actions" });
    actions.appendChild(el("button", { type: "submit", "class": "secondary", value: "sluiten" }, "Sluiten"));
    form.appendChild(actions);
    dialog.appendChild(form);
    document.body.appendChild(dialog);
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    field.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var first = results.querySelector("button");
        if (first) { e.preventDefault(); first.focus(); }
      } else if (e.key === "Enter") {
        e.preventDefault();  // not the dialog's own submit: that closes it
        var only = results.querySelectorAll("button");
        if (only.length === 1) only[0].click();
      }
    });
    note.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    results.addEventListener("keydown", function (e) {
      var buttons = Array.prototype.slice.call(results.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement);
      if (at < 0) return;
      if (e.key === "ArrowDown" && at < buttons.length - 1) { e.preventDefault(); buttons[at + 1].focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (at > 0 ? buttons[at - 1] : field).focus(); }
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
  }

  function say(text, kind) {
    status.textContent = text;
    status.className = "link-picker-status" + (kind ? " " + kind : "");
  }

  function search() {
    var q = field.value.trim();
    var params = new URLSearchParams({ q: q });
    if (current.dataset.plan) params.set("plan", current.dataset.plan);
    else params.set("sectie", current.dataset.section);
    var mine = ++asked;
    fetch(current.dataset.search + "?" + params.toString(), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        if (mine !== asked) return;  // an answer to an older query
        results.textContent = "";
        (data.ambitions || []).forEach(function (a) {
          var li = el("li");
          var b = el("button", { type: "button", "data-id": a.id });
          b.appendChild(el("span", { "class": "pick-label" }, a.label));
          b.appendChild(el("span", { "class": "pick-text" }, a.text.length > 160 ? a.text.slice(0, 157) + "…" : a.text));
          b.addEventListener("click", function () { link(a); });
          li.appendChild(b);
          results.appendChild(li);
        });
        say(data.total ? data.total + (data.total === 1 ? " ambitie gevonden" : " ambities gevonden")
                         + (data.total > data.ambitions.length ? ", de eerste " + data.ambitions.length + " getoond" : "")
                       : "Geen ambitie gevonden met deze woorden.");
      })
      .catch(function () { if (mine === asked) say("Zoeken lukte niet; probeer het opnieuw.", "error"); });
  }

  function link(a) {
    var body = { action: "toegevoegd", section_id: current.dataset.section, idempotency_key: key() };
    if (note.value.trim()) body.note = note.value.trim();
    say("Bezig met koppelen aan " + a.label + "…");
    fetch(current.dataset.decide.replace("AMBITIE", encodeURIComponent(a.id)), {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": meta.content },
      body: JSON.stringify(body)
    })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (answer) {
        if (!answer.ok) { say(answer.data.error || "Koppelen lukte niet.", "error"); return; }
        status.textContent = "";
        // a link to a paragraph outside the plan's scope is kept but does not count: said so
        status.className = "link-picker-status " + (answer.data.warning ? "error" : "ok");
        status.appendChild(document.createTextNode("Gekoppeld aan " + a.label + ". "
          + (answer.data.warning ? "Let op: " + answer.data.warning + ". " : "")));
        status.appendChild(el("a", { href: current.dataset.page.replace("AMBITIE", encodeURIComponent(a.id)) },
                              "Bekijk de ambitie"));
        opener.textContent = "Gekoppeld aan " + a.label + " · nog een…";
      })
      .catch(function () { say("Koppelen lukte niet (geen verbinding?); probeer het opnieuw.", "error"); });
  }

  function open(picker, button) {
    if (!dialog) build();
    current = picker;
    opener = button;
    results.textContent = "";
    note.value = "";
    say("");
    dialog.querySelector("#link-picker-section").textContent = "Alinea " + picker.dataset.section;
    dialog.showModal();
    field.focus();
    field.select();
    search();  // the plan's ambitions at once; typing narrows them
  }

  pickers.forEach(function (picker) {
    var button = picker.querySelector("button.link-picker-open");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () { open(picker, button); });
  });
})();
