/* Checking a certificate in the browser, with the issuer's public keys only.

   - A PDF a person chooses or drops is read here and never uploaded: its seal (the last line,
     "%lms-signature 1 <kid> <date> <signature>", an Ed25519 signature over every byte before
     it) and the signed facts it carries ("%lms-facts <base64url JSON>") are checked with
     WebCrypto against the keys of /.well-known/jwks.json. The same rules as the command line
     (lms/certificates/offline_verify.py), with the same verdicts.
   - The QR code's link carries a signed claim in its fragment (never sent to the server):
     "<base64url claim>.<base64url signature>". It is checked the same way, offline too: the
     service worker keeps this page and the keys (lms/core/offline.py).
   Plain JavaScript, no build step. */
(function () {
  "use strict";
  var root = document.getElementById("offline-check");
  if (!root) {
    return;
  }
  var messages = JSON.parse(root.getAttribute("data-messages") || "{}");
  var keysUrl = root.getAttribute("data-keys");
  var formPath = root.getAttribute("data-form-path");
  var maxBytes = Number(root.getAttribute("data-max-bytes"));
  var SEAL = "\n%lms-signature ";
  var FACTS = "\n%lms-facts ";
  var keysPromise = null;

  function text(name, values) {
    return String(messages[name] || name).replace(/%\((\w+)\)s/g, function (all, key) {
      return values && values[key] !== undefined ? values[key] : all;
    });
  }

  function Verdict(status, facts, extra) {
    this.status = status;
    this.facts = facts || null;
    this.extra = extra || {};
  }

  function loadKeys() {
    if (!keysPromise) {
      keysPromise = fetch(keysUrl, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) {
          throw new Error("keys");
        }
        return response.json();
      });
      keysPromise.catch(function () {
        keysPromise = null; /* try again next time */
      });
    }
    return keysPromise;
  }

  function findKey(jwks, name) {
    return (jwks.keys || []).filter(function (jwk) {
      return jwk.kid === name || String(jwk.kid).split("#")[0] === name;
    })[0];
  }

  /* base64url without padding, spelt the one canonical way; throws on anything else. */
  function unb64(value) {
    if (!/^[A-Za-z0-9_-]*$/.test(value) || value.length % 4 === 1) {
      throw new Error("base64url");
    }
    var binary = atob(value.replace(/-/g, "+").replace(/_/g, "/") +
      "===".slice((value.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    if (b64(bytes) !== value) {
      throw new Error("base64url");
    }
    return bytes;
  }

  function b64(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function utf8(bytes) {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }

  /* RFC 8785 (JCS) for the JSON of signed facts: sorted keys (UTF-16 order), ES number form. */
  function canonical(value) {
    if (Array.isArray(value)) {
      return "[" + value.map(canonical).join(",") + "]";
    }
    if (value !== null && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (key) {
        return JSON.stringify(key) + ":" + canonical(value[key]);
      }).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  function verifySignature(jwk, signature, data) {
    var material = { kty: "OKP", crv: "Ed25519", x: jwk.x };
    return crypto.subtle.importKey("jwk", material, { name: "Ed25519" }, false, ["verify"])
      .then(function (key) {
        return crypto.subtle.verify({ name: "Ed25519" }, key, signature, data);
      });
  }

  function trustedOn(jwk, day) {
    return !jwk.compromised_from || (day && day < jwk.compromised_from);
  }

  function today() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + String(now.getDate()).padStart(2, "0");
  }

  /* The facts' own signature, then the key's compromise date and the expiry date. */
  function checkFacts(jwks, sealed, fileKey, signedOn) {
    var facts = sealed.facts;
    var factsKey = findKey(jwks, String(sealed.key));
    if (!factsKey || facts.key !== sealed.key) {
      return Promise.resolve(new Verdict("unknown issuer", facts));
    }
    var signature;
    try {
      signature = unb64(String(sealed.signature));
    } catch (e) {
      return Promise.resolve(new Verdict("facts signature bad", facts));
    }
    var signed = new TextEncoder().encode(canonical(facts));
    return verifySignature(factsKey, signature, signed).then(function (good) {
      if (!good) {
        return new Verdict("facts signature bad", facts);
      }
      if (!trustedOn(fileKey, signedOn) || !trustedOn(factsKey, facts.issued_on || signedOn)) {
        return new Verdict("compromised key", facts);
      }
      if (facts.expires_on && facts.expires_on < today()) {
        return new Verdict("expired", facts);
      }
      return new Verdict("valid", facts);
    });
  }

  function sealedDocument(coveredText) {
    var at = coveredText.lastIndexOf(FACTS);
    if (at < 0) {
      return null;
    }
    var start = at + FACTS.length;
    var end = coveredText.indexOf("\n", start);
    try {
      var sealed = JSON.parse(utf8(unb64(coveredText.slice(start, end < 0 ? undefined : end))));
      return sealed && sealed.facts && typeof sealed.facts === "object" &&
        "signature" in sealed && "key" in sealed ? sealed : null;
    } catch (e) {
      return null;
    }
  }

  /* The rules of offline_verify.verify_pdf_file, for the bytes of a file. */
  function checkPdf(bytes, jwks) {
    if (bytes.length > maxBytes) {
      return Promise.resolve(new Verdict("too large"));
    }
    /* windows-1252 gives one character per byte: positions in the text are byte offsets. */
    var whole = new TextDecoder("windows-1252").decode(bytes);
    if (whole.indexOf("%PDF-") !== 0) {
      return Promise.resolve(new Verdict("not a pdf"));
    }
    var at = whole.lastIndexOf(SEAL);
    if (at < 0) {
      var ended = /%%EOF[ \t\r\n\x0b\x0c]*$/.test(whole.slice(-1024));
      return Promise.resolve(new Verdict(ended ? "not sealed" : "truncated"));
    }
    var start = at + 1;
    var end = whole.indexOf("\n", start);
    if (end < 0) {
      return Promise.resolve(new Verdict("truncated"));
    }
    var parts = whole.slice(start, end).split(" ");
    if (parts.length !== 5 || parts[1] !== "1" || !/^\d{4}-\d{2}-\d{2}$/.test(parts[3])) {
      return Promise.resolve(new Verdict("tampered"));
    }
    var fileKey = findKey(jwks, parts[2]);
    if (!fileKey) {
      return Promise.resolve(new Verdict("unknown issuer"));
    }
    var signature;
    try {
      signature = unb64(parts[4]);
    } catch (e) {
      return Promise.resolve(new Verdict("tampered"));
    }
    var coveredLength = end - parts[4].length;
    var covered = bytes.subarray(0, coveredLength);
    return verifySignature(fileKey, signature, covered).then(function (good) {
      if (!good) {
        return new Verdict("tampered");
      }
      var sealed = sealedDocument(whole.slice(0, coveredLength));
      if (!sealed) {
        return new Verdict("not a certificate");
      }
      if (!/^[ \t\r\n\x0b\x0c]*$/.test(whole.slice(end + 1))) {
        return new Verdict("modified after signing", sealed.facts);
      }
      return checkFacts(jwks, sealed, fileKey, parts[3]);
    });
  }

  /* The QR code's claim: "<claim>.<signature>", the signature over the claim's characters. */
  function checkClaim(fragment, jwks, pathCode) {
    var parts = fragment.split(".");
    var claim;
    var signature;
    try {
      if (parts.length !== 2) {
        throw new Error("claim");
      }
      claim = JSON.parse(utf8(unb64(parts[0])));
      signature = unb64(parts[1]);
    } catch (e) {
      return Promise.resolve(new Verdict("altered"));
    }
    var key = claim && findKey(jwks, String(claim.k));
    if (!key) {
      return Promise.resolve(new Verdict("unknown issuer"));
    }
    return verifySignature(key, signature, new TextEncoder().encode(parts[0]))
      .then(function (good) {
        if (!good || (pathCode && pathCode !== String(claim.c).toUpperCase())) {
          return new Verdict("altered");
        }
        return new Verdict(trustedOn(key, claim.d) ? "valid" : "compromised key", null, claim);
      });
  }

  /* Showing a verdict: every value as text, never as markup. */
  function row(list, label, value) {
    if (value === undefined || value === null || value === "") {
      return;
    }
    var term = document.createElement("dt");
    term.textContent = label;
    var detail = document.createElement("dd");
    if (Array.isArray(value)) {
      var items = document.createElement("ul");
      items.className = "plain";
      value.forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        items.appendChild(item);
      });
      detail.appendChild(items);
    } else {
      detail.textContent = value;
    }
    list.appendChild(term);
    list.appendChild(detail);
  }

  function title(programme) {
    var titles = (programme && (programme.title || programme)) || {};
    return [titles.tk, titles.en].filter(Boolean).join(" / ");
  }

  function hours(facts) {
    var found = facts.hours || {};
    return [["counted", "hours_counted"], ["direct", "hours_direct"],
      ["supervision", "hours_supervision"]].filter(function (pair) {
      return found[pair[0]] !== undefined;
    }).map(function (pair) {
      return text(pair[1], { hours: found[pair[0]] });
    });
  }

  function count(list, test) {
    return list.filter(test).length;
  }

  function number(value) {
    return value.toLocaleString(document.documentElement.lang || "en", { maximumFractionDigits: 1 });
  }

  /* A transcript's signed facts: per programme what was read, passed, practised and shown. */
  function showTranscript(list, facts) {
    row(list, text("holder"), facts.holder && facts.holder.name);
    row(list, text("issued_on"), facts.issued_on);
    (facts.programmes || []).forEach(function (p) {
      var modules = p.modules || [];
      var quizzes = modules.filter(function (m) { return m.quiz; });
      var minutes = (p.practice || []).reduce(function (sum, c) {
        return sum + (c.approved_minutes || 0);
      }, 0);
      var competencies = p.competencies || [];
      row(list, title(p), [
        text("lessons_read", { read: p.lessons.read, total: p.lessons.total }),
        text("quizzes_passed", {
          passed: count(quizzes, function (m) { return m.quiz.passed; }),
          total: quizzes.length
        }),
        text("hours_approved", { hours: number(minutes / 60) }),
        text("competencies_proficient", {
          n: count(competencies, function (c) { return c.status === "proficient"; }),
          total: competencies.length
        })
      ]);
    });
    row(list, text("certificates"), (facts.certificates || []).map(function (c) {
      return c.code + " · " + title(c) + " · " + c.issued_on;
    }));
    row(list, text("issuer"), facts.issuer);
  }

  function showFacts(list, facts) {
    list.textContent = "";
    if (facts.kind === "transcript") {
      showTranscript(list, facts);
      return;
    }
    row(list, text("holder"), facts.holder && facts.holder.name);
    row(list, text("programme"), title(facts.programme));
    row(list, text("issued_on"), facts.issued_on);
    row(list, text("valid_until"), facts.expires_on);
    var shown = hours(facts);
    row(list, text("practice"), shown.length ? shown : null);
    row(list, text("competencies"), (facts.competencies || []).map(function (c) {
      return c.code + " " + c.title;
    }));
    row(list, text("serial"), facts.serial);
    row(list, text("code"), facts.code);
    row(list, text("issuer"), facts.issuer);
  }

  function show(box, verdict, note) {
    box.hidden = false;
    box.setAttribute("data-status", verdict.status);
    box.querySelector(".verdict").textContent = text("verdict:" + verdict.status, {
      date: verdict.facts && verdict.facts.expires_on
    });
    box.querySelector(".note").textContent = note || "";
    var list = box.querySelector("dl");
    list.textContent = "";
    if (verdict.facts) {
      showFacts(list, verdict.facts);
    }
  }

  function failure(box, error) {
    var name = error && error.name === "NotSupportedError" ? "unsupported" : "no_keys";
    show(box, new Verdict("error"), text(name));
    box.querySelector(".verdict").textContent = text(name);
    box.querySelector(".note").textContent = "";
  }

  function setUpFileCheck() {
    var input = document.getElementById("pdf-file");
    var drop = document.getElementById("pdf-drop");
    var box = document.getElementById("pdf-result");
    if (!input || !box) {
      return;
    }
    function check(file) {
      if (!file) {
        return;
      }
      show(box, new Verdict("checking"), "");
      if (file.size > maxBytes) {
        show(box, new Verdict("too large"));
        return;
      }
      Promise.all([file.arrayBuffer(), loadKeys()]).then(function (found) {
        return checkPdf(new Uint8Array(found[0]), found[1]);
      }).then(function (verdict) {
        var note = verdict.status === "valid" || verdict.status === "expired"
          ? text("file_note") : "";
        show(box, verdict, note);
      }).catch(function (error) {
        failure(box, error);
      });
    }
    input.addEventListener("change", function () {
      check(input.files && input.files[0]);
    });
    if (drop) {
      drop.addEventListener("dragover", function (event) {
        event.preventDefault();
        drop.classList.add("is-over");
      });
      drop.addEventListener("dragleave", function () {
        drop.classList.remove("is-over");
      });
      drop.addEventListener("drop", function (event) {
        event.preventDefault();
        drop.classList.remove("is-over");
        check(event.dataTransfer && event.dataTransfer.files[0]);
      });
    }
  }

  function pathCode() {
    var path = window.location.pathname;
    if (path === formPath || path.indexOf(formPath) !== 0) {
      return null;
    }
    return decodeURIComponent(path.slice(formPath.length)).replace(/-/g, "").toUpperCase();
  }

  function checkFragment() {
    var box = document.getElementById("qr-claim");
    var fragment = window.location.hash.slice(1);
    if (!box || !fragment) {
      return;
    }
    var code = pathCode();
    /* This page answered for another address: the phone is offline (the worker's copy). */
    var standIn = code !== null && root.getAttribute("data-page") === "form";
    loadKeys().then(function (jwks) {
      return checkClaim(fragment, jwks, code);
    }).then(function (verdict) {
      var claim = verdict.extra;
      var facts = verdict.status === "valid" || verdict.status === "compromised key" ? {
        holder: { name: claim.n }, programme: claim.p, issued_on: claim.d, code: claim.c
      } : null;
      show(box, new Verdict("claim:" + verdict.status, facts),
        standIn ? text("offline_note") : "");
    }).catch(function (error) {
      failure(box, error);
    });
  }

  setUpFileCheck();
  checkFragment();
  window.addEventListener("hashchange", checkFragment);
}());
