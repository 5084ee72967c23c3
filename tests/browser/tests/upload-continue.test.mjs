// The documents page with JavaScript off, as a parent uses it without reading the buttons: a
// file is chosen and the main "Continue" pressed instead of "Upload file". The file must be
// uploaded (GOV.UK's single-file pattern) and listed on check your answers, never dropped
// without a word; a file that cannot be taken brings the documents page back with the reason.
// In each of the site's languages, for every form with a documents page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, baseURL, serving, FORM_PAGES, site } from '../lib/common.mjs';
import { inspect, fill, submit } from '../lib/forms.mjs';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const CONTINUE = 'button[name=_action][value=continue]';

let browser;
before(async () => { if (serving) browser = await connect(); });
after(async () => { await browser?.close(); });

/** A new visitor on the form's documents page, having answered every page before it as the persona would. */
async function toDocuments(j, lang) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  const start = FORM_PAGES.find((f) => f.form === j.form && f.lang === lang);
  if (!start) return { context, page: null };
  await page.goto(baseURL + start.url);
  let info = await inspect(page);
  if (info.kind === 'start') {
    await Promise.all([page.waitForNavigation(), page.click('a.govuk-button--start')]);
    info = await inspect(page);
  }
  for (let steps = 0; steps < 40 && info.kind === 'question'; steps++) {
    const persona = { values: { ...j.persona.values }, choose: { ...j.persona.choose, another: 'no' } };
    await fill(page, persona, lang);
    await submit(page);
    info = await inspect(page);
    assert.deepEqual(info.errors.map((e) => e.text), [], `${info.url}: the persona's answers are accepted`);
  }
  return { context, page: info.kind === 'documents' ? page : null };
}

// One journey per form that has a documents page (the persona who uploads), run in each language.
const forms = [...new Map(site.journeys.filter((j) => j.persona.upload).map((j) => [j.form, j])).values()];
const langs = [...new Set(FORM_PAGES.map((f) => f.lang))];

for (const j of forms) {
  for (const lang of langs) {
    test(`${j.form} (${lang}): a file chosen and "Continue" pressed is uploaded, or the page says why not`, { skip: !serving && 'needs porth serve' }, async () => {
      const { context, page } = await toDocuments(j, lang);
      try {
        assert.ok(page, `the ${j.form} form reaches its documents page in ${lang}`);
        // A file that cannot be taken: back on the documents page, the reason in the error summary.
        const docs = new URL(page.url()).pathname;
        await page.setInputFiles('input[type=file]', { name: 'sgript.pdf', mimeType: 'application/pdf', buffer: Buffer.from('#!/bin/sh\necho hi\n') });
        await submit(page, CONTINUE);
        let info = await inspect(page);
        assert.equal(info.url, docs, 'a refused file keeps the family on the documents page');
        assert.equal(info.errors.length, 1, `one error: ${info.errors.map((e) => e.text)}`);
        assert.equal(info.lang, lang);
        assert.equal(await page.locator('.govuk-summary-list__key').count(), 0, 'nothing attached');
        // A good file and Continue: uploaded, and on to check your answers, which lists it.
        await page.setInputFiles('input[type=file]', { name: 'adroddiad.pdf', mimeType: 'application/pdf', buffer: PDF });
        await submit(page, CONTINUE);
        info = await inspect(page);
        for (let steps = 0; steps < 10 && info.kind === 'question'; steps++) {
          await fill(page, { values: { ...j.persona.values }, choose: { ...j.persona.choose } }, lang);
          await submit(page);
          info = await inspect(page);
        }
        assert.equal(info.kind, 'check', `on to check your answers (${info.url}: ${info.errors.map((e) => e.text)})`);
        assert.ok((await page.textContent('main')).includes('adroddiad.pdf'), 'the file chosen is attached');
      } finally {
        await context.close();
      }
    });
  }
}
