/* The service worker: lessons already opened, modules kept for offline, the trainee's work pages
   (the new-entry form, a quiz paper) last opened, the offline page and the certificate check (the
   /verify/ page and the issuer's public keys), without a connection.
   Rules in lms/core/offline.py. Plain JavaScript, no build step. */
"use strict";
var SETTINGS = {{ settings|tojson }};
var STATIC_CACHE = "lms-static-" + SETTINGS.version;
var PAGE_CACHE = "lms-pages";
/* Modules kept for offline by static/js/keep.js: one Cache per module, language and version. */
var KEPT_PREFIX = "lms-keep:";

function keptCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) {
      return name.indexOf(KEPT_PREFIX) === 0;
    });
  });
}

/* Nobody's lessons stay: those opened and those kept. */
function forgetPages() {
  return keptCaches().then(function (names) {
    return Promise.all(names.concat([PAGE_CACHE]).map(function (name) {
      return caches.delete(name);
    }));
  });
}

function fromKeptCaches(url) {
  return keptCaches().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (response) {
        return response || caches.open(name).then(function (cache) {
          return cache.match(url);
        });
      });
    }, Promise.resolve(undefined));
  });
}

/* A kept page fetched again online: the kept copy takes the fresh one (marks, attempts). */
function refreshKeptCopy(url, fresh) {
  return keptCaches().then(function (names) {
    return Promise.all(names.map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.match(url).then(function (kept) {
          return kept && cache.put(url, fresh.clone());
        });
      });
    }));
  });
}

/* Kept if it can be fetched; a site without a signing key still installs its worker. */
function keepIfFetched(cache, url) {
  return fetch(url).then(function (response) {
    return response.ok ? cache.put(url, response) : undefined;
  }).catch(function () {
    return undefined;
  });
}

/* Rules the browser applies itself (the static routing API, where the browser has it), before
   and without this script: a browser refusing a set of rules, by throwing or rejecting, leaves
   the fetch handler to answer those requests. Called while the install event is dispatched (the
   executor runs at once), one set of rules after the other: a browser without a condition or
   source of the second set still takes the first. */
function addRoutes(event, rules) {
  return new Promise(function (done) {
    done(event.addRoutes(rules));
  }).catch(function () {
    return undefined;
  });
}

/* The precached files are answered from their Cache by the browser: a page's stylesheet then
   waits neither for the worker to start nor for its script, busy with the page's own answer. A
   file missing from the Cache goes to the network; elsewhere the fetch handler below answers
   the same way.
   A page opened (GET) races the network against the fetch handler: online, the network's
   answer reaches the page directly, not through a worker that a phone may first have to start;
   the fetch handler still runs (it keeps its copies, and its own fetch of the page is answered
   by the same response, not a second request) and answers when the network fails. A form sent
   (POST) is left to the fetch handler, which lets it go to the network once. */
function declareRoutes(event) {
  if (!event.addRoutes) {
    return Promise.resolve();
  }
  var files = SETTINGS.precache.map(function (file) {
    return {
      condition: { urlPattern: { pathname: new URL(file, self.location.href).pathname } },
      source: { cacheName: STATIC_CACHE }
    };
  });
  var pages = [{
    condition: { requestMode: "navigate", requestMethod: "GET" },
    source: "race-network-and-fetch-handler"
  }];
  return Promise.all([addRoutes(event, files), addRoutes(event, pages)]);
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    declareRoutes(event).then(function () {
      return caches.open(STATIC_CACHE);
    }).then(function (cache) {
      return cache.addAll(SETTINGS.precache.concat([SETTINGS.offline])).then(function () {
        return Promise.all([SETTINGS.verifyShell, SETTINGS.keys].map(function (url) {
          return keepIfFetched(cache, url);
        }));
      });
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

/* Navigation preload: the browser asks for a page while the worker is still starting, so a
   page answered from the network is not delayed by the worker's start-up. */
function enableNavigationPreload() {
  if (self.registration.navigationPreload) {
    return self.registration.navigationPreload.enable().catch(function () {
      return undefined;
    });
  }
  return Promise.resolve();
}

self.addEventListener("activate", function (event) {
  event.waitUntil(
    enableNavigationPreload().then(function () {
      return caches.keys();
    }).then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("lms-static-") === 0 && name !== STATIC_CACHE;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

/* Logging out: the page tells the worker to forget the lessons kept for this person. */
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "forget-pages") {
    event.waitUntil(forgetPages());
  }
});

function isKept(url) {
  if (url.pathname.indexOf(SETTINGS.kept) !== 0) {
    return false;
  }
  var segments = url.pathname.split("/");
  return !SETTINGS.notKept.some(function (prefix) {
    return url.pathname.indexOf(prefix) === 0;
  }) && !SETTINGS.notKeptSegments.some(function (segment) {
    return segments.indexOf(segment) !== -1;
  });
}

/* A work page: kept under its path alone (the entry form is also opened with ?day=...). */
function isWork(url) {
  return SETTINGS.work.some(function (prefix) {
    return url.pathname === prefix || (prefix.slice(-1) === "/" && url.pathname.indexOf(prefix) === 0);
  });
}

function workKey(url) {
  return url.origin + url.pathname;
}

function fromStaticCache(request) {
  return caches.match(request).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) {
          cache.put(request, copy);
        });
      }
      return response;
    });
  });
}

/* The page from the network: the navigation's preloaded answer when there is one. */
function fromNetwork(event) {
  return Promise.resolve(event.preloadResponse).then(function (preloaded) {
    return preloaded || fetch(event.request);
  });
}

/* The phone knows it has no connection: no request to wait for. */
function knownOffline() {
  return self.navigator.onLine === false;
}

function networkFirst(event, url) {
  var request = event.request;
  var answer = knownOffline() ? Promise.reject(new Error("offline")) : fromNetwork(event);
  return answer.then(function (response) {
    var answered = new URL(response.url || request.url);
    var usable = response.ok && !response.redirected && response.type === "basic";
    var keeping = request.headers.get("X-LMS-Keep"); /* keep.js stores it itself */
    if (answered.pathname === SETTINGS.login) {
      forgetPages(); /* no session: nobody's lessons stay */
    } else if (usable && !keeping) {
      refreshKeptCopy(request.url, response.clone());
    }
    if (isKept(url) && usable && !keeping) {
      var copy = response.clone();
      caches.open(PAGE_CACHE).then(function (cache) {
        cache.put(request.url, copy);
      });
    } else if (isWork(url) && answered.pathname !== SETTINGS.login) {
      var work = usable ? response.clone() : null;
      caches.open(PAGE_CACHE).then(function (cache) {
        /* a paper already sent answers with its review: its kept copy goes */
        return work ? cache.put(workKey(url), work) : cache["delete"](workKey(url));
      });
    }
    return response;
  }).catch(function () {
    return fromKeptCaches(request.url).then(function (kept) {
      return kept || caches.open(PAGE_CACHE).then(function (cache) {
        if (isWork(url)) {
          return cache.match(workKey(url));
        }
        return isKept(url) ? cache.match(request.url) : undefined;
      });
    }).then(function (kept) {
      if (kept) {
        return kept;
      }
      if (request.mode === "navigate" && url.pathname.indexOf(SETTINGS.verifyShell) === 0) {
        /* any certificate's address: the check page, whose script reads the QR claim */
        return caches.match(SETTINGS.verifyShell).then(function (shell) {
          return shell || caches.match(SETTINGS.offline);
        });
      }
      if (request.mode === "navigate") {
        return caches.match(SETTINGS.offline);
      }
      return Response.error();
    });
  });
}

/* The public keys and the check page: fresh when online, the kept copy when not. */
function freshOrKept(event, key) {
  var request = event.request;
  var answer = knownOffline() ? Promise.reject(new Error("offline")) : fromNetwork(event);
  return answer.then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      caches.open(STATIC_CACHE).then(function (cache) {
        cache.put(key, copy);
      });
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (kept) {
      return kept || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (event.preloadResponse) {
    /* settled even where the answer comes from a cache (a static file opened as a page) */
    event.waitUntil(Promise.resolve(event.preloadResponse).catch(function () {
      return undefined;
    }));
  }
  if (url.pathname === SETTINGS.keys || (url.pathname === SETTINGS.verifyShell && !url.search)) {
    event.respondWith(freshOrKept(event, url.pathname));
  } else if (url.pathname.indexOf(SETTINGS.static) === 0) {
    event.respondWith(fromStaticCache(request));
  } else if (request.mode === "navigate" || url.pathname.indexOf(SETTINGS.kept) === 0) {
    event.respondWith(networkFirst(event, url));
  }
});
