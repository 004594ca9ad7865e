// The progress of a document being prepared, without reloading the page: ask for its status every few seconds and
// move the bar; once it is ready (or could not be made) show the page's new panel, which offers the download, and
// start the download of a ready document by itself. Without script the page refreshes itself instead (its
// <noscript> refresh) and the learner presses the download.
(function () {
  "use strict";
  var panel = document.querySelector("[data-status-url]");
  var bar = document.getElementById("document-progress");
  var words = document.getElementById("document-progress-words");
  var how = document.getElementById("document-progress-how");
  if (!panel || !bar || !words || !window.fetch) { return; }
  var every = (parseInt(panel.dataset.refreshSeconds, 10) || 2) * 1000;
  if (how) { how.textContent = "This page follows the document as it is prepared."; }

  function download(file) {
    var link = document.createElement("a");
    link.href = file;
    link.setAttribute("download", "");
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function finish(status) {
    window.fetch(window.location.href, {headers: {"Accept": "text/html"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error("page " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(panel.id);
        if (!fresh) { throw new Error("no panel"); }
        panel.replaceWith(fresh);
        if (status.file) {
          download(status.file);
          var started = document.getElementById("download-started");
          if (started) { started.hidden = false; }
        }
      })
      .catch(function () { window.location.reload(); });
  }

  function show(status) {
    if (status.finished) { finish(status); return; }
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
