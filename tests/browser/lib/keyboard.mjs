// Tabbing through a page as a keyboard user does, from the top: which elements the Tab key
// stops at, in what order, whether any control is never reached, and whether each stop
// looks different when focused (a visible outline, box-shadow, background, colour or border).
// Works in contexts with JavaScript off: Playwright's evaluate runs outside the page's JS.

function styleOf(el) {
  const s = getComputedStyle(el);
  return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor,
    boxShadow: s.boxShadow, background: s.backgroundColor, color: s.color, border: `${s.borderTopColor} ${s.borderTopWidth}`, decoration: s.textDecorationLine };
}

/** Marks every control a keyboard user should reach and records how each looks unfocused. */
function mark(styleSrc) {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const els = [...document.querySelectorAll(sel)].filter((el) => !el.disabled && el.checkVisibility({ checkVisibilityCSS: true }) && !el.closest('[inert]'));
  const style = eval(`(${styleSrc})`);
  // Start from the top, as after a page load: focus a stand-in at the start of <body> and
  // remove it, which leaves the sequential focus starting point before everything.
  const start = document.createElement('span');
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus();
  start.remove();
  return els.map((el, i) => {
    el.setAttribute('data-kb', String(i));
    const desc = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.name ? `[name=${el.name}]` : ''} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
    return { i, desc, type: el.type || '', name: el.name || '', id: el.id || '', className: typeof el.className === 'string' ? el.className : '', unfocused: style(el) };
  });
}

function current(styleSrc) {
  const style = eval(`(${styleSrc})`);
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const s = style(el);
  return { i: el.hasAttribute('data-kb') ? Number(el.getAttribute('data-kb')) : -1, id: el.id, tag: el.tagName.toLowerCase(), inSummary: !!el.closest('.govuk-error-summary'), className: typeof el.className === 'string' ? el.className : '', focused: s };
}

const transparent = (c) => /rgba\(.*,\s*0\)$/.test(c) || c === 'transparent';

/** Whether the focused look differs visibly from the unfocused one. */
export function focusVisible(unfocused, focused) {
  const outlineOn = focused.outlineStyle !== 'none' && focused.outlineWidth > 0 && !transparent(focused.outlineColor);
  if (outlineOn && focused.outline !== unfocused.outline) return true;
  if (focused.boxShadow !== unfocused.boxShadow && focused.boxShadow !== 'none') return true;
  if (focused.background !== unfocused.background) return true;
  if (focused.color !== unfocused.color) return true;
  if (focused.border !== unfocused.border) return true;
  return focused.decoration !== unfocused.decoration;
}

/**
 * Tabs through the page from the top. Returns the order of stops, the controls never
 * reached (a radio group counts as reached when one of its radios is), and the stops
 * whose focus is not visible.
 */
export async function tabThrough(page, { max = 400 } = {}) {
  const controls = await page.evaluate(mark, styleOf.toString());
  const order = [];
  const notVisible = [];
  for (let n = 0; n < Math.min(max, controls.length + 5); n++) {
    await page.keyboard.press('Tab');
    const now = await page.evaluate(current, styleOf.toString());
    if (!now || (order.length && now.i === order[0].i)) break;
    const c = controls[now.i];
    order.push({ i: now.i, id: now.id, tag: now.tag, inSummary: now.inSummary, className: now.className, desc: c ? c.desc : `${now.tag}#${now.id}` });
    if (c && !focusVisible(c.unfocused, now.focused)) notVisible.push(c.desc);
  }
  const reached = new Set(order.map((o) => o.i));
  const radioGroupsReached = new Set(controls.filter((c) => c.type === 'radio' && reached.has(c.i)).map((c) => c.name));
  const unreached = controls.filter((c) => !reached.has(c.i) && !(c.type === 'radio' && radioGroupsReached.has(c.name))).map((c) => c.desc);
  return { order, notVisible, unreached, controls };
}
