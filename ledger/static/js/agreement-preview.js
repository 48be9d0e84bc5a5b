// Live preview of a draft agreement: as the officer types, the draft and the sample amounts
// go to POST /api/v1/communities/{c}/agreements/simulate (session cookie + X-CSRFToken) and
// the answer is shown in #preview. Nothing is written. Without this script the Preview
// button asks the server for the same table. Fields are read as ledger/web/agreement_form.py
// reads them.
(function () {
  "use strict";
  var form = document.getElementById("agreement-form");
  var out = document.getElementById("preview");
  if (!form || !out || !window.fetch) { return; }
  var url = form.getAttribute("data-simulate-url");
  var timer = null;
  var latest = 0;

  function value(name) {
    var field = form.elements.namedItem(name);
    return field && typeof field.value === "string" ? field.value.trim() : "";
  }

  function words(text, separators) {
    return text.split(separators).filter(function (word) { return word !== ""; });
  }

  // "10000.00 5" per line; the last line "* 10".
  function parseTiers(text) {
    var tiers = [];
    var lines = text.split(/\r?\n/);
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i].trim();
      if (!line) { continue; }
      var parts = words(line, /[\s,，:：=%]+/);
      if (parts.length === 1 && "*-∞".indexOf(line.charAt(0)) >= 0) {
        parts = ["*"].concat(words(parts[0].replace(/^[*\-∞]+/, ""), /\s+/));
      }
      if (parts.length !== 2) { return null; }
      var open = parts[0] === "*" || parts[0] === "-" || parts[0] === "∞";
      tiers.push({ up_to: open ? null : parts[0], percent: parts[1] });
    }
    return tiers.length ? tiers : null;
  }

  function shares() {
    var list = [];
    var rows = parseInt(value("rows"), 10) || 0;
    for (var i = 0; i < rows; i++) {
      var to = value("shares-" + i + "-to");
      var percent = value("shares-" + i + "-percent");
      var tiersText = value("shares-" + i + "-tiers");
      if (!to && !percent && !tiersText) { continue; }
      var share = {};
      if (to) { share.to = to; }
      if (percent) { share.percent = percent.replace(/%$/, "").trim(); }
      if (tiersText) {
        var tiers = parseTiers(tiersText);
        if (!tiers) { return null; }
        share.tiers = tiers;
      }
      list.push(share);
    }
    return list;
  }

  function draft() {
    var amounts = words(value("amounts"), /[\s,，]+/).slice(0, 1000);
    if (!amounts.length) { return { empty: true }; }
    var list = shares();
    if (!list || !list.length) { return { invalid: true }; }
    var agreement = { basis: value("basis") || "gross", period: value("period") || "month", shares: list };
    if (value("minimum")) { agreement.minimum = value("minimum"); }
    var day = value("effective_from");
    var dated = /^\d{4}-\d{2}-\d{2}$/.test(day);
    return { body: { agreement: agreement, amounts: amounts.map(function (amount) {
      return dated ? { occurred_on: day, amount: amount } : amount;
    }) } };
  }

  function money(text) {
    var negative = text.charAt(0) === "-";
    var parts = (negative ? text.slice(1) : text).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (negative ? "-" : "") + parts.join(".");
  }

  function cell(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) { node.className = className; }
    return node;
  }

  function row(tag, cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) { tr.appendChild(cell(tag, c[0], c[1])); });
    return tr;
  }

  function label(name) { return out.getAttribute("data-label-" + name); }

  function table(result) {
    var head = [[label("date")], [label("period")], [label("amount"), "num"]];
    result.totals.shares.forEach(function (share) { head.push([share.to, "num code"]); });
    head.push([label("remainder"), "num"]);
    var t = document.createElement("table");
    t.className = "preview-table";
    t.setAttribute("data-testid", "preview-table");
    t.appendChild(document.createElement("thead")).appendChild(row("th", head));
    var body = t.appendChild(document.createElement("tbody"));
    result.rows.forEach(function (r) {
      var cells = [[r.occurred_on], [r.period], [money(r.amount), "num"]];
      r.shares.forEach(function (share) { cells.push([money(share.amount), "num"]); });
      cells.push([money(r.remainder), "num"]);
      body.appendChild(row("td", cells));
    });
    var totals = [[label("total")], [""], [money(result.totals.amount), "num"]];
    result.totals.shares.forEach(function (share) { totals.push([money(share.amount), "num"]); });
    totals.push([money(result.totals.remainder), "num"]);
    t.appendChild(document.createElement("tfoot")).appendChild(row("th", totals));
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.appendChild(t);
    return wrap;
  }

  function show(node) {
    out.textContent = "";
    out.appendChild(node);
  }

  function say(messageName) {
    show(cell("p", out.getAttribute("data-message-" + messageName), "muted"));
  }

  function run() {
    var made = draft();
    if (made.empty) { say("empty"); return; }
    if (made.invalid) { say("invalid"); return; }
    var serial = ++latest;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": value("csrf_token") },
      body: JSON.stringify(made.body)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
    }).then(function (answer) {
      if (serial !== latest) { return; }  // a newer draft is on its way
      if (answer.ok) { show(table(answer.data)); } else { say(answer.status === 422 ? "invalid" : "failed"); }
      out.setAttribute("data-live", "done");
    }).catch(function () {
      if (serial === latest) { say("failed"); }
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 300);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  out.setAttribute("data-live", "ready");
})();
