/* Quiz page, progressive enhancement: a countdown and autosave on a timer.
   Without JavaScript the page works the same: every button is a normal form POST that saves. */
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) { return; }
  var status = form.querySelector(".quiz-autosave");
  var timer = document.getElementById("quiz-timer");
  var AUTOSAVE_EVERY = 60 * 1000;
  var dirty = false;

  function say(text) { if (status) { status.textContent = text; } }

  function autosave() {
    if (!dirty || !window.fetch || !window.FormData) { return Promise.resolve(); }
    var data = new FormData(form);
    data.append("autosave", "1");
    dirty = false;
    return fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { saved: false, error: true }; })
      .then(function (result) {
        if (result.closed) { window.location.reload(); return; }
        say(result.saved ? "✓ " + new Date().toLocaleTimeString() : "");
        if (!result.saved) { dirty = true; }
      })
      .catch(function () { dirty = true; });
  }

  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("input", function () { dirty = true; });
  window.setInterval(autosave, AUTOSAVE_EVERY);

  if (timer) {
    var left = parseInt(timer.getAttribute("data-seconds-left"), 10);
    var shown = timer.querySelector(".countdown");
    var ends = Date.now() + left * 1000;
    var savedBeforeEnd = false;
    var tick = function () {
      var seconds = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var minutes = Math.floor(seconds / 60);
      shown.hidden = false;
      shown.textContent = minutes + ":" + String(seconds % 60).padStart(2, "0");
      if (seconds <= 20 && !savedBeforeEnd) { savedBeforeEnd = true; autosave(); }
      if (seconds === 0) {
        // The server closes the attempt with what was saved; reloading shows the result.
        window.clearInterval(clock);
        window.setTimeout(function () { window.location.reload(); }, 1500);
      }
    };
    var clock = window.setInterval(tick, 1000);
    tick();
  }
})();
