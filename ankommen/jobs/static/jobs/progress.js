// The progress bar of a job's page: asks the job's status every two seconds and moves the
// bar; when the job is finished, the page is loaded once more to show the result.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = box.querySelector("progress");
  var label = box.querySelector(".job-status-label");
  var count = box.querySelector(".job-count");
  var reload = box.querySelector(".job-reload");
  if (reload) { reload.parentNode.hidden = true; }
  function ask() {
    fetch(box.dataset.jobStatusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { window.setTimeout(ask, 5000); return; }
        bar.value = job.percent;
        bar.textContent = job.percent + " %";
        label.textContent = job.status_label;
        if (job.total) { count.textContent = job.done + " / " + job.total; }
        if (job.finished) { window.location.reload(); } else { window.setTimeout(ask, 2000); }
      })
      .catch(function () { window.setTimeout(ask, 5000); });
  }
  window.setTimeout(ask, 1000);
}());
