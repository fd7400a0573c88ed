/**
 * Scripts the page walk runs inside the page (as source text: the server's TypeScript project
 * has no DOM types). Each is an expression whose value playwright returns.
 */

/**
 * The texts a person sees: visible text grouped per element (React renders "12" and " t" as two
 * text nodes of one element), input placeholders and the document title. `exempt`: inside an
 * element marked with a language (user data), other than the page's root. `where`: the element and
 * its nearest ancestor with a test id, so a finding leads to its component.
 */
export const visibleTexts = `(() => {
  const out = [];
  const root = document.documentElement;
  const byElement = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // Spaces between a page's words are text nodes of their own: kept, so "warning No. 1" stays three words.
    const text = node.nodeValue;
    if (!text) continue;
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, svg title, svg desc')) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    byElement.set(el, (byElement.get(el) || '') + text);
  }
  const exemptOf = (el) => { const marked = el.closest('[lang]'); return !!marked && marked !== root; };
  const name = (el) => el.tagName.toLowerCase() + [...el.classList].slice(0, 2).map((c) => '.' + c).join('');
  const whereOf = (el) => {
    const owner = el.parentElement && el.parentElement.closest('[data-testid]');
    return (owner ? '[data-testid=' + owner.getAttribute('data-testid') + '] … ' : '') + name(el);
  };
  for (const [el, text] of byElement) if (text.trim()) out.push({ text, exempt: exemptOf(el), where: whereOf(el) });
  for (const input of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (input.checkVisibility() && input.placeholder) out.push({ text: input.placeholder, exempt: exemptOf(input), where: whereOf(input) });
  }
  if (document.title) out.push({ text: document.title, exempt: false, where: 'title' });
  return { language: root.lang, texts: out };
})()`;

/** Null when nothing scrolls sideways; else the page's width and the innermost elements past the edge. */
export const sidewaysOverflow = `(() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return null;
  const scrollsInside = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip') return true;
    }
    return false;
  };
  const past = [...document.body.querySelectorAll('*')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !scrollsInside(el) && el.checkVisibility();
  });
  const innermost = past.filter((el) => !past.some((other) => other !== el && el.contains(other)));
  const describe = (el) => {
    const id = el.getAttribute('data-testid');
    const cls = [...el.classList].slice(0, 2).join('.');
    const text = (el.textContent || '').trim().slice(0, 30);
    return el.tagName.toLowerCase() + (id ? '[' + id + ']' : '') + (cls ? '.' + cls : '') + ' right=' + Math.round(el.getBoundingClientRect().right) + (text ? ' "' + text + '"' : '');
  };
  return { scrollWidth, elements: innermost.slice(0, 4).map(describe) };
})()`;

/**
 * True once the app fetches nothing (its own signal, web/src/components/fetchingSignal.ts) and no
 * spinner or active skeleton is on the page (a page's code still loading shows a spinner).
 */
export const settled = `!document.documentElement.hasAttribute('data-fetching') && !document.querySelector('.ant-spin-spinning, .ant-skeleton-active')`;
