// Step-by-step journeys (content/journeys/): each journey page and a page that is part of a
// journey, at 320px with JavaScript off: every step is there and open, the "Part of" box
// links back with the page's step highlighted, axe finds nothing, the Nu Html Checker finds
// nothing, and nothing scrolls sideways. Runs on whichever site the suite serves.
//   PORTH_BROWSER_TESTS=journeys bash tests/browser/run [--site sites/england]
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connect, baseURL, publicDir, axe, vnu, noProblems, width, LANGS } from '../lib/common.mjs';

const STEP_DIRS = { cy: 'cam-wrth-gam', en: 'step-by-step' };

/** Every journey page the build wrote: [{ lang, url, file }]. */
function journeyPages() {
  return LANGS.flatMap((lang) => {
    const dir = path.join(publicDir, lang, STEP_DIRS[lang]);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).map((slug) => ({ lang, url: `/${lang}/${STEP_DIRS[lang]}/${slug}/`, file: path.join(dir, slug, 'index.html') }));
  });
}

let browser, phone, withScript;
before(async () => {
  browser = await connect();
  phone = await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
  // axe is JavaScript; the site itself ships none.
  withScript = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
});
after(async () => { await phone?.close(); await withScript?.close(); await browser?.close(); });

test('each journey page, without JavaScript at 320px: every step open, its pages linked, "and"/"or" in place of a number', async () => {
  const pages = journeyPages();
  assert.ok(pages.length >= LANGS.length, `a journey page in each language (found ${pages.map((p) => p.url)})`);
  for (const p of pages) {
    const page = await phone.newPage();
    try {
      const resp = await page.goto(baseURL + p.url);
      assert.equal(resp.status(), 200, p.url);
      const steps = await page.$$eval('.porth-step-nav__step', (els) => els.map((e) => ({
        title: e.querySelector('.porth-step-nav__title').innerText.replace(/\s+/g, ' ').trim(),
        links: e.querySelectorAll('.porth-step-nav__list a').length,
        visible: e.querySelector('.porth-step-nav__panel').getBoundingClientRect().height > 0,
      })));
      assert.ok(steps.length >= 3, `${p.url}: at least three steps`);
      for (const s of steps) {
        assert.ok(s.links > 0 && s.visible, `${p.url}: "${s.title}" is open and links to its pages`);
      }
      const w = await width(page);
      assert.ok(!w.sideways, `${p.url}: ${w.scrollWidth}px wide in a 320px window`);
      console.log(`journeys: ${p.url}: ${steps.length} steps: ${steps.map((s) => s.title).join(' | ')}`);
    } finally { await page.close(); }
  }
});

test('a page in a journey has a "Part of" box linking back, its step highlighted and the page itself marked', async () => {
  for (const p of journeyPages()) {
    const html = fs.readFileSync(p.file, 'utf8');
    // The first page the journey links to.
    const first = html.match(/class="porth-step-nav__list-item"><a class="govuk-link" href="([^"]+)"/)[1];
    const page = await phone.newPage();
    try {
      await page.goto(baseURL + first);
      const box = await page.$eval('nav.porth-step-nav-related', (nav) => ({
        back: nav.querySelector('h2 a').getAttribute('href'),
        current: [...nav.querySelectorAll('[aria-current="step"] .porth-step-nav__title')].map((e) => e.innerText.replace(/\s+/g, ' ').trim()),
        marked: [...nav.querySelectorAll('[aria-current="page"]')].map((e) => e.innerText.trim()),
      }));
      assert.equal(box.back, p.url, `${first}: the box links back to ${p.url}`);
      assert.ok(box.current.length >= 1, `${first}: its step is highlighted`);
      assert.equal(box.marked.length >= 1, true, `${first}: the page is marked in its step`);
      const w = await width(page);
      assert.ok(!w.sideways, `${first}: ${w.scrollWidth}px wide in a 320px window`);
    } finally { await page.close(); }
  }
});

test('journey pages and the pages in them: axe 0 and the Nu Html Checker 0', async () => {
  const pages = journeyPages();
  const members = pages.map((p) => fs.readFileSync(p.file, 'utf8').match(/class="porth-step-nav__list-item"><a class="govuk-link" href="([^"]+)"/)[1]);
  const urls = [...pages.map((p) => p.url), ...new Set(members)];
  const problems = [];
  for (const url of urls) {
    const page = await withScript.newPage();
    try {
      await page.goto(baseURL + url);
      problems.push(...(await axe(page)).map((v) => `${url}: ${v}`));
    } finally { await page.close(); }
  }
  noProblems(assert, problems, 'axe violations');
  const files = urls.map((u) => path.join(publicDir, u, 'index.html'));
  noProblems(assert, (await vnu(files)).map((m) => `${m.url}:${m.lastLine}: ${m.message}`), 'Nu Html Checker errors');
});
