// With a script, a link to a confirmation page ("Delete", "Revoke") opens that page's question in a dialog instead:
// the same words and the same form, fetched from the page itself; without a script the link simply opens the page.
(function () {
  if (!window.HTMLDialogElement) return;
  document.addEventListener('click', async (event) => {
    const link = event.target.closest('a[data-confirm]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    let page;
    try {
      const response = await fetch(link.href, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      page = new DOMParser().parseFromString(await response.text(), 'text/html');
    } catch (error) {
      window.location.href = link.href;
      return;
    }
    const question = page.querySelector('.danger-zone');
    if (!question) { window.location.href = link.href; return; }
    const dialog = document.createElement('dialog');
    dialog.className = 'confirm-dialog';
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    dialog.append(document.importNode(question, true));
    dialog.querySelector('form').action = link.href;
    const keep = dialog.querySelector('.actions a');
    keep.addEventListener('click', (click) => { click.preventDefault(); dialog.close(); });
    dialog.addEventListener('close', () => { dialog.remove(); link.focus(); });
    document.body.append(dialog);
    dialog.showModal();
  });
})();
