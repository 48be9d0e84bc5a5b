// The home page's quick entry: as the amount is typed, the split of the income is asked of
// POST /api/v1/communities/{c}/agreements/simulate (the agreements' own preview; nothing is
// written) with the operator's agreement in force and what its period already holds, so
// tiers and rounding come out as they will be posted. Enter records the income (a plain
// form post: the page comes back with the amount focused); a second Enter while it is on its
// way is not sent, and the server records a page's form once whatever arrives.
(function () {
  "use strict";
  var form = document.getElementById("quick-entry");
  var out = document.getElementById("quick-preview");
  var data = document.getElementById("quick-terms");
  if (!form || !out || !data || !window.fetch) { return; }
  var url = form.getAttribute("data-simulate-url");
  var known = JSON.parse(data.textContent);
  var timer = null;
  var latest = 0;
  var sending = false;

  function value(name) {
    var field = form.elements.namedItem(name);
    return field && typeof field.value === "string" ? field.value.trim() : "";
  }

  function periodOf(day, kind) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { return null; }
    if (kind === "year") { return day.slice(0, 4); }
    if (kind === "quarter") { return day.slice(0, 4) + "-Q" + (Math.floor((parseInt(day.slice(5, 7), 10) - 1) / 3) + 1); }
    return day.slice(0, 7);
  }

  function money(text) {
    var negative = text.charAt(0) === "-";
    var parts = (negative ? text.slice(1) : text).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (negative ? "-" : "") + parts.join(".");
  }

  function fen(text) {
    var negative = text.charAt(0) === "-";
    var parts = (negative ? text.slice(1) : text).split(".");
    var value = parseInt(parts[0], 10) * 100 + parseInt(((parts[1] || "") + "00").slice(0, 2), 10);
    return negative ? -value : value;
  }

  function yuan(value) {
    var whole = Math.floor(value / 100), cents = value % 100;
    return whole + "." + (cents < 10 ? "0" : "") + cents;
  }

  function say(name) {
    out.textContent = "";
    if (name) {
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = out.getAttribute("data-message-" + name);
      out.appendChild(p);
    }
  }

  function line(list, label, amount, className) {
    var li = document.createElement("li");
    if (className) { li.className = className; }
    var what = document.createElement("span");
    what.textContent = label;
    var much = document.createElement("span");
    much.className = "num";
    much.textContent = money(amount);
    li.appendChild(what);
    li.appendChild(much);
    list.appendChild(li);
  }

  function show(row, entry) {
    out.textContent = "";
    var list = document.createElement("ul");
    list.className = "split-lines";
    list.setAttribute("data-testid", "quick-split");
    row.shares.forEach(function (share) { line(list, known.names[share.to] || share.to, share.amount); });
    var rest = entry.settlement === "operator_collects" ? out.getAttribute("data-label-kept")
                                                        : out.getAttribute("data-label-remainder");
    line(list, rest, row.remainder, "remainder");
    out.appendChild(list);
  }

  function run() {
    var entry = known.terms[value("operator")];
    var amount = value("amount");
    if (!entry || !amount) { say(""); return; }
    if (!entry.agreement) { say("none"); return; }
    if (!/^\d+(\.\d{1,2})?$/.test(amount) || fen(amount) <= 0) { say("invalid"); return; }
    var day = value("occurred_on") || null;
    var amounts = [];
    var before = periodOf(day || "", entry.agreement.period) === entry.period ? entry.before : 0;
    if (before > 0) { amounts.push({ occurred_on: day, amount: yuan(before) }); }
    amounts.push(day ? { occurred_on: day, amount: amount } : amount);
    var serial = ++latest;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": value("csrf_token") },
      body: JSON.stringify({ agreement: entry.agreement, amounts: amounts })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
    }).then(function (answer) {
      if (serial !== latest) { return; }  // a newer amount is on its way
      if (answer.ok) { show(answer.body.rows[answer.body.rows.length - 1], entry); }
      else { say(answer.status === 422 ? "invalid" : "failed"); }
      out.setAttribute("data-live", "done");
    }).catch(function () {
      if (serial === latest) { say("failed"); }
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 150);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function (event) {
    if (sending) { event.preventDefault(); return; }
    sending = true;
  });
  window.addEventListener("pageshow", function () { sending = false; });  // back to a cached page
  out.setAttribute("data-live", "ready");
  if (value("amount")) { later(); }
})();
