// After a failed submit, take the reader to the list of what to fix: the page scrolls there and focus lands on it,
// so a screen reader announces it and the next Tab reaches its first link to a field.
(function () {
  const summary = document.querySelector('.error-summary');
  if (!summary) return;
  summary.scrollIntoView({ block: 'start' });
  summary.focus({ preventScroll: true });
  summary.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#"]');
    const field = link && document.getElementById(link.getAttribute('href').slice(1));
    if (!field) return;
    event.preventDefault();
    const input = field.matches('input, select, textarea') ? field : field.querySelector('input, select, textarea');
    field.scrollIntoView({ block: 'center' });
    (input || field).focus({ preventScroll: true });
  });
})();
