/* The outbox: work done without a connection, kept on this phone until it is sent.

   Practice entries written offline (the "Log practice" form) and offline quiz papers are kept in
   IndexedDB, so they survive a reload and a closed browser. They are listed as "waiting to send
   (N)" in the page's outbox (templates/_outbox.html) and sent when the connection returns (the
   online event), when a page with the outbox opens, and on "Send now". Each item is sent with an
   id made here, so the server stores it once however often it arrives (two tabs, a dropped
   answer): a practice entry by its client id (POST /practice/entries/sync), a paper by its
   attempt (POST /quiz/papers/<id>/sync).

   Every item is tagged with the id of the person who wrote it. Only that person's pages list it
   or send it: after logging out the work stays here, and waits for the same person to log in.
   An item the server refuses comes back with the server's reason and the text as written, to be
   edited and sent again; nothing is dropped unless the server has stored it.

   It runs as soon as it arrives and the page is parsed: with defer, or on a first visit to the
   practice log added by offline.js once the service worker is ready (lms/core/later_scripts.py;
   the work waits in IndexedDB till then). The entry form and the offline paper always carry it
   with defer: it keeps what is typed there. */
(function () {
  "use strict";
  var box = document.querySelector("[data-outbox]");
  if (!box || !window.indexedDB || !window.fetch || !window.Promise) {
    return;
  }
  var user = box.getAttribute("data-user") || "";
  var csrf = box.getAttribute("data-csrf") || "";
  var sending = false;
  var again = false;  /* asked to send during a round: another round follows it */
  var unreachable = false;  /* this round found no server */
  var retries = 0;
  /* The online event may come a moment before the network carries anything: a round that
     found no server while the phone says it is online is tried again, further apart each time. */
  var RETRY_MS = [2000, 5000, 15000, 30000];
  var DB_NAME = "lms-outbox";
  var STORE = "items";
  var SKIPPED = { csrf_token: true, save: true, submit_entry: true, confirm_privacy: true };

  function text(name) {
    return box.getAttribute("data-" + name + "-text") || "";
  }

  /* ---- storage ---- */
  var opened = null;
  function database() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "id" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opened;
  }

  function run(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function allItems() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.created - b.created; });
    });
  }
  function putItem(item) {
    return run("readwrite", function (store) { store.put(item); });
  }
  function removeItem(id) {
    return run("readwrite", function (store) { store["delete"](id); });
  }
  function getItem(id) {
    return run("readonly", function (store) { return store.get(id); });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  /* ---- the list ---- */
  function say(message) {
    var status = box.querySelector(".outbox-status");
    if (status) {
      status.textContent = message;
    }
  }

  function describe(item) {
    var fields = item.fields || {};
    if (item.kind === "quiz") {
      return text("quiz") + (item.title ? " · " + item.title : "");
    }
    var words = String(fields.reflection || "").slice(0, 80);
    return text("entry") + " · " + (fields.day || "") + (words ? " · " + words : "");
  }

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button secondary";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  function show(items) {
    var mine = items.filter(function (item) { return user && item.user === user; });
    var waiting = (user ? mine : items).filter(function (item) { return item.state === "waiting"; });
    var list = box.querySelector(".outbox-items");
    list.textContent = "";
    mine.filter(function (item) { return item.state !== "draft"; }).forEach(function (item) {
      var li = document.createElement("li");
      li.className = "outbox-item is-" + item.state;
      li.setAttribute("data-item", item.id);
      var what = document.createElement("span");
      what.className = "outbox-what";
      what.textContent = describe(item);
      li.appendChild(what);
      if (item.reason) {
        var why = document.createElement("p");
        why.className = "outbox-reason";
        why.textContent = (item.state === "refused" ? text("refused") : text("draft")) + " " + item.reason;
        li.appendChild(why);
        (item.problems || []).forEach(function (problem) {
          var p = document.createElement("p");
          p.className = "outbox-reason";
          p.textContent = problem;
          li.appendChild(p);
        });
      }
      if (item.state === "refused") {
        li.appendChild(button(text("edit"), function () { edit(item); }));
      }
      if (item.state === "answered") {
        var open = document.createElement("a");
        open.href = item.url;
        open.textContent = text("open");
        li.appendChild(open);
        li.appendChild(button(text("dismiss"), function () {
          removeItem(item.id).then(refresh);
        }));
      }
      list.appendChild(li);
    });
    box.querySelector(".outbox-title").textContent = text("waiting").replace("{n}", waiting.length);
    box.querySelector(".outbox-send").hidden = waiting.length === 0;
    box.hidden = waiting.length === 0 && list.children.length === 0;
  }

  function refresh() {
    return allItems().then(show, function () {});
  }

  /* ---- forms: what is kept ---- */
  function fieldsOf(form) {
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (SKIPPED[name] || typeof value !== "string") {
        return;
      }
      if (name in fields) {
        fields[name] = [].concat(fields[name], value);
      } else {
        fields[name] = name === "competencies" ? [value] : value;
      }
    });
    return fields;
  }

  function fill(form, fields) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIPPED[el.name] || !(el.name in fields)) {
        if (el.type === "checkbox" && el.name && !SKIPPED[el.name]) {
          el.checked = false;
        }
        return;
      }
      var values = [].concat(fields[el.name]);
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else {
        el.value = values[0];
      }
    });
  }

  function keep(item) {
    return putItem(item).then(function () {
      say(navigator.onLine === false ? text("offline") : text("kept"));
      return refresh();
    }, function () {
      say(text("full"));  /* nothing was written: the form still holds the text */
      throw new Error("not kept");
    });
  }

  var entryForm = null;
  function practiceForm() {
    var action = box.getAttribute("data-practice-new");
    if (!action) {
      return null;
    }
    return Array.prototype.filter.call(document.querySelectorAll("form.entry-form"), function (f) {
      return new URL(f.action, location.href).pathname === action;
    })[0] || null;
  }

  /* A new entry being written: what is typed is kept on the phone as it is typed (one item a
     person, never sent by itself), so that it is there again when the browser is closed and
     the form reopened, online or offline. It is dropped once the entry is sent or kept to
     send, and once the page's autosave has stored it on the server as a draft. */
  function writingId() {
    return "writing-" + user;
  }

  function keepWriting() {
    var form = entryForm;
    if (new URL(form.action, location.href).pathname !== box.getAttribute("data-practice-new")) {
      removeItem(writingId()).then(null, function () {});  /* autosaved: the server keeps it */
      return;
    }
    putItem({
      id: writingId(), user: user, kind: "practice", state: "draft", writing: true,
      fields: fieldsOf(form), created: Date.now()
    }).then(null, function () { say(text("full")); });
  }

  function restoreWriting(form) {
    if (form.getAttribute("data-outbox-item")) {
      return;
    }
    getItem(writingId()).then(function (kept) {
      if (kept && kept.user === user && kept.writing) {
        fill(form, kept.fields);
      }
    }, function () {});
  }

  function onPracticeSubmit(event) {
    var form = event.target;
    removeItem(writingId()).then(null, function () {});  /* sent now, or kept to send below */
    if (navigator.onLine !== false && !form.getAttribute("data-outbox-item")) {
      return;  /* online: the form posts as usual */
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter;
    var id = form.getAttribute("data-outbox-item") || newId();
    var confirm = form.querySelector("input[name=confirm_privacy]");
    var action = new URL(form.action, location.href).pathname;
    var saved = action !== box.getAttribute("data-practice-new");  /* autosaved as a draft */
    keep({
      id: id,
      user: user,
      kind: saved ? "draft" : "practice",
      url: saved ? action : box.getAttribute("data-practice-sync"),
      fields: fieldsOf(form),
      submit: !!(submitter && submitter.name === "submit_entry"),
      confirm: !!(confirm && confirm.checked),
      state: "waiting",
      created: Date.now()
    }).then(function () {
      form.removeAttribute("data-outbox-item");
      form.reset();
      send();
    }, function () {});
  }

  function edit(item) {
    if (item.kind === "quiz") {
      location.href = item.page;
      return;
    }
    var form = entryForm;
    if (!form) {
      location.href = box.getAttribute("data-practice-new") + "?outbox=" + encodeURIComponent(item.id);
      return;
    }
    fill(form, item.fields);
    form.setAttribute("data-outbox-item", item.id);
    form.scrollIntoView();
    var first = form.querySelector("[name=reflection]") || form.elements[0];
    if (first) {
      first.focus();
    }
  }

  /* A paper: its answers are kept as they are given, and sent when submitted. */
  function paper(form) {
    var id = "paper-" + form.getAttribute("data-paper");
    var title = (document.querySelector("h1") || {}).textContent || "";
    function item(state) {
      return {
        id: id, user: user, kind: "quiz", url: form.getAttribute("action"), page: location.pathname,
        title: title, fields: fieldsOf(form), confirm: !!(form.querySelector("input[name=confirm_privacy]:checked")),
        state: state, created: Date.now()
      };
    }
    getItem(id).then(function (kept) {
      if (kept && kept.user === user) {
        fill(form, kept.fields);
        if (kept.state === "refused") {
          form.querySelector(".paper-confirm").hidden = false;
        }
      }
    }, function () {});
    function keepAnswers() {
      getItem(id).then(function (kept) {
        if (!kept || kept.state === "draft") {
          putItem(item("draft")).then(null, function () { say(text("full")); });
        }
      });
    }
    form.addEventListener("change", keepAnswers);
    form.addEventListener("input", keepAnswers);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      keep(item("waiting")).then(send, function () {});
    });
  }

  /* ---- sending ---- */
  function bodyOf(item) {
    if (item.kind === "draft") {  /* the entry form's own autosave answer (practice.js) */
      var form = new URLSearchParams();
      form.append("csrf_token", csrf);
      Object.keys(item.fields).forEach(function (name) {
        [].concat(item.fields[name]).forEach(function (value) { form.append(name, value); });
      });
      return form;
    }
    var body = { user_id: Number(item.user), confirm_privacy: !!item.confirm };
    if (item.kind === "quiz") {
      body.answers = item.fields;
    } else {
      body.client_id = item.id;
      body.fields = item.fields;
      body.submit = !!item.submit;
    }
    return JSON.stringify(body);
  }

  function problemsOf(body) {
    var found = [];
    if (Array.isArray(body.errors)) {  /* the autosave answer: a list */
      found = body.errors.slice();
    } else {
      Object.keys(body.errors || {}).forEach(function (name) {
        found = found.concat(body.errors[name]);
      });
    }
    (body.warnings || []).forEach(function (w) { found.push("“" + w.text + "”"); });
    return found;
  }

  /* Resolves true to go on with the next item, false to stop (offline, logged out). */
  function sendOne(item) {
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: item.kind === "draft"
        ? { "X-Requested-With": "fetch", "Accept": "application/json" }
        : { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: bodyOf(item)
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        say(text("login"));
        return false;
      }
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("json") === -1 || response.status >= 500 || response.status === 400 && !/problem/.test(type)) {
        return false;  /* not the server's answer (a proxy, a broken connection): try later */
      }
      return response.json().then(function (body) {
        if (response.ok) {
          return answered(item, body);
        }
        item.state = "refused";
        item.reason = body.detail || body.title || "";
        item.problems = problemsOf(body);
        return putItem(item).then(function () { return true; });
      });
    }, function () {
      unreachable = true;
      say(text("offline"));
      return false;
    });
  }

  function answered(item, body) {
    if (item.kind === "quiz") {
      return removeItem(item.id).then(function () {
        if (location.pathname === item.page) {
          location.href = body.url;
        }
        return true;
      });
    }
    if (item.kind === "draft") {
      item.state = "answered";
      item.url = body.edit_url;
      return putItem(item).then(function () { return true; });
    }
    if (body.detail || (body.warnings && body.warnings.length)) {
      item.state = "answered";  /* stored as a draft: the trainee is told why, with a link */
      item.reason = body.detail || "";
      item.problems = problemsOf(body);
      item.url = body.url;
      return putItem(item).then(function () { return true; });
    }
    return removeItem(item.id).then(function () { return true; });
  }

  function send() {
    if (!user) {
      return Promise.resolve();
    }
    if (sending) {
      again = true;  /* e.g. the connection came back while a round was failing offline */
      return Promise.resolve();
    }
    sending = true;
    again = false;
    unreachable = false;
    return allItems().then(function (items) {
      var waiting = items.filter(function (item) { return item.user === user && item.state === "waiting"; });
      if (!waiting.length) {
        return;
      }
      say(text("sending"));
      return waiting.reduce(function (previous, item) {
        return previous.then(function (goOn) {
          return goOn ? getItem(item.id).then(function (fresh) {
            return fresh && fresh.state === "waiting" ? sendOne(fresh) : true;
          }) : false;
        });
      }, Promise.resolve(true)).then(function (finished) {
        if (finished) {
          say(text("sent"));
        }
      });
    }).then(null, function () {}).then(function () {
      sending = false;
      return refresh();
    }).then(function () {
      if (again) {
        return send();
      }
      if (!unreachable) {
        retries = 0;
      } else if (navigator.onLine !== false && retries < RETRY_MS.length) {
        window.setTimeout(send, RETRY_MS[retries]);
        retries += 1;
      }
    });
  }

  /* ---- start ---- */
  entryForm = practiceForm();
  if (entryForm) {
    entryForm.addEventListener("submit", onPracticeSubmit, true);
    var asked = new URLSearchParams(location.search).get("outbox");
    if (asked) {
      getItem(asked).then(function (item) {
        if (item && item.user === user) {
          edit(item);
        }
      });
    } else if (user && !entryForm.querySelector(".has-error")) {
      restoreWriting(entryForm);  /* not over a refused form: the server shows what was sent */
    }
    if (user) {
      entryForm.addEventListener("input", keepWriting);
      entryForm.addEventListener("change", keepWriting);
    }
  }
  var paperForm = document.querySelector("form[data-outbox-form=quiz]");
  if (paperForm && user) {
    paper(paperForm);
  }
  /* On the offline page nobody is known: coming back online, the page the trainee asked for
     opens (its outbox sends the work, as its person). */
  function connected() {
    retries = 0;
    if (user) {
      send();
    } else {
      reachable(10);
    }
  }

  /* The network may come back a moment after the online event: ask the server (a HEAD, which
     the service worker leaves alone) before reloading, so the real page opens, not this one. */
  function reachable(tries) {
    fetch(location.href, { method: "HEAD", credentials: "same-origin", cache: "no-store" }).then(function () {
      location.reload();
    }, function () {
      if (tries > 1) {
        window.setTimeout(function () { reachable(tries - 1); }, 1500);
      }
    });
  }
  box.querySelector(".outbox-send").addEventListener("click", connected);
  window.addEventListener("online", connected);
  refresh().then(function () {
    if (navigator.onLine !== false) {
      send();
    }
  });
})();
