// Live word count for message boxes: counts as the server does, and says when the count is in range.
(function () {
  "use strict";
  function countWords(text) {
    return text.split(/\s+/).filter(function (token) { return /[\p{L}\p{N}]/u.test(token); }).length;
  }
  document.querySelectorAll("textarea[data-min-words]").forEach(function (box) {
    var min = parseInt(box.dataset.minWords, 10);
    var max = parseInt(box.dataset.maxWords, 10);
    var output = document.getElementById("word-count");
    if (!output) { return; }
    function update() {
      var words = countWords(box.value);
      var advice = words < min ? (min - words) + " more to reach the minimum" : words > max ? (words - max) + " over the limit" : "within the limits";
      output.textContent = words + (words === 1 ? " word" : " words") + ": " + advice + ".";
      output.className = "word-count " + (words < min || words > max ? "out" : "in");
    }
    box.addEventListener("input", update);
    update();
  });
}());
