"""What a person would see go wrong in a page's layout: a sideways scroll, clipped text, chart text too small."""

from __future__ import annotations

from playwright.sync_api import Page

SMALLEST_SVG_TEXT_PX = 12

# Returns a list of sentences, one per problem; an element that scrolls inside its own region is allowed.
LAYOUT_PROBLEMS_JS = """
(smallest) => {
  const problems = [];
  const root = document.documentElement;
  const describe = (el) => {
    const text = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
  };
  if (root.scrollWidth > window.innerWidth) {
    problems.push(`the page is ${root.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg')) continue;
    const style = getComputedStyle(el);
    if (['inline', 'none', 'contents'].includes(style.display) || el.clientWidth <= 1) continue;
    if (!el.checkVisibility({ visibilityProperty: true })) continue;  // e.g. inside a closed <details>
    if (['auto', 'scroll'].includes(style.overflowX)) {
      if (el.scrollWidth > el.clientWidth + 1 && !(el.hasAttribute('tabindex') && el.getAttribute('aria-label'))) {
        problems.push(`${describe(el)} scrolls sideways but is neither named nor reachable by keyboard`);
      }
      continue;
    }
    if (el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)} holds ${el.scrollWidth} px of content in ${el.clientWidth} px`);
    }
  }
  for (const text of document.querySelectorAll('svg text')) {
    const box = text.getBoundingClientRect();
    const ctm = text.getScreenCTM();
    if (!box.width || !ctm) continue;
    const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
    if (size < smallest - 0.5) {
      problems.push(`chart text "${text.textContent.trim().slice(0, 30)}" shows at ${size.toFixed(1)} px`);
    }
  }
  return problems;
}
"""


def layout_problems(page: Page) -> list[str]:
    """Return what overflows on the page as shown now: the page itself, any element narrower than its content."""
    page.wait_for_load_state("load")
    return page.evaluate(LAYOUT_PROBLEMS_JS, SMALLEST_SVG_TEXT_PX)
