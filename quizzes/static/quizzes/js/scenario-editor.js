/*
 * The scenario editor: trainers pick stages and options instead of typing their keys.
 *
 * Wagtail's StreamField draws the stages in the browser. This script, loaded with the stage
 * widgets (quizzes/scenario_choices.py), does two things as stages are added, renamed, moved
 * and removed:
 *
 * - every text input marked data-scenario-ref ("next stage", "only after") becomes a <select>
 *   listing this scenario's stages (or the options of its decisions) by number and title; the
 *   original input stays in the form, hidden, and carries the value Wagtail saves;
 * - every empty key (data-scenario-key) is filled from the title or text beside it, as a slug
 *   made unique among its siblings, and follows that title until the trainer edits the key.
 *
 * The select takes over the input's id, so the field's <label> and help text still belong to it.
 */
(function () {
  "use strict";

  var STAGE_KEY = /^(.+)-(\d+)-value-key$/;

  function slugify(text) {
    return (text || "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, "")
      .trim()
      .replace(/[\s-]+/g, "-")
      .slice(0, 60)
      .replace(/^-+|-+$/g, "");
  }

  function field(form, name) {
    return form.querySelector('[name="' + name + '"]');
  }

  function isDeleted(form, prefix) {
    var deleted = field(form, prefix + "-deleted");
    return deleted && deleted.value === "1";
  }

  // The stream's name ("stages") from any field inside it ("stages-2-value-options-0-value-next").
  function streamOf(name) {
    var match = /^(.+?)-\d+-value-/.exec(name);
    return match ? match[1] : null;
  }

  // This scenario's stages, in the order shown: prefix, key, title, kind and options.
  function stagesOf(form, stream) {
    var stages = [];
    form.querySelectorAll('input[name^="' + stream + '-"][name$="-value-key"]').forEach(function (input) {
      var match = STAGE_KEY.exec(input.name);
      if (!match || match[1] !== stream) return;
      var prefix = stream + "-" + match[2];
      if (isDeleted(form, prefix)) return;
      var type = field(form, prefix + "-type");
      var title = field(form, prefix + "-value-title");
      var stage = {
        prefix: prefix,
        key: input.value,
        title: title ? title.value : "",
        kind: type ? type.value : "",
        options: [],
      };
      var optionPrefix = prefix + "-value-options-";
      form.querySelectorAll('input[name^="' + optionPrefix + '"][name$="-value-key"]').forEach(function (optionKey) {
        var rest = optionKey.name.slice(optionPrefix.length);
        var number = /^(\d+)-value-key$/.exec(rest);
        if (!number || isDeleted(form, optionPrefix + number[1])) return;
        var text = field(form, optionPrefix + number[1] + "-value-text");
        stage.options.push({ key: optionKey.value, text: text ? text.value : "" });
      });
      stages.push(stage);
    });
    return stages;
  }

  function addOption(parent, value, label) {
    var option = document.createElement("option");
    option.value = value;
    option.textContent = label;
    parent.appendChild(option);
    return option;
  }

  function fill(select, input, form) {
    var stream = streamOf(input.name);
    var stages = stagesOf(form, stream);
    var own = stages.find(function (stage) {
      return input.name.indexOf(stage.prefix + "-") === 0;
    });
    var value = input.value;
    var found = value === "";
    select.textContent = "";
    addOption(select, "", input.dataset.emptyLabel || "–");
    stages.forEach(function (stage, index) {
      var label = (index + 1) + ". " + (stage.title || stage.key || "…");
      if (input.dataset.scenarioRef === "stage") {
        if (stage === own || !stage.key) return;
        addOption(select, stage.key, label);
        found = found || stage.key === value;
        return;
      }
      if (stage.kind !== "decision" || stage === own || !stage.key) return;
      var group = document.createElement("optgroup");
      group.label = label;
      stage.options.forEach(function (option) {
        if (!option.key) return;
        var reference = stage.key + "." + option.key;
        addOption(group, reference, option.text || option.key);
        found = found || reference === value;
      });
      if (group.children.length) select.appendChild(group);
    });
    if (!found) {
      // Keep a reference to a stage that is gone, so the trainer sees it and chooses again.
      addOption(select, value, value + " (" + (select.dataset.missingLabel || "missing") + ")");
    }
    select.value = value;
  }

  function upgrade(input) {
    var select = document.createElement("select");
    select.id = input.id;
    select.className = input.className;
    select.dataset.scenarioSelect = "";
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (input.hasAttribute(name)) select.setAttribute(name, input.getAttribute(name));
    });
    input.id = input.id + "-value";
    input.type = "hidden";
    input.dataset.upgraded = "";
    input.insertAdjacentElement("afterend", select);
    select.addEventListener("change", function () {
      input.value = select.value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    // Refresh just before the list opens, in case a title changed a moment ago.
    select.addEventListener("focus", function () {
      fill(select, input, input.form);
    });
    fill(select, input, input.form);
  }

  // Fill an empty key from the title (stages) or text (observations, options) beside it.
  function followTitle(source) {
    var match = /^(.+)-value-(title|text)$/.exec(source.name || "");
    if (!match) return;
    var key = field(source.form, match[1] + "-value-key");
    if (!key || !key.hasAttribute("data-scenario-key")) return;
    if (key.value && key.value !== key.dataset.auto) return;
    var base = slugify(source.value);
    var siblings = /^(.+)-\d+$/.exec(match[1]);
    var taken = new Set();
    if (siblings) {
      source.form.querySelectorAll('input[name^="' + siblings[1] + '-"][name$="-value-key"]').forEach(function (other) {
        var item = other.name.slice(siblings[1].length + 1);
        if (other !== key && /^\d+-value-key$/.test(item)) taken.add(other.value);
      });
    }
    var slug = base;
    for (var n = 2; slug && taken.has(slug); n += 1) slug = base.slice(0, 56) + "-" + n;
    key.value = slug;
    key.dataset.auto = slug;
  }

  var scheduled = false;
  function refresh() {
    scheduled = false;
    document.querySelectorAll("input[data-scenario-ref]:not([data-upgraded])").forEach(upgrade);
    document.querySelectorAll("input[data-scenario-ref][data-upgraded]").forEach(function (input) {
      var select = input.nextElementSibling;
      if (select && select.hasAttribute("data-scenario-select") && document.activeElement !== select) {
        fill(select, input, input.form);
      }
    });
  }
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(refresh);
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input, textarea")) {
      followTitle(event.target);
      schedule();
    }
  });
  document.addEventListener("change", function (event) {
    if (!event.target.hasAttribute || !event.target.hasAttribute("data-scenario-select")) schedule();
  });
  new MutationObserver(function (mutations) {
    var outside = mutations.some(function (mutation) {
      var target = mutation.target;
      return !(target.closest && target.closest("select[data-scenario-select]"));
    });
    if (outside) schedule();
  }).observe(document.documentElement, { childList: true, subtree: true });
  schedule();
})();
