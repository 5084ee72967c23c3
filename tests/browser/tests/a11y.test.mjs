// Accessibility of every generated page: axe-core (WCAG 2.0, 2.1 and 2.2 A and AA) on each
// page of public/ in each of the site's languages, and the keyboard on the home pages: the skip link
// comes first, and every link shows where focus is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, allPages, baseURL, axe, withPages, langOf, isRedirect, noProblems, LANGS } from '../lib/common.mjs';
import { tabThrough } from '../lib/keyboard.mjs';

let browser, context;
before(async () => {
  browser = await connect();
  // axe is JavaScript, so this context has it on; the site itself ships none.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
});
after(async () => { await context?.close(); await browser?.close(); });

test('axe finds no WCAG 2.2 AA violation on any generated page, in each of the site\'s languages', async () => {
  const pages = allPages();
  const langs = [...new Set(pages.map((p) => langOf(p.file)))].sort();
  assert.deepEqual(langs, [...LANGS].sort(), `pages in the site's languages and no other (found ${langs})`);
  // A page that only redirects (a one-language site's `/`) has nothing to read: the browser
  // leaves it at once, and the page it goes to is checked on its own.
  const problems = (await withPages(context, pages.filter((p) => !isRedirect(p.file)), 3, async (page, p) => {
    await page.goto(baseURL + p.url, { waitUntil: 'load' });
    return (await axe(page)).map((v) => `${p.url}: ${v}`);
  })).flat();
  console.log(`axe: ${pages.length} pages checked, ${problems.length} violations`);
  noProblems(assert, problems, 'axe violations');
});

for (const lang of LANGS) {
  test(`keyboard: skip link first, every control reachable, focus visible (/${lang}/)`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${baseURL}/${lang}/`);
      const { order, notVisible, unreached } = await tabThrough(page);
      assert.ok(order.length > 0, 'Tab reaches something');
      console.log(`keyboard: /${lang}/ has ${order.length} Tab stops, all with visible focus`);
      assert.match(order[0].className, /skip-link/, `the first Tab stop is the skip link (was ${order[0].desc})`);
      assert.deepEqual(unreached, [], 'every link and control is reached by Tab');
      assert.deepEqual(notVisible, [], 'each Tab stop looks different when focused');
      // The skip link is on screen when focused and moves focus to <main>.
      await page.keyboard.press('Tab');
      const inView = await page.evaluate(() => { const r = document.activeElement.getBoundingClientRect(); return r.left >= 0 && r.top >= 0 && r.width > 0; });
      assert.ok(inView, 'the focused skip link is visible on screen');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main-content', 'the skip link moves focus to the main content');
    } finally { await page.close(); }
  });
}
