// The countdown of a timed decision. When it runs out the page asks the server to move the day on without the
// learner. "Give me more time" adds the same time again, as often as needed; "Turn the timer off" is a plain form.
(function () {
  "use strict";
  var panel = document.getElementById("timer");
  var waitForm = document.getElementById("wait-form");
  if (!panel || !waitForm) { return; }
  var step = parseInt(panel.dataset.seconds, 10) * 1000;
  var deadline = Date.now() + step;
  var shown = document.getElementById("timer-left");
  var say = document.getElementById("timer-say");
  var warned = {};
  var ticking;
  function format(seconds) {
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function tick() {
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    shown.textContent = format(left);
    [30, 10].forEach(function (mark) {
      if (left <= mark && left > 0 && !warned[mark]) {
        warned[mark] = true;
        say.textContent = mark + " seconds left to decide.";
      }
    });
    if (left === 0) {
      window.clearInterval(ticking);
      waitForm.submit();
    }
  }
  function stop() { window.clearInterval(ticking); }
  document.getElementById("timer-more").addEventListener("click", function () {
    deadline = Math.max(deadline, Date.now()) + step;
    warned = {};
    say.textContent = "More time: " + format(Math.ceil((deadline - Date.now()) / 1000)) + " left to decide.";
    tick();
  });
  document.querySelectorAll("form.choices, #timer form").forEach(function (form) {
    form.addEventListener("submit", stop);
  });
  panel.hidden = false;
  tick();
  ticking = window.setInterval(tick, 250);
}());
