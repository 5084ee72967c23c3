// The services directory (docs/DIRECTORY.md), when the site has one: the landing page, an
// entry's page and the results page `porth serve` answers (results, an age that is not a
// number, nothing found) in each of the site's languages pass axe, the Nu Html Checker and
// 320px without sideways scrolling; and with JavaScript off, ticking a category on the
// landing page and pressing the button lands on its results, in the page's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { connect, baseURL, serving, artefact, axe, vnu, noProblems, width, siteRoot, LANGS } from '../lib/common.mjs';

const dir = path.join(siteRoot, 'directory');
const has = fs.existsSync(path.join(dir, 'taxonomy.toml'));
const HOME = { cy: '/cy/cyfeiriadur/', en: '/en/directory/' };
const RESULTS = { cy: '/cy/cyfeiriadur/canlyniadau/', en: '/en/directory/results/' };
const skip = (!has && 'the site has no directory/') || (!serving && 'the results page needs porth serve');

// The first category of the taxonomy, and the first entry, as the files name them.
const category = has ? /^\[categories\.([a-z0-9-]+)\]/m.exec(fs.readFileSync(path.join(dir, 'taxonomy.toml'), 'utf8'))[1] : '';
const slug = has ? fs.readdirSync(dir).filter((f) => f.endsWith('.md') && !f.endsWith('.cy.md')).sort()[0].replace(/\.md$/, '') : '';

let browser, context, noJs;
before(async () => {
  if (skip) return;
  browser = await connect();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  noJs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
});
after(async () => { await context?.close(); await noJs?.close(); await browser?.close(); });

test('directory pages in each of the site\'s languages: axe, Nu Html Checker, 320px', { skip }, async () => {
  const pages = LANGS.flatMap((l) => [
    [`${l}-landing`, HOME[l]],
    [`${l}-entry`, `${HOME[l]}${slug}/`],
    [`${l}-results`, `${RESULTS[l]}?category=${category}`],
    [`${l}-error`, `${RESULTS[l]}?age=abc&postcode=nonsense`],
    [`${l}-none`, `${RESULTS[l]}?category=${category}&age=25&day=SU&free=yes`],
  ]);
  const problems = [];
  const files = [];
  const page = await context.newPage();
  try {
    for (const [name, url] of pages) {
      const resp = await page.goto(baseURL + url, { waitUntil: 'load' });
      assert.equal(resp.status(), 200, url);
      const file = artefact('directory', `${name}.html`);
      fs.writeFileSync(file, await resp.text());
      files.push(file);
      for (const v of await axe(page)) problems.push(`${url}: ${v}`);
      await page.setViewportSize({ width: 320, height: 640 });
      const w = await width(page);
      if (w.sideways) problems.push(`${url}: ${w.scrollWidth}px wide at 320px`);
      await page.screenshot({ path: artefact('screenshots', `directory-${name}-320.png`), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  } finally { await page.close(); }
  for (const m of await vnu(files)) problems.push(`vnu ${m.url?.split('/').pop()}:${m.lastLine}: ${m.message}`);
  console.log(`directory: ${pages.length} pages checked, ${problems.length} problems`);
  noProblems(assert, problems, 'problems on directory pages');
});

test('with JavaScript off, the filter form leads to results whose state is in the address', { skip }, async () => {
  const page = await noJs.newPage();
  try {
    for (const l of LANGS) {
      await page.goto(baseURL + HOME[l]);
      await page.check(`#directory-category-${category}`);
      await Promise.all([page.waitForNavigation(), page.click('.porth-directory-filters button[type=submit]')]);
      const url = new URL(page.url());
      assert.equal(url.pathname, RESULTS[l]);
      assert.equal(url.searchParams.get(l === 'cy' ? 'categori' : 'category'), category, 'the page\'s own parameter name');
      assert.equal(await page.getAttribute('html', 'lang'), l);
      assert.ok(await page.isChecked(`#directory-category-${category}`), 'the choice is kept');
      assert.ok(await page.locator('#directory-results-count').count() === 1);
      // An age that is not a number: the error summary links to the field.
      await page.fill('#directory-age', 'abc');
      await Promise.all([page.waitForNavigation(), page.click('.porth-directory-filters button[type=submit]')]);
      assert.equal(await page.locator('.govuk-error-summary a[href="#directory-age"]').count(), 1);
      assert.equal(await page.inputValue('#directory-age'), 'abc');
    }
  } finally { await page.close(); }
});
