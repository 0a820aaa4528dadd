/*
 * SCORM dispatch launcher (PROTECT training). Runs inside the LMS; carries no content.
 *
 * 1. Finds the LMS's runtime API (SCORM 1.2: window.API; SCORM 2004: window.API_1484_11) by
 *    walking window.parent, then window.opener, as the SCORM run-time specifications describe.
 * 2. Reads the learner's id and name and asks the platform for a signed, expiring launch token.
 * 3. Shows a link that opens the module on the platform in a new tab.
 * 4. Polls the platform's status address and reports completion, pass/fail and the score back
 *    through the API, then commits.
 */
(function () {
  "use strict";
  var config = document.getElementById("scorm-dispatch").dataset;
  var version = config.version; // "1.2" or "2004"
  var apiName = version === "2004" ? "API_1484_11" : "API";
  var message = document.getElementById("message");
  var openLink = document.getElementById("open-module");
  var pollMs = parseInt(config.pollMs || "5000", 10);
  var api = null;
  var reported = "";
  var timer = null;

  function say(text) { message.textContent = text; }

  function scan(win) {
    var tries = 0;
    while (win && !win[apiName] && win.parent && win.parent !== win && tries < 500) {
      tries += 1;
      win = win.parent;
    }
    return win ? win[apiName] || null : null;
  }

  function findApi() {
    var found = null;
    try { found = scan(window); } catch (e) { found = null; }
    if (!found && window.opener) {
      try { found = scan(window.opener); } catch (e) { found = null; }
    }
    return found;
  }

  var call = version === "2004" ? {
    init: function () { return api.Initialize(""); },
    get: function (name) { return api.GetValue(name); },
    set: function (name, value) { return api.SetValue(name, String(value)); },
    commit: function () { return api.Commit(""); },
    finish: function () { return api.Terminate(""); },
    learnerId: "cmi.learner_id",
    learnerName: "cmi.learner_name"
  } : {
    init: function () { return api.LMSInitialize(""); },
    get: function (name) { return api.LMSGetValue(name); },
    set: function (name, value) { return api.LMSSetValue(name, String(value)); },
    commit: function () { return api.LMSCommit(""); },
    finish: function () { return api.LMSFinish(""); },
    learnerId: "cmi.core.student_id",
    learnerName: "cmi.core.student_name"
  };

  function report(status) {
    var key = JSON.stringify(status);
    if (key === reported) { return; }
    reported = key;
    var hasScore = status.score !== null && status.score !== undefined;
    if (version === "2004") {
      call.set("cmi.completion_status", status.completed ? "completed" : "incomplete");
      if (status.passed !== null && status.passed !== undefined) {
        call.set("cmi.success_status", status.passed ? "passed" : "failed");
      }
      if (hasScore) {
        call.set("cmi.score.min", 0);
        call.set("cmi.score.max", 100);
        call.set("cmi.score.raw", status.score);
        call.set("cmi.score.scaled", Math.round(status.score * 100) / 10000);
      }
    } else {
      if (hasScore) {
        call.set("cmi.core.score.min", 0);
        call.set("cmi.core.score.max", 100);
        call.set("cmi.core.score.raw", status.score);
      }
      var lesson = status.completed ? "completed" : "incomplete";
      if (status.passed === true) { lesson = "passed"; }
      else if (status.passed === false) { lesson = "failed"; }
      call.set("cmi.core.lesson_status", lesson);
    }
    call.commit();
    if (status.completed) {
      say("Module completed. Your result has been sent to your learning system.");
    }
  }

  function poll(statusUrl) {
    fetch(statusUrl, { credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.error) { say(status.error); clearInterval(timer); return; }
        report(status);
        if (status.completed) { clearInterval(timer); }
      })
      .catch(function () { /* the platform may be briefly unreachable: try at the next tick */ });
  }

  function start() {
    api = findApi();
    if (!api) {
      say("This package must be opened from a learning system (no SCORM " + version + " API found).");
      return;
    }
    call.init();
    var query = "?package=" + encodeURIComponent(config.package) +
      "&learner=" + encodeURIComponent(call.get(call.learnerId) || "") +
      "&name=" + encodeURIComponent(call.get(call.learnerName) || "");
    fetch(config.platform + "scorm/token/" + query, { credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.error) { say(answer.error); return; }
        openLink.href = answer.launch_url;
        openLink.hidden = false;
        say("Open the module in a new tab. This page reports your progress to your learning system.");
        poll(answer.status_url);
        timer = setInterval(function () { poll(answer.status_url); }, pollMs);
        window.addEventListener("focus", function () { poll(answer.status_url); });
      })
      .catch(function () { say("The training platform could not be reached. Try again later."); });
    window.addEventListener("pagehide", function () { try { call.finish(); } catch (e) { /* gone */ } });
  }

  start();
}());
