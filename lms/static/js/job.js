/* A job's page: poll its state every two seconds and show the progress, then the result.

   Progressive enhancement: without this script the page shows the state it was served with
   and a "Refresh" link. Polling stops when the job is done or failed; on a lost connection it
   slows down and keeps trying. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  var words = document.getElementById("job-words");
  if (!box || !words || !window.fetch) {
    return;
  }
  var delay = 2000;

  function show(state) {
    var bar = document.getElementById("job-progress");
    bar.value = state.percent;
    bar.textContent = state.percent + " %";
    document.getElementById("job-count").textContent = state.total
      ? words.dataset.count.replace("999001", state.done).replace("999002", state.total)
      : "";
    document.getElementById("job-status").textContent = words.dataset[state.status] || "";
    document.getElementById("job-summary").textContent = state.summary || "";
    var download = document.getElementById("job-download");
    download.hidden = !state.download;
    box.dataset.status = state.status;
  }

  function poll() {
    fetch(box.dataset.stateUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        delay = 2000;
        if (state.status === "queued" || state.status === "running") {
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(poll, delay);
      });
  }

  if (box.dataset.status === "queued" || box.dataset.status === "running") {
    window.setTimeout(poll, delay);
  }
})();
