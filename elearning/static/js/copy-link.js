/*
 * "Copy the link" buttons: shown only when this script runs (the read-only field beside them
 * works without it). A button names its field in data-copy-from; the result is announced in the
 * nearest [data-copy-status] live region.
 */
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    if (!field) { return; }
    var status = button.closest("div").parentNode.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      var done = function () {
        if (status) { status.textContent = button.getAttribute("data-copied-text"); }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
