// The progress of a document being prepared, without reloading the page: ask for its status every few seconds and
// move the bar; once it is ready (or could not be made) load the page again, which then offers the download.
// Without script the page refreshes itself instead (its <noscript> refresh).
(function () {
  "use strict";
  var panel = document.querySelector("[data-status-url]");
  var bar = document.getElementById("document-progress");
  var words = document.getElementById("document-progress-words");
  var how = document.getElementById("document-progress-how");
  if (!panel || !bar || !words || !window.fetch) { return; }
  var every = (parseInt(panel.dataset.refreshSeconds, 10) || 2) * 1000;
  if (how) { how.textContent = "This page follows the document as it is prepared."; }

  function show(status) {
    if (status.finished) { window.location.reload(); return; }
    bar.value = status.step;
    bar.textContent = "step " + status.step + " of " + status.steps;
    words.textContent = status.words + " (step " + status.step + " of " + status.steps + ")";
    window.setTimeout(ask, every);
  }

  function ask() {
    window.fetch(panel.dataset.statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(show)
      .catch(function () { window.setTimeout(ask, every * 2); });  // a server briefly away: ask again later
  }

  window.setTimeout(ask, every);
}());
