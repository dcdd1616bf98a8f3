/* Practice log: save the draft while the trainee types.

   Progressive enhancement: without this script the form's "Save draft" button does the same.
   The draft is POSTed to the form's own address with the form's CSRF token (its hidden input);
   the server answers JSON. The first save of a new entry creates the draft, and the form then
   points at that draft, so later saves (and the final submit) update it instead of adding one. */
/* The date input offers only the days of the chosen placement (up to today): each placement's
   option carries its dates; the server refuses any other date all the same. */
(function () {
  "use strict";
  var placement = document.querySelector("form.entry-form select[name=placement]");
  var day = document.querySelector("form.entry-form input[name=day]");
  if (!placement || !day) {
    return;
  }
  function narrow() {
    var chosen = placement.options[placement.selectedIndex];
    if (chosen && chosen.dataset.min && chosen.dataset.max) {
      day.min = chosen.dataset.min;
      day.max = chosen.dataset.max;
    }
  }
  placement.addEventListener("change", narrow);
  narrow();
})();

(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector(".autosave-status");
  var timer = null;
  var busy = false;
  var again = false;
  var waitingSubmitter = null;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function finished() {
    busy = false;
    if (waitingSubmitter) {
      var submitter = waitingSubmitter;
      waitingSubmitter = null;
      form.requestSubmit(submitter);
    } else if (again) {
      again = false;
      save();
    }
  }

  function saved(body) {
    if (body.edit_url && form.getAttribute("action") !== body.edit_url) {
      form.setAttribute("action", body.edit_url);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", body.edit_url);
      }
    }
    say(form.getAttribute("data-saved-text"));
  }

  function save() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    say(form.getAttribute("data-saving-text"));
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.ok && body.saved) {
            saved(body);
          } else {
            var why = body.errors && body.errors.length ? " " + body.errors[0] : "";
            say(form.getAttribute("data-unsaved-text") + why);
          }
        });
      })
      .catch(function () {
        say(form.getAttribute("data-offline-text"));
      })
      .then(finished, finished);
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  // The outbox (outbox.js) takes an entry written offline and empties the form: a save still
  // waiting must not send the entry a second time as a draft once the connection returns.
  form.addEventListener("reset", function () {
    window.clearTimeout(timer);
    again = false;
  });
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (busy) {  // let the draft being saved land first, so the submit updates it
      event.preventDefault();
      waitingSubmitter = event.submitter || null;
      again = false;
    }
  });
})();
