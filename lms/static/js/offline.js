/* The installable web app, on the page's side.

   Registers the service worker (/sw.js, rules in lms/core/offline.py), shows the header's
   connection state while the phone is offline, and on logging out tells the worker to forget
   the lessons it kept for this person. Without this script (or without service workers) every
   page still works online. */
(function () {
  "use strict";
  var script = document.currentScript;
  var worker = script && script.getAttribute("data-worker");

  function showConnection() {
    var offline = navigator.onLine === false;
    Array.prototype.forEach.call(document.querySelectorAll(".connection"), function (el) {
      el.classList.toggle("is-offline", offline);
    });
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showConnection);
  } else {
    showConnection();
  }

  if (!worker || !("serviceWorker" in navigator)) {
    return;
  }
  navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {
    /* no worker (private mode, an old browser): pages work online as before */
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.matches && form.matches("form.logout")) {
      var controller = navigator.serviceWorker.controller;
      if (controller) {
        controller.postMessage({ type: "forget-pages" });
      }
    }
  });
})();
