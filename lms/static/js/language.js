/* Switching the interface language keeps what was typed.

   The language switcher is a POST form that reloads the same page in the new language. Before it
   is sent, the values typed into the page's other forms are kept in this tab's sessionStorage;
   when the page comes back, they are put back into the fields they came from and forgotten.
   Passwords, files and hidden fields (CSRF tokens) are never kept. Without this script the switch
   still works; only unsaved typing is lost. */
(function () {
  "use strict";
  var KEY = "lms-typed:" + window.location.pathname;
  var storage;
  try {
    storage = window.sessionStorage;
  } catch (e) {
    return;
  }
  if (!storage) {
    return;
  }
  var SKIPPED = { password: 1, file: 1, hidden: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function fieldsOf(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      var type = (el.type || "").toLowerCase();
      if (el.name && !SKIPPED[type] && !el.disabled) {
        fields.push(el);
      }
    });
    return fields;
  }

  function otherForms(switcher) {
    return Array.prototype.filter.call(document.forms, function (form) {
      return form !== switcher && form.method.toLowerCase() === "post";
    });
  }

  function keep(switcher) {
    var kept = [];
    otherForms(switcher).forEach(function (form, index) {
      fieldsOf(form).forEach(function (el) {
        var type = (el.type || "").toLowerCase();
        var entry = { form: index, name: el.name };
        if (type === "checkbox" || type === "radio") {
          entry.value = el.value;
          entry.checked = el.checked;
        } else if (el.multiple && el.options) {
          entry.values = Array.prototype.filter
            .call(el.options, function (o) { return o.selected; })
            .map(function (o) { return o.value; });
        } else {
          entry.value = el.value;
        }
        kept.push(entry);
      });
    });
    if (kept.length) {
      storage.setItem(KEY, JSON.stringify(kept));
    }
  }

  function restore(switcher) {
    var raw = storage.getItem(KEY);
    if (!raw) {
      return;
    }
    storage.removeItem(KEY);
    var kept;
    try {
      kept = JSON.parse(raw);
    } catch (e) {
      return;
    }
    var forms = otherForms(switcher);
    kept.forEach(function (entry) {
      var form = forms[entry.form];
      if (!form) {
        return;
      }
      fieldsOf(form).forEach(function (el) {
        if (el.name !== entry.name) {
          return;
        }
        var type = (el.type || "").toLowerCase();
        if (type === "checkbox" || type === "radio") {
          if (el.value === entry.value) {
            el.checked = entry.checked;
          }
        } else if (entry.values && el.options) {
          Array.prototype.forEach.call(el.options, function (o) {
            o.selected = entry.values.indexOf(o.value) !== -1;
          });
        } else if (entry.value !== undefined) {
          el.value = entry.value;
        }
      });
    });
  }

  var switcher = document.querySelector("form.languages");
  if (!switcher) {
    return;
  }
  restore(switcher);
  switcher.addEventListener("submit", function () {
    keep(switcher);
  });
})();
