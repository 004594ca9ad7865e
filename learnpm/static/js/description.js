// Live word count of a project description: the parts PMI will read, counted as the server counts them.
(function () {
  "use strict";
  var output = document.getElementById("description-count");
  var form = document.querySelector(".project-form");
  if (!output || !form) { return; }
  var min = parseInt(output.dataset.min, 10), low = parseInt(output.dataset.low, 10), high = parseInt(output.dataset.high, 10);
  function words(text) {
    return text.split(/\s+/).filter(function (token) { return /[\p{L}\p{N}]/u.test(token); }).length;
  }
  function breakdown() {
    var checked = form.querySelector("input[name=breakdown]:checked");
    return checked ? checked.value : "process_group";
  }
  function showChosenSections() {
    form.querySelectorAll("fieldset.sections").forEach(function (set) { set.hidden = set.dataset.breakdown !== breakdown(); });
  }
  function update() {
    showChosenSections();
    var total = 0;
    ["objective", "role", "outcome"].forEach(function (name) { total += words(form.elements[name].value); });
    form.querySelectorAll("fieldset.sections[data-breakdown='" + breakdown() + "'] textarea").forEach(function (box) {
      total += words(box.value) + (box.value.trim() ? 1 : 0);  // each section is written with its label, e.g. "PL:"
    });
    var advice = total < min ? (min - total) + " more needed: PMI refuses descriptions under " + min + " words"
      : total < low ? "enough, though " + low + " to " + high + " words is usual"
      : total > high ? "longer than the usual " + low + " to " + high + " words" : "a good length";
    output.textContent = "Description: " + total + " words, " + advice + ".";
    output.className = "word-count " + (total < min ? "out" : "in");
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}());
