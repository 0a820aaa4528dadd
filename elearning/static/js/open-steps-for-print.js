// The referral pathway folds its steps on screen; printing opens every step so paper has them all.
(function () {
  "use strict";
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.pathway-step__fold").forEach(function (details) {
      details.open = true;
    });
  });
})();
