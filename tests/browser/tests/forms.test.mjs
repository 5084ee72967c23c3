// Every form of the site (its forms/*.toml), in each of its languages, driven as a parent or
// a school would, from the personas in sites/<site>.mjs, with JavaScript off: mistakes on purpose (the error summary, its links to each field,
// answers kept), check your answers, send, the confirmation, and the e-mails as a real SMTP
// server received them. Every state is saved (HTML, screenshot) under artefacts/forms/,
// checked with axe (in a JavaScript-on context showing the same HTML at the same URL), the
// Nu Html Checker (once, over all the saved states), at 320px, and with the keyboard.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connect, baseURL, serving, artefact, artefacts, axe, vnu, noProblems, FORM_PAGES, width, site } from '../lib/common.mjs';
import { inspect, fill, submit, valuesNow, waitForMail } from '../lib/forms.mjs';
import { tabThrough } from '../lib/keyboard.mjs';
import { targetProblems, errorStyleProblems, lineLengthProblems, panelSizes, contactProblems } from '../lib/design.mjs';

const ACK_SUBJECT = { cy: 'Rydyn ni wedi cael eich ffurflen', en: 'We have received your form' };
const ERROR_TITLE = { cy: 'Gwall:', en: 'Error:' };

const JOURNEYS = site.journeys;
const TEAM = site.team;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

let browser, axeContext;
const saved = []; // { journey, state, url, file } for vnu
const axeProblems = [];
const narrowProblems = [];
const focusFindings = [];
const keyboardProblems = [];
// The design as measured on every state at 1280px (see lib/design.mjs).
const design = { targets: [], errors: [], lines: [], contact: [], panels: [], dateBoxes: 0, radios: 0, widest: 0 };
// States shown at 375px as well as 1280px, for people to look at (artefacts/screenshots/).
const SCREENSHOT_STATES = /^(start|errors-(?!empty).*|check|confirmation)$/;

before(async () => {
  if (!serving) return;
  browser = await connect();
  axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
});
after(async () => { await axeContext?.close(); await browser?.close(); });

/** Saves a state (HTML as served, screenshot), and checks it with axe and at 320px. */
async function capture(j, page, html, n, state) {
  const base = `${String(n).padStart(2, '0')}-${state}`;
  const file = artefact('forms', j.name, `${base}.html`);
  fs.writeFileSync(file, html);
  await page.screenshot({ path: artefact('forms', j.name, `${base}.png`), fullPage: true });
  saved.push({ journey: j.name, state, url: page.url(), file });
  await measure(j, page, `${j.name} ${base} (${new URL(page.url()).pathname})`, state);
  if (SCREENSHOT_STATES.test(state)) {
    const name = `form-${j.name}-${state.replace(/^errors-.*/, 'errors')}`;
    await page.screenshot({ path: artefact('screenshots', `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: artefact('screenshots', `${name}-375.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  // axe needs JavaScript, which the form's context has off: show the same HTML at the same
  // URL in a JavaScript-on page (the stylesheet still comes from the server).
  const p = await axePage(j);
  const url = page.url();
  p.showing = { url, html };
  await p.goto(url, { waitUntil: 'load' });
  for (const v of await axe(p)) axeProblems.push(`${j.name} ${base} (${new URL(url).pathname}): ${v}`);
  await p.setViewportSize({ width: 320, height: 640 });
  const w = await width(p);
  if (w.scrollWidth > 320 || w.sideways) narrowProblems.push(`${j.name} ${base}: ${w.scrollWidth}px wide at 320px`);
  await p.setViewportSize({ width: 1280, height: 900 });
}

/** The design checks on one state, at 1280px as the parent's browser shows it (JavaScript off). */
async function measure(j, page, where, state) {
  for (const p of await targetProblems(page)) design.targets.push(`${where}: ${p}`);
  design.radios += await page.locator('main .govuk-radios__input, main .govuk-checkboxes__input').count();
  const err = await errorStyleProblems(page);
  design.dateBoxes += err.boxes;
  for (const p of err.problems) design.errors.push(`${where}: ${p}`);
  const lines = await lineLengthProblems(page, 75);
  design.widest = Math.max(design.widest, lines.widest);
  for (const p of lines.problems) design.lines.push(`${where}: ${p}`);
  for (const p of await contactProblems(page, 'footer')) design.contact.push(`${where}: ${p}`);
  if (state === 'confirmation') {
    for (const p of await contactProblems(page, 'main')) design.contact.push(`${where}: ${p}`);
    design.panels.push({ where, ...(await panelSizes(page)) });
  }
}

/** One JavaScript-on page per journey, reused: its main document is whatever `showing` holds. */
const axePages = new Map();
async function axePage(j) {
  if (!axePages.has(j.name)) {
    const p = await axeContext.newPage();
    await p.route('**/*', (route) => {
      const req = route.request();
      if (req.isNavigationRequest() && p.showing && req.url() === p.showing.url) {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: p.showing.html });
      }
      return route.continue();
    });
    axePages.set(j.name, p);
  }
  return axePages.get(j.name);
}

/** Checks the error pattern on the page now showing; returns the page's description. */
async function checkErrors(j, page, where, expectIds = []) {
  const info = await inspect(page);
  assert.ok(info.errors.length > 0, `${where}: an error summary with links (${info.url})`);
  assert.ok(info.title.startsWith(ERROR_TITLE[j.lang]), `${where}: the title starts "${ERROR_TITLE[j.lang]}" (was "${info.title}")`);
  assert.ok(info.summary.alert, `${where}: the summary is announced (role="alert")`);
  assert.ok(info.summaryFirst, `${where}: the summary is the first thing in <main> after the back link`);
  const targets = await page.evaluate((hrefs) => hrefs.map((h) => {
    const el = h.startsWith('#') ? document.getElementById(decodeURIComponent(h.slice(1))) : null;
    return el ? { tag: el.tagName.toLowerCase(), type: el.type || '' } : null;
  }), info.errors.map((e) => e.href));
  info.errors.forEach((e, i) => {
    assert.ok(targets[i], `${where}: summary link "${e.text}" (${e.href}) goes to a field on the page`);
    assert.ok(['input', 'textarea', 'select'].includes(targets[i].tag), `${where}: summary link ${e.href} goes to the control itself (was a ${targets[i].tag})`);
    assert.ok(info.fieldErrors.some((f) => f.text.includes(e.text)), `${where}: "${e.text}" is also shown at its field`);
  });
  for (const id of expectIds) assert.ok(info.errors.some((e) => e.href === `#${id}`), `${where}: the summary links to #${id} (links: ${info.errors.map((e) => e.href).join(' ')})`);
  // Without JavaScript only the browser can move focus: `tabindex="-1" autofocus` on the
  // summary does it (GOV.UK moves it with JavaScript, which these pages do not have).
  const focused = await page.evaluate(() => !!document.activeElement?.closest('.govuk-error-summary'));
  if (!focused) focusFindings.push(`${j.name} ${where} (${info.url}): the error summary does not take focus on load (tabindex=${info.summary.tabindex ?? 'none'}, autofocus=${info.summary.autofocus})`);
  // Following the first link puts focus in its field.
  const first = info.errors[0];
  await page.click(`.govuk-error-summary a[href="${first.href}"]`);
  const active = await page.evaluate(() => document.activeElement?.id);
  assert.equal(`#${active}`, first.href, `${where}: following "${first.text}" puts focus in the field`);
  return info;
}

async function runJourney(j) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false, locale: j.lang === 'cy' ? 'cy-GB' : 'en-GB' });
  const page = await context.newPage();
  let last = null; // the latest main-document response, for the HTML exactly as served
  page.on('response', (r) => { if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) last = r; });
  const html = async () => (await last.body()).toString('utf8');
  let n = 0;
  const save = async (state) => capture(j, page, await html(), ++n, state);
  const start = FORM_PAGES.find((f) => f.form === j.form && f.lang === j.lang).url;
  try {
    const res = await page.goto(baseURL + start);
    assert.equal(res.status(), 200, `${start} answers 200`);
    let info = await inspect(page);
    assert.equal(info.lang, j.lang, `${start} is in ${j.lang}`);
    await save('start');
    if (info.kind === 'start') {
      await Promise.all([page.waitForNavigation(), page.click('a.govuk-button--start')]);
      info = await inspect(page);
    }
    assert.equal(info.kind, 'question', `the form's first page asks something (${info.url})`);
    await save('empty');

    // The keyboard on an empty question page: skip link first, every control reached, focus visible.
    const kb = await tabThrough(page);
    assert.match(kb.order[0]?.className || '', /skip-link/, `${info.url}: the first Tab stop is the skip link`);
    assert.deepEqual(kb.unreached, [], `${info.url}: Tab reaches every control`);
    assert.deepEqual(kb.notVisible, [], `${info.url}: focus is visible on every control`);
    await page.reload();

    // Mistake 1: Continue with nothing answered.
    await submit(page);
    info = await checkErrors(j, page, 'first page sent empty');
    await save('errors-empty');
    const kbErr = await tabThrough(page);
    const firstLink = kbErr.order.findIndex((o) => o.inSummary);
    const firstControl = kbErr.order.findIndex((o) => ['input', 'textarea', 'select'].includes(o.tag));
    assert.ok(firstLink >= 0 && firstLink < firstControl, `${info.url}: the error summary's links come before the fields in Tab order`);
    await page.reload();

    const mistakes = { ...j.mistakes };
    const another = [...(j.persona.another || [])];
    let child = 1;
    let uploaded = false;
    const seen = new Set([info.url]);
    for (let steps = 0; steps < 40; steps++) {
      info = await inspect(page);
      if (info.kind === 'check' || info.kind === 'confirmation') break;
      if (steps > 0 && !seen.has(info.url)) {
        // Each new page of the form: saved and checked like the other states, and tabbed through.
        seen.add(info.url);
        await save(`page-${info.url.split('/').filter(Boolean).pop()}`);
        const k = await tabThrough(page);
        if (!/skip-link/.test(k.order[0]?.className || '')) keyboardProblems.push(`${info.url}: the first Tab stop is not the skip link`);
        for (const u of k.unreached) keyboardProblems.push(`${info.url}: Tab never reaches ${u}`);
        for (const v of k.notVisible) keyboardProblems.push(`${info.url}: no visible focus on ${v}`);
      }
      const names = new Set(info.fields.map((f) => f.name.replace(/-(day|month|year)$/, '')));
      const persona = { values: { ...j.persona.values, ...(child > 1 ? j.persona.secondChild : {}) }, choose: { ...j.persona.choose } };
      if (names.has('another')) {
        persona.choose.another = another.shift() || 'no';
        if (persona.choose.another === 'yes') child++;
      }
      if (info.kind === 'documents') {
        if (j.persona.upload && !uploaded) {
          await page.setInputFiles('input[type=file]', { name: 'adroddiad-seicolegydd.pdf', mimeType: 'application/pdf', buffer: PDF });
          await submit(page, 'button[name=_action][value=upload]');
          info = await inspect(page);
          assert.equal(info.errors.length, 0, `the PDF is accepted (${info.errors.map((e) => e.text)})`);
          assert.ok((await page.textContent('main')).includes('adroddiad-seicolegydd.pdf'), 'the uploaded file is listed');
          await save('documents-uploaded');
          uploaded = true;
        }
        await submit(page, 'button[name=_action][value=continue]');
        continue;
      }
      // Mistakes 2 and 3: a wrong answer among right ones; the right ones must be kept.
      const wrong = Object.keys(mistakes).filter((m) => names.has(m));
      if (wrong.length) {
        const bad = { values: { ...persona.values }, choose: persona.choose };
        for (const m of wrong) bad.values[m] = mistakes[m];
        const entered = await fill(page, bad, j.lang);
        await submit(page);
        const ids = wrong.map((m) => (typeof mistakes[m] === 'object' ? `${m}-day` : m));
        const where = `${info.url} with ${wrong.join(', ')} wrong`;
        const errInfo = await checkErrors(j, page, where, ids);
        const linked = errInfo.errors.map((e) => e.href.slice(1));
        assert.deepEqual(linked.filter((id) => !ids.some((i) => id.startsWith(i.replace(/-day$/, '')))), [], `${where}: only the wrong answers are flagged`);
        const now = await valuesNow(page);
        for (const [k, v] of Object.entries(entered)) {
          assert.deepEqual(now[k], v, `${where}: the answer to ${k} is kept`);
        }
        await save(`errors-${wrong.join('-')}`);
        for (const m of wrong) delete mistakes[m];
      }
      await fill(page, persona, j.lang);
      await submit(page);
      const after = await inspect(page);
      assert.deepEqual(after.errors.map((e) => `${e.href} ${e.text}`), [], `${info.url}: the persona's answers are accepted`);
    }
    assert.deepEqual(Object.keys(mistakes), [], 'every planned mistake was made (their fields exist)');
    if (j.persona.upload) assert.ok(uploaded, 'the documents page was reached');

    // Check your answers.
    info = await inspect(page);
    assert.equal(info.kind, 'check', `the journey reaches check your answers (at ${info.url}: ${info.h1})`);
    const text = await page.textContent('main');
    for (const s of j.shows) assert.ok(text.includes(s), `check your answers shows "${s}"`);
    await save('check');
    // Mistake 4: send without the declaration.
    await submit(page);
    await checkErrors(j, page, 'check your answers without the declaration', ['declaration']);
    await save('check-errors');
    await page.check('#declaration');
    await submit(page);

    info = await inspect(page);
    assert.equal(info.kind, 'confirmation', `the form is sent (at ${info.url}: ${info.h1})`);
    assert.match(info.reference, /\S{4,}/, 'the confirmation shows a reference');
    await save('confirmation');

    // The e-mails, from the SMTP server's maildir.
    const mail = await waitForMail(process.env.PORTH_MAILDIR, info.reference, j.email ? 2 : 1);
    mail.forEach((m, i) => fs.writeFileSync(artefact('mail', j.name, `${i + 1}.eml`), m.raw, 'latin1'));
    const team = mail.find((m) => m.to.includes(TEAM[j.form]));
    assert.ok(team, `the team (${TEAM[j.form]}) gets an e-mail with reference ${info.reference} (got: ${mail.map((m) => `${m.to} "${m.subject}"`).join('; ') || 'nothing'})`);
    const teamText = team.texts.join('\n') + team.html;
    for (const s of j.shows) assert.ok(teamText.includes(s), `the team e-mail includes "${s}"`);
    if (j.persona.upload) assert.ok(team.attachments.some((a) => a.endsWith('adroddiad-seicolegydd.pdf')), `the team e-mail carries the document (attachments: ${team.attachments})`);
    if (j.email) {
      const ack = mail.find((m) => m.to.includes(j.email));
      assert.ok(ack, `the sender (${j.email}) gets an acknowledgement`);
      assert.ok(ack.subject.startsWith(ACK_SUBJECT[j.lang]) && ack.subject.includes(info.reference), `the acknowledgement is in ${j.lang} with the reference (subject: "${ack.subject}")`);
    }
    return { reference: info.reference, mails: mail.length };
  } finally {
    await context.close();
    await axePages.get(j.name)?.close();
  }
}

if (!serving) {
  test('the forms are served (porth serve)', () => {
    assert.fail('`porth serve` is not available yet: the form journeys (both forms, Welsh and English, JavaScript off, errors, check your answers, confirmation, e-mail over SMTP) cannot run');
  });
} else {
  test('every form of the site has a journey in each of its languages', () => {
    assert.ok(FORM_PAGES.length > 0, 'the site has forms');
    const missing = FORM_PAGES.filter((f) => !JOURNEYS.some((j) => j.form === f.form && j.lang === f.lang)).map((f) => `${f.form} (${f.lang})`);
    assert.deepEqual(missing, [], 'forms without a journey in tests/browser/sites/');
  });

  describe('form journeys, JavaScript off', { concurrency: 4 }, () => {
    for (const j of JOURNEYS) {
      test(`${j.form} in ${j.lang === 'cy' ? 'Welsh' : 'English'}: ${j.as}`, async () => {
        const r = await runJourney(j);
        console.log(`forms: ${j.name} sent, reference ${r.reference}, ${r.mails} e-mails received`);
      });
    }
  });

  test('axe finds no violation in any form state (start, empty, errors, check, confirmation)', () => {
    assert.ok(saved.length > 0, 'form states were saved');
    console.log(`forms: axe over ${saved.length} form states, ${axeProblems.length} violations`);
    noProblems(assert, axeProblems, 'axe violations in form states');
  });

  test('the Nu Html Checker finds no error in any form state', async () => {
    assert.ok(saved.length > 0, 'form states were saved');
    const errors = await vnu(saved.map((s) => s.file));
    const lines = errors.map((m) => `${path.relative(artefacts, new URL(m.url).pathname)}:${m.lastLine ?? '?'}: ${m.message}${m.extract ? ` — ${m.extract.replace(/\s+/g, ' ').trim()}` : ''}`);
    console.log(`forms: vnu over ${saved.length} form states, ${errors.length} errors`);
    noProblems(assert, lines, 'vnu errors in form states');
  });

  test('no form state scrolls sideways at 320px', () => {
    assert.ok(saved.length > 0, 'form states were saved');
    noProblems(assert, narrowProblems, 'form states wider than 320px');
  });

  test('keyboard: on every page of every form, Tab reaches every control after the skip link, with visible focus', () => {
    assert.ok(saved.some((s) => s.state.startsWith('page-')), 'form pages were seen');
    noProblems(assert, keyboardProblems, 'keyboard problems');
  });

  test('design: radio and checkbox targets are at least 40px (the visible box and the input)', () => {
    assert.ok(design.radios > 0, 'radios and checkboxes were seen');
    console.log(`forms: ${design.radios} radios and checkboxes measured`);
    noProblems(assert, design.targets, 'targets under 40px');
  });

  test('design: every field in error is drawn in the error colour, each date box too', () => {
    assert.ok(design.dateBoxes > 0, 'date boxes in error were seen (every journey makes a date mistake)');
    console.log(`forms: ${design.dateBoxes} date boxes in error checked`);
    noProblems(assert, design.errors, 'fields in error not styled as errors');
  });

  test('design: the reading column is at most 75 characters a line at 1280px on every form page', () => {
    assert.ok(design.widest > 0, 'text was measured');
    console.log(`forms: the longest line is ${design.widest} characters at 1280px`);
    noProblems(assert, design.lines, 'lines longer than 75 characters');
  });

  test('design: the confirmation panel title is 48px and the reference 36px at 1280px', () => {
    assert.equal(design.panels.length, JOURNEYS.length, 'every journey reached its confirmation');
    for (const p of design.panels) {
      assert.ok(p.title >= 48, `${p.where}: the panel title is ${p.title}px (48px)`);
      assert.ok(p.body >= 36 && p.reference >= 36, `${p.where}: the reference is ${p.reference}px (36px)`);
    }
  });

  test('design: e-mail addresses are mailto: and phone numbers tel: links (footer of every state, contact on the confirmation)', () => {
    assert.ok(saved.length > 0, 'form states were saved');
    noProblems(assert, design.contact, 'contact details that are not links');
  });

  test('the error summary takes focus when the page loads (tabindex="-1" autofocus, no JavaScript needed)', () => {
    assert.ok(saved.some((s) => s.state.startsWith('errors')), 'error states were seen');
    noProblems(assert, focusFindings, 'error pages where the summary does not take focus');
  });
}
