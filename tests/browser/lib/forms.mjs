// Driving the forms as a person does, with JavaScript off: read what the page asks, answer
// it from a persona, press the button. Pages are recognised by their GOV.UK markup, so the
// journeys follow the forms' own order of pages (and its branches) rather than a copy of it.
import fs from 'node:fs';
import path from 'node:path';

/** What the current page is and asks. */
export async function inspect(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    const main = q('main');
    const kind = q('.govuk-panel--confirmation') ? 'confirmation'
      : q('input#declaration') ? 'check'
      : q('input[type=file]') || q('button[name=_action][value=upload]') ? 'documents'
      : q('a.govuk-button--start') ? 'start'
      : q('main form[method=post]') ? 'question' : 'other';
    const summary = q('.govuk-error-summary');
    const errors = summary ? [...summary.querySelectorAll('a')].map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })) : [];
    const fields = [];
    for (const el of document.querySelectorAll('main form input, main form textarea, main form select')) {
      if (['hidden', 'submit', 'button'].includes(el.type) || el.closest('.honeypot')) continue;
      const cond = el.closest('.govuk-radios__conditional');
      fields.push({ name: el.name, id: el.id, type: el.tagName === 'TEXTAREA' ? 'textarea' : el.type, value: el.value, checked: el.checked,
        under: cond ? cond.id.replace(/^conditional-/, '') : null, autocomplete: el.getAttribute('autocomplete') || '' });
    }
    return {
      url: location.pathname, title: document.title, h1: (q('main h1')?.textContent || '').trim(), kind,
      errors, summary: summary ? { tabindex: summary.getAttribute('tabindex'), autofocus: summary.hasAttribute('autofocus'), alert: !!summary.querySelector('[role=alert]') || summary.getAttribute('role') === 'alert' } : null,
      fieldErrors: [...document.querySelectorAll('main .govuk-error-message')].map((e) => ({ id: e.id, text: e.textContent.trim() })),
      // <main> holds GOV.UK's grid: a row with the reading column, in which the summary comes first.
      summaryFirst: summary ? [...(main.querySelector(':scope > .govuk-grid-row:first-child > .govuk-grid-column-two-thirds') || main).children].filter((c) => !c.matches('.govuk-back-link')).indexOf(summary) === 0 : null,
      fields,
      reference: (q('#reference')?.textContent || '').trim(),
      lang: document.documentElement.lang,
    };
  });
}

const pad = (n) => String(n).padStart(2, '0');
/** A date `years` before today (and `days` more), as {day, month, year} strings. */
export function yearsAgo(years, days = 0) {
  const d = new Date();
  d.setFullYear(d.getFullYear() - years);
  d.setDate(d.getDate() - days);
  return { day: String(d.getDate()), month: String(d.getMonth() + 1), year: String(d.getFullYear()) };
}

/**
 * Answers every question on the page from `persona`:
 *   values: { name: text, dateName: {day, month, year} }, choose: { name: value or [values] }.
 * Questions the persona does not know get a plausible answer (the first option; text by type).
 * Follow-up questions are answered only under the option chosen. Returns what was entered.
 */
export async function fill(page, persona, lang) {
  const info = await inspect(page);
  const entered = {};
  const chosen = new Set();
  const groups = new Map();
  for (const f of info.fields) if (f.type === 'radio' || f.type === 'checkbox') groups.set(f.name, [...(groups.get(f.name) || []), f]);
  // Choices first: they decide which follow-up questions apply.
  for (const [name, opts] of groups) {
    if (name === 'declaration') continue;
    const top = opts.filter((o) => !o.under || chosen.has(o.under));
    if (!top.length) continue;
    let want = persona.choose?.[name] ?? top[0].value;
    want = Array.isArray(want) ? want : [want];
    for (const o of top) {
      const on = want.includes(o.value);
      if (on !== o.checked) await page.setChecked(`[id="${o.id}"]`, on);
      if (on) { chosen.add(o.id); entered[name] = [...(entered[name] || []), o.value]; }
    }
  }
  for (const f of info.fields) {
    if (f.type === 'radio' || f.type === 'checkbox' || f.type === 'file') continue;
    if (f.under && !chosen.has(f.under)) continue;
    const value = answer(f, persona, lang);
    await page.fill(`[id="${f.id}"]`, value);
    entered[f.name] = value;
  }
  return entered;
}

function answer(f, persona, lang) {
  const v = persona.values || {};
  const date = f.name.match(/^(.*)-(day|month|year)$/);
  if (date && v[date[1]] && typeof v[date[1]] === 'object') return v[date[1]][date[2]];
  if (f.name in v) return v[f.name];
  if (date) return { day: '1', month: '9', year: String(new Date().getFullYear() - 9) }[date[2]];
  if (f.type === 'email') return 'test@example.com';
  if (f.type === 'tel') return '01632 960 001';
  if (/postcode/.test(f.name)) return 'AT1 1AA';
  if (f.type === 'textarea') return lang === 'cy' ? 'Dyma ateb prawf, mewn brawddeg lawn.' : 'A test answer, in a full sentence.';
  return lang === 'cy' ? 'Prawf' : 'Test';
}

/** Presses the page's main button (Continue, Send) and waits for the page that follows. */
export async function submit(page, selector = 'main form button.govuk-button:not(.govuk-button--secondary)') {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

/** The values now in the fields, by name (checked values for choices). */
export async function valuesNow(page) {
  const info = await inspect(page);
  const out = {};
  for (const f of info.fields) {
    if (f.type === 'radio' || f.type === 'checkbox') { if (f.checked) out[f.name] = [...(out[f.name] || []), f.value]; } else if (f.type !== 'file') out[f.name] = f.value;
  }
  return out;
}

// --- E-mail -------------------------------------------------------------------------------

function decodeWords(s) {
  return s.replace(/\r?\n[ \t]+/g, ' ').replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=\s*(?==\?)/g, '=?$1?$2?$3?=').replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, cs, enc, text) => {
    const buf = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return buf.toString(/utf-?8/i.test(cs) ? 'utf8' : 'latin1');
  });
}

function decodeBody(headers, body) {
  const cte = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return body;
}

function parsePart(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const type = headers['content-type'] || 'text/plain';
  const boundary = type.match(/boundary="?([^";]+)"?/i);
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary[1]}`).slice(1).filter((p) => !p.startsWith('--'));
    return { headers, parts: parts.map((p) => parsePart(p.replace(/^\r?\n/, ''))) };
  }
  return { headers, text: decodeBody(headers, body) };
}

/** A part's file name: filename="…", or RFC 2231's filename*=utf-8''… and filename*0=…, *1=…. */
function filename(disposition) {
  const plain = disposition.match(/(?:^|;)\s*filename="?([^";]+)"?/i);
  if (plain) return decodeWords(plain[1]);
  const pieces = [...disposition.matchAll(/filename\*(\d+)?(\*)?="?([^";]*)"?/gi)].sort((a, b) => Number(a[1] || 0) - Number(b[1] || 0));
  let value = pieces.map((m) => m[3]).join('');
  if (pieces.some((m) => m[2] || (!m[1] && m[0].includes('*=')))) {
    value = value.replace(/^[\w-]*'[\w-]*'/, '');
    value = Buffer.from(value.replace(/%([0-9A-Fa-f]{2})/g, (x, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return value;
}

/** Every message in the maildir: { file, subject, to, from, texts: [text/plain bodies], html, attachments }. */
export function readMaildir(dir) {
  const files = ['new', 'cur'].flatMap((d) => { try { return fs.readdirSync(path.join(dir, d)).map((f) => path.join(dir, d, f)); } catch { return []; } });
  return files.map((file) => {
    const raw = fs.readFileSync(file, 'latin1');
    const msg = parsePart(Buffer.from(raw, 'latin1').toString('utf8'));
    const leaves = [];
    const walk = (p) => (p.parts ? p.parts.forEach(walk) : leaves.push(p));
    walk(msg);
    const h = msg.headers;
    return {
      file, raw,
      subject: decodeWords(h.subject || ''), to: decodeWords(h.to || ''), from: decodeWords(h.from || ''), replyTo: decodeWords(h['reply-to'] || ''),
      texts: leaves.filter((l) => /^text\/plain/i.test(l.headers['content-type'] || 'text/plain') && !/attachment/i.test(l.headers['content-disposition'] || '')).map((l) => l.text),
      html: leaves.filter((l) => /^text\/html/i.test(l.headers['content-type'] || '')).map((l) => l.text).join('\n'),
      attachments: leaves.filter((l) => /attachment/i.test(l.headers['content-disposition'] || '')).map((l) => filename(l.headers['content-disposition'])),
    };
  });
}

/** Waits until `count` messages mention `reference` (subject or body), up to `ms`. */
export async function waitForMail(dir, reference, count, ms = 20000) {
  const until = Date.now() + ms;
  let found = [];
  while (Date.now() < until) {
    found = readMaildir(dir).filter((m) => m.subject.includes(reference) || m.texts.some((t) => t.includes(reference)));
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  return found;
}
