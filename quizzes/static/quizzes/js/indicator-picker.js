/*
 * The indicator picker (quizzes/indicator_picker.py), made easier with JavaScript:
 * a search box that hides the signs that do not match, a click that chooses or unchooses
 * one sign without Ctrl, and the list of chosen signs kept up to date.
 * Without JavaScript the select works as any multiple select.
 */
(function () {
    "use strict";

    function normal(text) {
        return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    }

    function enhance(picker) {
        if (picker.dataset.enhanced) {
            return;
        }
        picker.dataset.enhanced = "1";
        var select = picker.querySelector("select");
        var search = picker.querySelector("[data-indicator-picker-search]");
        var input = search.querySelector("input");
        var none = picker.querySelector("[data-indicator-picker-none]");
        var list = picker.querySelector("[data-indicator-picker-chosen]");
        var count = picker.querySelector("[data-indicator-picker-count]");
        var hint = picker.querySelector("[data-indicator-picker-hint]");
        search.hidden = false;
        hint.textContent = hint.dataset.enhancedText;

        function showChosen() {
            var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
            list.textContent = "";
            chosen.forEach(function (option) {
                var item = document.createElement("li");
                item.textContent = option.textContent.trim();
                list.appendChild(item);
            });
            count.textContent = String(chosen.length);
        }

        function filter() {
            var words = normal(input.value).split(/\s+/).filter(Boolean);
            var shown = 0;
            Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
                var groupText = normal(group.label);
                var groupShown = 0;
                Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
                    var text = groupText + " " + normal(option.textContent);
                    var match = words.every(function (w) { return text.indexOf(w) !== -1; });
                    option.hidden = !match;
                    if (match) { groupShown += 1; }
                });
                group.hidden = groupShown === 0;
                shown += groupShown;
            });
            none.hidden = shown !== 0;
        }

        select.addEventListener("mousedown", function (event) {
            var option = event.target;
            if (option.tagName !== "OPTION" || event.shiftKey) {
                return;
            }
            event.preventDefault();
            var top = select.scrollTop;
            option.selected = !option.selected;
            select.focus();
            select.scrollTop = top;
            select.dispatchEvent(new Event("change", { bubbles: true }));
        });
        select.addEventListener("change", showChosen);
        input.addEventListener("input", filter);
        input.addEventListener("keydown", function (event) {
            if (event.key === "Enter") {
                event.preventDefault(); // typing a search never submits the question form
            }
        });
    }

    function enhanceAll() {
        document.querySelectorAll("[data-indicator-picker]").forEach(enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", enhanceAll);
    } else {
        enhanceAll();
    }
})();
