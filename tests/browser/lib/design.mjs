// Measurements of the design in the browser, as a parent would see it: how big the radio and
// checkbox targets are, whether every field in error (each date box too) is drawn in the
// error colour, how long a line of text gets, how big the confirmation panel's words are,
// and whether the contact details are links. Each returns a list of problems (empty = fine).

/** Radio and checkbox targets: the visible box (the label's ::before) and the input, ≥ 40px. */
export async function targetProblems(page) {
  return page.evaluate(() => {
    const out = [];
    for (const input of document.querySelectorAll('main input[type=radio], main input[type=checkbox]')) {
      if (input.closest('.honeypot')) continue;
      const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
      const box = label ? getComputedStyle(label, '::before') : null;
      const w = box ? parseFloat(box.width) : 0, h = box ? parseFloat(box.height) : 0;
      const r = input.getBoundingClientRect();
      if (w < 40 || h < 40) out.push(`#${input.id}: the visible box is ${w}×${h}px (at least 40×40)`);
      if (r.width < 40 || r.height < 40) out.push(`#${input.id}: the input's target is ${r.width}×${r.height}px (at least 40×40)`);
    }
    return out;
  });
}

/**
 * Fields in error: every input, textarea and file input marked in error (each date box on
 * its own) has the error colour's border, and so has its form group's left edge; a date
 * whose error is on the whole date marks at least one box. Returns { problems, boxes } where
 * boxes counts the date boxes checked.
 */
export async function errorStyleProblems(page) {
  return page.evaluate(() => {
    const out = [];
    // A focused field is drawn in GOV.UK's focus style (black border, yellow outline) on
    // purpose: measure every field at rest.
    document.activeElement?.blur();
    const msg = document.querySelector('.govuk-error-message');
    if (!msg) return { problems: out, boxes: 0 };
    const red = getComputedStyle(msg).color;
    let boxes = 0;
    for (const el of document.querySelectorAll('.govuk-input--error, .govuk-textarea--error, .govuk-file-upload--error, .govuk-select--error')) {
      const s = getComputedStyle(el);
      const sides = ['Top', 'Right', 'Bottom', 'Left'].filter((side) => s[`border${side}Color`] !== red || parseFloat(s[`border${side}Width`]) < 2);
      if (el.classList.contains('govuk-date-input__input')) boxes++;
      if (sides.length) out.push(`#${el.id}: in error but its border is ${s.borderTopColor} ${s.borderTopWidth} (the error colour is ${red}; sides ${sides.join(', ')})`);
    }
    for (const group of document.querySelectorAll('main .govuk-form-group--error')) {
      const s = getComputedStyle(group);
      if (s.borderLeftColor !== red || parseFloat(s.borderLeftWidth) < 4) out.push(`a form group in error has a ${s.borderLeftWidth} ${s.borderLeftColor} left border (the error colour is ${red})`);
      for (const date of group.querySelectorAll(':scope > .govuk-fieldset .govuk-date-input')) {
        if (!date.querySelector('.govuk-input--error')) out.push(`#${date.id}: the date is in error but none of its boxes is marked`);
      }
    }
    for (const m of document.querySelectorAll('main .govuk-error-message')) {
      if (!m.closest('.govuk-form-group--error')) out.push(`the message "${m.textContent.trim()}" is outside a form group in error`);
    }
    return { problems: out, boxes };
  });
}

/**
 * The reading column: no block of text in <main> wider than `max` characters of its own
 * font (the average width of a character in ordinary prose, measured in the page).
 */
export async function lineLengthProblems(page, max = 75) {
  return page.evaluate((max) => {
    const out = [];
    const sample = 'The council helps families who educate their children at home. Mae’r cyngor yn helpu teuluoedd.';
    const ctx = document.createElement('canvas').getContext('2d');
    let widest = 0;
    for (const el of document.querySelectorAll('main p, main li, main .govuk-hint, main .govuk-label, main legend, main dd, main .govuk-inset-text')) {
      if (!el.textContent.trim() || el.closest('.honeypot') || el.offsetParent === null) continue;
      const s = getComputedStyle(el);
      ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const perChar = ctx.measureText(sample).width / sample.length;
      const chars = (el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)) / perChar;
      widest = Math.max(widest, chars);
      if (chars > max) out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> "${el.textContent.trim().slice(0, 40)}…" is ${Math.round(chars)} characters wide (at most ${max})`);
    }
    return { problems: out.slice(0, 5), widest: Math.round(widest) };
  }, max);
}

/** The confirmation panel: title 48px and reference 36px at desktop widths (GOV.UK's sizes). */
export async function panelSizes(page) {
  return page.evaluate(() => {
    const size = (sel) => { const el = document.querySelector(sel); return el ? parseFloat(getComputedStyle(el).fontSize) : 0; };
    return { title: size('.govuk-panel__title'), body: size('.govuk-panel__body'), reference: size('.govuk-panel__body strong') };
  });
}

/** The footer and the contact details: a footer, with the e-mail as mailto: and the phone as tel:. */
export async function contactProblems(page, scope = 'footer') {
  return page.evaluate((scope) => {
    const out = [];
    const root = document.querySelector(scope);
    if (!root) return [`no ${scope}`];
    const mail = [...root.querySelectorAll('a[href^="mailto:"]')];
    const tel = [...root.querySelectorAll('a[href^="tel:"]')];
    if (!mail.length) out.push(`${scope}: no mailto: link`);
    if (!tel.length) out.push(`${scope}: no tel: link`);
    for (const a of mail) if (a.getAttribute('href').slice(7) !== a.textContent.trim()) out.push(`${scope}: ${a.getAttribute('href')} does not match its text "${a.textContent.trim()}"`);
    for (const a of tel) if (!/^tel:\+?[0-9]+$/.test(a.getAttribute('href'))) out.push(`${scope}: ${a.getAttribute('href')} is not a dialable number`);
    // An address written out in the text of this part of the page but not linked.
    const text = [...root.querySelectorAll('p, li, dd')].filter((e) => !e.querySelector('a[href^="mailto:"]')).map((e) => e.textContent).join(' ');
    const bare = text.match(/[\w.+-]+@[\w-]+\.[\w.-]+/g);
    if (bare) out.push(`${scope}: e-mail addresses not linked: ${[...new Set(bare)].join(', ')}`);
    return out;
  }, scope);
}
