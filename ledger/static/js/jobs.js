// Follows the jobs listed on a page ([data-job]): asks for each unfinished job's state
// every second, moves its progress bar, says how much of it is left and, once it is
// done, shows its download link (or reloads the page that shows its result).
(function () {
  "use strict";
  var list = document.querySelector("ul.jobs");
  if (!list || !window.fetch) { return; }

  function label(name) { return list.getAttribute("data-label-" + name) || name; }

  function timeLeft(seconds) {
    if (!isFinite(seconds) || seconds < 0) { return ""; }
    if (seconds < 90) { return label("seconds").replace("{n}", Math.max(1, Math.round(seconds))); }
    return label("minutes").replace("{n}", Math.round(seconds / 60));
  }

  // A running job sums balances before its first line and packs its file after its last.
  function stage(job) {
    if (job.state !== "running" || !job.total) { return job.state; }
    if (job.done === 0) { return "preparing"; }
    return job.done >= job.total ? "finishing" : "running";
  }

  function show(item, job, rate) {
    var bar = item.querySelector("[data-role=bar]");
    if (job.total) {
      bar.max = job.total;
      bar.value = Math.min(job.done, job.total);
      item.querySelector("[data-role=count]").textContent = job.done + " / " + job.total;
    }
    item.setAttribute("data-state", job.state);
    item.querySelector("[data-role=state]").textContent = label(stage(job));
    var left = item.querySelector("[data-role=left]");
    left.textContent = stage(job) === "running" && rate > 0 ? timeLeft((job.total - job.done) / rate) : "";
    var link = item.querySelector("[data-role=file]");
    if (link && job.state === "done" && job.file) { link.hidden = false; }
    if (job.state === "done" && !job.total) { bar.max = 1; bar.value = 1; }
    if (job.error) {
      var error = item.querySelector("[data-role=error]");
      error.textContent = job.error;
      error.hidden = false;
    }
  }

  function follow(item) {
    var url = item.getAttribute("data-job"), first = null;
    function ask() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (job) {
          var now = Date.now() / 1000, rate = 0;
          if (job.state === "running") {
            if (first === null || first.done === 0 || job.done < first.done) { first = { at: now, done: job.done }; }
            if (now > first.at) { rate = (job.done - first.done) / (now - first.at); }
          }
          show(item, job, rate);
          if (job.state === "done" || job.state === "failed") {
            if (item.hasAttribute("data-reload")) { window.location.reload(); }
            return;
          }
          window.setTimeout(ask, 1000);
        })
        .catch(function () { window.setTimeout(ask, 3000); });
    }
    ask();
  }

  list.querySelectorAll("li[data-job]").forEach(function (item) {
    var state = item.getAttribute("data-state");
    if (state === "queued" || state === "running") { follow(item); }
  });
})();
