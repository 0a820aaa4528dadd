/*
 * A SCORM 1.2 (window.API) and SCORM 2004 (window.API_1484_11) API stub for the browser test.
 * The version comes from the page's query (?version=1.2 or 2004); only that API is offered.
 * Every call is recorded in window.scormCalls; each Commit copies the values set so far into
 * window.scormCommitted and onto the page (<dl id="committed">).
 */
(function () {
  "use strict";
  var version = new URLSearchParams(location.search).get("version") || "1.2";
  var values = {
    "cmi.core.student_id": "lms-learner-7",
    "cmi.core.student_name": "Lovelace, Ada",
    "cmi.learner_id": "lms-learner-7",
    "cmi.learner_name": "Lovelace, Ada"
  };
  var initialized = false;
  var commits = 0;
  window.scormCalls = [];
  window.scormCommitted = {};

  function record(name, args) { window.scormCalls.push([name].concat(Array.prototype.slice.call(args))); }

  function commit() {
    commits += 1;
    window.scormCommitted = JSON.parse(JSON.stringify(values));
    var list = document.getElementById("committed");
    list.textContent = "";
    Object.keys(values).sort().forEach(function (key) {
      var term = document.createElement("dt");
      term.textContent = key;
      var value = document.createElement("dd");
      value.dataset.name = key;
      value.textContent = values[key];
      list.appendChild(term);
      list.appendChild(value);
    });
    document.getElementById("commits").textContent = String(commits);
    return "true";
  }

  function set(name, value) {
    if (!initialized) { return "false"; }
    values[name] = String(value);
    return "true";
  }

  if (version === "2004") {
    window.API_1484_11 = {
      Initialize: function () { record("Initialize", arguments); initialized = true; return "true"; },
      Terminate: function () { record("Terminate", arguments); return "true"; },
      GetValue: function (name) { record("GetValue", arguments); return values[name] || ""; },
      SetValue: function (name, value) { record("SetValue", arguments); return set(name, value); },
      Commit: function () { record("Commit", arguments); return commit(); },
      GetLastError: function () { return "0"; },
      GetErrorString: function () { return ""; },
      GetDiagnostic: function () { return ""; }
    };
  } else {
    window.API = {
      LMSInitialize: function () { record("LMSInitialize", arguments); initialized = true; return "true"; },
      LMSFinish: function () { record("LMSFinish", arguments); return "true"; },
      LMSGetValue: function (name) { record("LMSGetValue", arguments); return values[name] || ""; },
      LMSSetValue: function (name, value) { record("LMSSetValue", arguments); return set(name, value); },
      LMSCommit: function () { record("LMSCommit", arguments); return commit(); },
      LMSGetLastError: function () { return "0"; },
      LMSGetErrorString: function () { return ""; },
      LMSGetDiagnostic: function () { return ""; }
    };
  }
}());
