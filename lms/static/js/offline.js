/* The installable web app, on the page's side.

   Registers the service worker (/sw.js, rules in lms/core/offline.py), shows the header's
   connection state while the phone is offline, and on logging out tells the worker to forget
   the lessons it kept for this person. Once the worker keeps the current stylesheet, a cookie
   named with its version tells the server to link it instead of putting it in every page
   (lms/core/stylesheet.py). Without this script (or without service workers) every
   page still works online. */
(function () {
  "use strict";
  var script = document.currentScript;
  var worker = script && script.getAttribute("data-worker");
  var stylesheet = script && script.getAttribute("data-stylesheet");
  var cookie = script && script.getAttribute("data-stylesheet-cookie");

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

  /* The worker precaches the stylesheet when it installs: once it holds this version, later
     pages may link it (answered from the phone) rather than carry it. */
  function rememberStylesheet() {
    var version = stylesheet && new URL(stylesheet, location.href).searchParams.get("v");
    if (!version || !cookie || !window.caches) {
      return;
    }
    var pair = cookie + "=" + version;
    if (document.cookie.split("; ").indexOf(pair) !== -1) {
      return;
    }
    caches.match(new URL(stylesheet, location.href).href).then(function (kept) {
      if (kept) {
        document.cookie = pair + "; path=/; max-age=31536000; samesite=lax" +
          (location.protocol === "https:" ? "; secure" : "");
      }
    }).catch(function () {
      /* no cache storage: the stylesheet stays in the page */
    });
  }
  navigator.serviceWorker.ready.then(rememberStylesheet);

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
