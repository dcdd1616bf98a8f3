/* The installable web app, on the page's side.

   Registers the service worker (/sw.js, rules in lms/core/offline.py), shows the header's
   connection state while the phone is offline, and on logging out tells the worker to forget
   the lessons it kept for this person. Once the worker keeps the current stylesheet, a cookie
   named with its version tells the server to link it instead of putting it in every page
   (lms/core/stylesheet.py). Without this script (or without service workers) every
   page still works online.

   A first visit's page names its feature scripts (keep.js, the practice log's outbox.js) in
   hidden elements (data-later-script) instead of loading them (lms/core/later_scripts.py): this
   script loads them, in page order, once the worker is ready and controls the page, so they
   come from the worker's cache rather than over the link; at once where there is no worker to
   wait for (no support, a refused registration, an install that failed). */
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

  /* The page's feature scripts left for later: added once, in page order (async=false). */
  var later = false;
  function loadLater() {
    if (later) {
      return;
    }
    later = true;
    Array.prototype.forEach.call(document.querySelectorAll("[data-later-script]"), function (el) {
      var added = document.createElement("script");
      added.src = el.getAttribute("data-later-script");
      added.async = false;
      document.head.appendChild(added);
    });
  }

  if (!worker || !("serviceWorker" in navigator)) {
    loadLater();
    return;
  }
  /* No worker to wait for (refused: private mode, an old browser; or a browser that blocks them
     and answers with nothing), or an install that fails (the connection dropped while
     precaching), which never makes it ready: pages work online as before, the scripts come from
     the network. */
  navigator.serviceWorker.register(worker, { scope: "/" }).then(function (registration) {
    var installing = registration && registration.installing;
    if (!installing && !(registration && registration.active)) {
      loadLater();
    } else if (installing) {
      installing.addEventListener("statechange", function () {
        if (installing.state === "redundant" && !registration.active) {
          loadLater();
        }
      });
    }
  }, loadLater);

  /* Ready (active) is not yet in control: the worker claims the page as it activates; if it
     never does, the scripts come from the browser's cache or the network after 5 s. */
  navigator.serviceWorker.ready.then(function () {
    if (navigator.serviceWorker.controller) {
      loadLater();
    } else {
      navigator.serviceWorker.addEventListener("controllerchange", loadLater);
      window.setTimeout(loadLater, 5000);
    }
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
