/* "Keep for offline": a module (or every open module of a programme) stored on the phone.

   Asks the server for the module's manifest (lms/courses/keep.py), fetches every address in it
   and stores them in one named Cache per module, language and content version, all or nothing:
   on a full phone or any failed download the partial Cache is deleted and nothing is kept. The
   service worker (templates/offline/sw.js) answers from these Caches when the network fails.
   The lists of kept modules (programme page, /offline) show their size, a "Remove" button and
   the space left. On each visit online, kept modules whose content version (or the reader's
   language) changed are fetched again. A page loads it with defer, or on a first visit (the
   worker does not keep the statics yet) leaves it to offline.js, which adds it once the worker
   is ready, after the page was parsed (lms/core/later_scripts.py): it starts whenever the
   document is parsed. Plain JavaScript, no build step. */
(function () {
  "use strict";
  var PREFIX = "lms-keep:";
  var CHECKED = "lms-keep-checked";
  var CHECK_EVERY_MS = 10 * 60 * 1000;
  var language = document.documentElement.lang || "en";

  function supported() {
    return "caches" in window && "fetch" in window && "serviceWorker" in navigator;
  }

  function messagesOf(el) {
    try {
      return JSON.parse(el.getAttribute("data-messages") || "{}");
    } catch (e) {
      return {};
    }
  }

  function fill(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (all, name) {
      return values[name] === undefined ? all : values[name];
    });
  }

  function formatSize(bytes, messages) {
    var units = [["gigabytes", 1024 * 1024 * 1024], ["megabytes", 1024 * 1024]];
    var unit = units.filter(function (u) {
      return bytes >= u[1];
    })[0] || ["kilobytes", 1024];
    var number = Math.max(bytes / unit[1], 0.1);
    var shown;
    try {
      shown = new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(number);
    } catch (e) {
      shown = number.toFixed(1);
    }
    return fill(messages[unit[0]], { n: shown });
  }

  function cacheName(manifest) {
    return PREFIX + manifest.programme + "/" + manifest.module + ":" + manifest.language + ":" +
      manifest.version;
  }

  function metaKey(manifest) {
    return "/learn/" + manifest.programme + "/" + manifest.module + "/offline.json";
  }

  /* Every kept module: its Cache's name and what was recorded when it was kept. */
  function keptModules() {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0;
      }).map(function (name) {
        return caches.open(name).then(function (cache) {
          var parts = name.slice(PREFIX.length).split(":")[0].split("/");
          return cache.match("/learn/" + parts[0] + "/" + parts[1] + "/offline.json");
        }).then(function (response) {
          return response ? response.json() : null;
        }).then(function (meta) {
          if (meta) {
            meta.cache = name;
          }
          return meta;
        });
      }));
    }).then(function (found) {
      return found.filter(Boolean);
    });
  }

  function spaceLeft() {
    if (!navigator.storage || !navigator.storage.estimate) {
      return Promise.resolve(null);
    }
    return navigator.storage.estimate().then(function (estimate) {
      return Math.max(0, (estimate.quota || 0) - (estimate.usage || 0));
    }, function () {
      return null;
    });
  }

  function Failure(kind, detail) {
    this.kind = kind;
    this.detail = detail;
  }

  function isQuota(error) {
    return error && (error.name === "QuotaExceededError" || error.code === 22);
  }

  function fetchManifest(url) {
    var address = url + (url.indexOf("?") === -1 ? "?" : "&") + "lang=" + encodeURIComponent(language);
    return fetch(address, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || response.redirected || type.indexOf("json") === -1) {
        return response.json().catch(function () {
          return {};
        }).then(function (problem) {
          throw new Failure("refused", problem.title);
        });
      }
      return response.json();
    }, function () {
      throw new Failure("network");
    });
  }

  /* Store one module's addresses in a new Cache; on any failure delete it and reject. */
  function keepModule(manifest, progress) {
    var name = cacheName(manifest);
    var stored = 0;
    var done = 0;
    return caches.open(name).then(function (cache) {
      var chain = Promise.resolve();
      manifest.urls.forEach(function (url) {
        chain = chain.then(function () {
          return fetch(url, {
            credentials: "same-origin", cache: "no-store", headers: { "X-LMS-Keep": "1" }
          }).catch(function () {
            throw new Failure("network");
          }).then(function (response) {
            if (!response.ok || response.redirected) {
              throw new Failure(response.redirected ? "refused" : "network");
            }
            return response.clone().blob().then(function (body) {
              stored += body.size;
              return cache.put(url, response);
            });
          }).then(function () {
            done += 1;
            if (progress) {
              progress(done, manifest.urls.length);
            }
          });
        });
      });
      return chain.then(function () {
        var meta = {
          programme: manifest.programme, module: manifest.module, title: manifest.title,
          language: manifest.language, version: manifest.version, bytes: stored,
          keptAt: new Date().toISOString()
        };
        return cache.put(metaKey(manifest), new Response(JSON.stringify(meta), {
          headers: { "Content-Type": "application/json" }
        }));
      });
    }).then(function () {
      return dropOtherCopies(manifest.programme, manifest.module, name);
    }, function (error) {
      return caches.delete(name).then(function () {
        throw isQuota(error) ? new Failure("full") : error;
      });
    });
  }

  function dropOtherCopies(programme, module, keep) {
    var own = PREFIX + programme + "/" + module + ":";
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(own) === 0 && name !== keep;
      }).map(function (name) {
        return caches.delete(name);
      }));
    });
  }

  function ensureSpace(bytes) {
    return spaceLeft().then(function (left) {
      if (left !== null && left < bytes) {
        throw new Failure("full");
      }
    });
  }

  function failureText(error, messages) {
    if (error instanceof Failure && error.kind === "full") {
      return messages.full;
    }
    if (error instanceof Failure && error.kind === "refused" && error.detail) {
      return error.detail;
    }
    if (isQuota(error)) {
      return messages.full;
    }
    return messages.failed;
  }

  /* A programme: every open module, each in its own Cache; a failure removes the modules this
     run added, and leaves those that were kept before. */
  function keepProgramme(manifest, progress) {
    var added = [];
    return keptModules().then(function (kept) {
      var current = {};
      kept.forEach(function (meta) {
        current[meta.cache] = true;
      });
      var todo = manifest.modules.filter(function (module) {
        return !current[cacheName(module)];
      });
      var total = todo.reduce(function (sum, module) {
        return sum + module.urls.length;
      }, 0);
      var before = 0;
      var chain = ensureSpace(todo.reduce(function (sum, module) {
        return sum + module.bytes;
      }, 0));
      todo.forEach(function (module) {
        chain = chain.then(function () {
          added.push(cacheName(module));
          return keepModule(module, function (done) {
            progress(before + done, total);
          }).then(function () {
            before += module.urls.length;
          });
        });
      });
      return chain.catch(function (error) {
        return Promise.all(added.map(function (name) {
          return caches.delete(name);
        })).then(function () {
          throw error;
        });
      });
    });
  }

  function setUpButton(section) {
    var messages = messagesOf(section);
    var button = section.querySelector(".keep-button");
    var status = section.querySelector(".keep-status");
    var manifestUrl = section.getAttribute("data-manifest");
    var isProgramme = section.getAttribute("data-kind") === "programme";
    section.hidden = false;

    function show(text, failed) {
      status.textContent = text;
      status.classList.toggle("error", !!failed);
    }

    function showKept() {
      if (isProgramme) {
        return;
      }
      keptModules().then(function (kept) {
        var mine = kept.filter(function (meta) {
          return metaKey(meta) === new URL(manifestUrl, location.href).pathname;
        })[0];
        if (mine) {
          show(fill(messages.kept, { size: formatSize(mine.bytes, messages) }));
        }
      });
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      show(messages.keeping);
      fetchManifest(manifestUrl).then(function (manifest) {
        function progress(done, total) {
          show(fill(messages.progress, { done: done, total: total }));
        }
        if (isProgramme) {
          return keepProgramme(manifest, progress);
        }
        return ensureSpace(manifest.bytes).then(function () {
          return keepModule(manifest, progress);
        });
      }).then(function () {
        show(messages.done);
        renderLists();
      }, function (error) {
        show(failureText(error, messages), true);
        renderLists();
      }).then(function () {
        button.disabled = false;
      });
    });
    showKept();
  }

  function renderList(section) {
    var messages = messagesOf(section);
    var only = section.getAttribute("data-programme");
    var list = section.querySelector(".kept-modules");
    var none = section.querySelector(".kept-none");
    var space = section.querySelector(".kept-space");
    section.hidden = false;
    return keptModules().then(function (kept) {
      kept = kept.filter(function (meta) {
        return !only || meta.programme === only;
      }).sort(function (a, b) {
        return (a.programme + a.module).localeCompare(b.programme + b.module);
      });
      list.textContent = "";
      kept.forEach(function (meta) {
        var item = document.createElement("li");
        item.className = "kept-module";
        item.setAttribute("data-module", meta.programme + "/" + meta.module);
        var link = document.createElement("a");
        link.href = "/learn/" + meta.programme + "/" + meta.module + "/";
        link.textContent = meta.title;
        var size = document.createElement("small");
        size.textContent = " " + formatSize(meta.bytes, messages) + " ";
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button secondary small kept-remove";
        remove.textContent = messages.remove;
        remove.setAttribute("aria-label", fill(messages.removeNamed, { title: meta.title }));
        remove.addEventListener("click", function () {
          caches.delete(meta.cache).then(renderLists);
        });
        item.appendChild(link);
        item.appendChild(size);
        item.appendChild(remove);
        list.appendChild(item);
      });
      none.hidden = kept.length > 0;
      return spaceLeft();
    }).then(function (left) {
      space.textContent = left === null ? "" : fill(messages.space, { size: formatSize(left, messages) });
    });
  }

  function renderLists() {
    Array.prototype.forEach.call(document.querySelectorAll(".kept-list"), renderList);
  }

  /* Online: fetch again the kept modules whose content or language changed. */
  function refreshKept() {
    var last = Number(localStorage.getItem(CHECKED) || 0);
    if (navigator.onLine === false || Date.now() - last < CHECK_EVERY_MS) {
      return Promise.resolve();
    }
    localStorage.setItem(CHECKED, String(Date.now()));
    return keptModules().then(function (kept) {
      var chain = Promise.resolve();
      kept.forEach(function (meta) {
        chain = chain.then(function () {
          return fetchManifest(metaKey(meta)).then(function (manifest) {
            if (manifest.version !== meta.version || manifest.language !== meta.language) {
              return keepModule(manifest);
            }
          }).catch(function () {
            /* offline again, or the module is no longer open: keep the copy we have */
          });
        });
      });
      return chain;
    }).then(renderLists);
  }

  function start() {
    if (!supported()) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".keep[data-manifest]"), setUpButton);
    renderLists();
    refreshKept();
  }

  window.lmsKeep = { refresh: function () {
    localStorage.removeItem(CHECKED);
    return refreshKept();
  } };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
