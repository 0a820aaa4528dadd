/*
 * Names for the admin's editors that Wagtail leaves unnamed (axe rules `label` and
 * `aria-input-field-name`): the rich text editor (Draftail's role="textbox") and the tag input
 * (jQuery tag-it's text box). Each gets aria-labelledby pointing at its field's own <label>,
 * the label every sighted trainer reads above it. Editors appear after the page loads (and
 * when a block is added), so new ones are named as they come.
 */
(function () {
    "use strict";

    var UNNAMED = ".Draftail-Editor [role=textbox], .ui-autocomplete-input";
    var counter = 0;

    function hasName(element) {
        return element.hasAttribute("aria-label") || element.hasAttribute("aria-labelledby") ||
            (element.id && document.querySelector("label[for='" + CSS.escape(element.id) + "']"));
    }

    function labelFor(element) {
        var wrapper = element.closest("[data-field-wrapper], .w-field__wrapper, [data-field]");
        while (wrapper) {
            // A block's field: the label sits in the wrapper.
            var label = wrapper.querySelector("label.w-field__label, .w-field__label");
            if (label && label.textContent.trim()) {
                return label;
            }
            // A panel's field: the label is the panel's heading, for the field's own input
            // (the hidden input Draftail or tag-it writes to).
            var inputs = wrapper.querySelectorAll("input[id], textarea[id]");
            for (var i = 0; i < inputs.length; i += 1) {
                var forLabel = document.querySelector("label[for='" + CSS.escape(inputs[i].id) + "']");
                if (forLabel && forLabel.textContent.trim()) {
                    return forLabel;
                }
            }
            wrapper = wrapper.parentElement && wrapper.parentElement.closest(
                "[data-field-wrapper], .w-field__wrapper, [data-field]"
            );
        }
        return null;
    }

    function nameAll(root) {
        (root || document).querySelectorAll(UNNAMED).forEach(function (element) {
            if (hasName(element)) {
                return;
            }
            var label = labelFor(element);
            if (!label) {
                return;
            }
            if (!label.id) {
                counter += 1;
                label.id = "field-name-" + counter;
            }
            element.setAttribute("aria-labelledby", label.id);
        });
    }

    var pending = false;
    function soon() {
        if (pending) {
            return;
        }
        pending = true;
        window.requestAnimationFrame(function () {
            pending = false;
            nameAll(document);
        });
    }

    function start() {
        nameAll(document);
        new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
