// Search, served by `porth serve` (pages and queries from sites/<site>.mjs): a parent types into the search box under the header with JavaScript off
// and lands on results; the results, no-results and empty search pages in both languages
// pass axe, the Nu Html Checker, 320px without sideways scrolling, and the keyboard (the
// search box and its button are Tab stops with visible focus).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { connect, baseURL, serving, artefact, axe, vnu, noProblems, width, site } from '../lib/common.mjs';
import { tabThrough } from '../lib/keyboard.mjs';

const PAGES = site.search.pages;

let browser, context, noJs;
before(async () => {
  if (!serving) return;
  browser = await connect();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  noJs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
});
after(async () => { await context?.close(); await noJs?.close(); await browser?.close(); });

test('search pages in each of the site\'s languages: axe, Nu Html Checker, 320px, keyboard', { skip: !serving && 'search needs porth serve' }, async () => {
  const problems = [];
  const files = [];
  const page = await context.newPage();
  try {
    for (const p of PAGES) {
      const resp = await page.goto(baseURL + p.url, { waitUntil: 'load' });
      assert.equal(resp.status(), 200, p.url);
      const file = artefact('search', `${p.name}.html`);
      fs.writeFileSync(file, await resp.text());
      files.push(file);
      for (const v of await axe(page)) problems.push(`${p.url}: ${v}`);
      await page.setViewportSize({ width: 320, height: 640 });
      const w = await width(page);
      if (w.sideways) problems.push(`${p.url}: ${w.scrollWidth}px wide at 320px`);
      await page.screenshot({ path: artefact('screenshots', `${p.name}-320.png`), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      const { notVisible, unreached, order } = await tabThrough(page);
      if (unreached.length) problems.push(`${p.url}: not reached by Tab: ${unreached.join(', ')}`);
      if (notVisible.length) problems.push(`${p.url}: focus not visible on ${notVisible.map((n) => n.desc ?? n).join(', ')}`);
      // The header's box, or on the search page (which shows one box, not two) its own.
      if (!order.some((o) => /site-search|search-q/.test(o.desc ?? ''))) problems.push(`${p.url}: the search box is not a Tab stop`);
    }
  } finally { await page.close(); }
  for (const m of await vnu(files)) problems.push(`vnu ${m.url?.split('/').pop()}:${m.lastLine}: ${m.message}`);
  console.log(`search: ${PAGES.length} pages checked, ${problems.length} problems`);
  noProblems(assert, problems, 'problems on search pages');
});

test('with JavaScript off, the search box under the header leads to marked results in the page\'s language', { skip: !serving && 'search needs porth serve' }, async () => {
  const page = await noJs.newPage();
  try {
    for (const [start, query, results] of site.search.typed) {
      await page.goto(baseURL + start);
      await page.fill('#site-search', query);
      await Promise.all([page.waitForNavigation(), page.click('.porth-search__button')]);
      assert.equal(new URL(page.url()).pathname, results);
      assert.ok(await page.locator('.porth-search-results__title a').count() > 0, `results for "${query}"`);
      assert.ok(await page.locator('.porth-search-results__snippet mark').count() > 0, `marked words for "${query}"`);
      assert.equal(await page.inputValue('#search-q'), query, 'the query stays in the box');
    }
  } finally { await page.close(); }
});
