// Keys 1 to 9 pick the choice with that number on a decision card. Without this script the buttons work the same.
(function () {
  "use strict";
  var form = document.querySelector("form.choices");
  if (!form) { return; }
  var buttons = form.querySelectorAll("button.choice");
  var hint = document.getElementById("choice-keys");
  if (hint) { hint.hidden = false; }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || typing(event.target)) { return; }
    if (!/^[1-9]$/.test(event.key)) { return; }
    var button = buttons[parseInt(event.key, 10) - 1];
    if (!button || form.dataset.sent) { return; }
    event.preventDefault();
    form.dataset.sent = "1";  // one choice per card, however fast the keys come
    form.requestSubmit(button);
  });
}());
