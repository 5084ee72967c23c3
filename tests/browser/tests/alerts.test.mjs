// Alert banners (content/alerts/) as families see them: a copy of the site with two banners
// on now (one "important" on every page, one notification on the home-education pages),
// served by its own `porth serve`, read at 320px with JavaScript off and checked with axe and
// the Nu Html Checker. The Welsh site only (its banners have Welsh and English text); the
// timing, start to end, is tests/editors.rs's job.
//   PORTH_BROWSER_TESTS=alerts bash tests/browser/run
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { connect, repoDir, axe, vnu, noProblems, width } from '../lib/common.mjs';

const welshSite = !process.env.PORTH_SITE || process.env.PORTH_SITE === 'default';

/** UK local time, `hours` from now, as an alert file writes it (2026-12-24T16:00:00). */
function ukTime(hours) {
  const at = new Date(Date.now() + hours * 3600_000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

let browser, phone, withScript, server, base, work;
before(async () => {
  if (!welshSite) return;
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'porth-alerts-'));
  for (const f of ['templates', 'i18n', 'static', 'forms', 'term-dates.toml']) {
    if (fs.existsSync(path.join(repoDir, f))) fs.symlinkSync(path.join(repoDir, f), path.join(work, f));
  }
  fs.copyFileSync(path.join(repoDir, 'config.toml'), path.join(work, 'config.toml'));
  fs.cpSync(path.join(repoDir, 'content'), path.join(work, 'content'), { recursive: true });
  const alerts = path.join(work, 'content', 'alerts');
  fs.mkdirSync(alerts);
  const window = `starts = ${ukTime(-24)}\nends = ${ukTime(24)}`;
  fs.writeFileSync(path.join(alerts, 'closure.md'), `+++\nkind = "important"\n${window}\n+++\nOur offices are closed today. If a child is in danger, call 999. [Other ways to contact us](@/contact.md).\n`);
  fs.writeFileSync(path.join(alerts, 'closure.cy.md'), 'Mae ein swyddfeydd ar gau heddiw. Os yw plentyn mewn perygl, ffoniwch 999. [Ffyrdd eraill o gysylltu â ni](@/contact.md).\n');
  fs.writeFileSync(path.join(alerts, 'drop-in-moved.md'), `+++\nkind = "notification"\n${window}\nsections = ["home-education"]\n+++\nThis month's drop-in session has moved to the library.\n`);
  fs.writeFileSync(path.join(alerts, 'drop-in-moved.cy.md'), "Mae sesiwn galw heibio'r mis hwn wedi symud i'r llyfrgell.\n");
  const port = 20000 + Math.floor(Math.random() * 20000);
  base = `http://127.0.0.1:${port}`;
  const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(repoDir, 'target'), 'debug', 'porth');
  server = spawn(bin, ['--root', work, 'serve', '--addr', `127.0.0.1:${port}`, '--output', path.join(work, 'public')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => (log += d));
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/healthz`)).status) break; } catch { /* not yet */ }
    if (i > 300) throw new Error(`porth serve did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await connect();
  phone = await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
  withScript = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
});
after(async () => {
  await phone?.close(); await withScript?.close(); await browser?.close();
  server?.kill('SIGTERM');
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const PAGES = [
  { url: '/cy/', banners: ['closure'] },
  { url: '/en/', banners: ['closure'] },
  { url: '/cy/addysg-ddewisol-yn-y-cartref/', banners: ['closure', 'drop-in-moved'] },
  { url: '/en/home-education/', banners: ['closure', 'drop-in-moved'] },
];

if (welshSite) test('banners on the pages of their sections, in the page\'s language, readable at 320px without JavaScript', async () => {
  for (const p of PAGES) {
    const page = await phone.newPage();
    try {
      await page.goto(base + p.url);
      const shown = await page.$$eval('[data-porth-alert]', (els) => els.map((e) => ({
        name: e.dataset.porthAlert,
        title: e.querySelector('.govuk-notification-banner__title').innerText.trim(),
        text: e.querySelector('.govuk-notification-banner__content').innerText.trim(),
        visible: e.getBoundingClientRect().height > 0,
      })));
      assert.deepEqual(shown.map((b) => b.name), p.banners, p.url);
      for (const b of shown) assert.ok(b.visible && b.text.length > 0, `${p.url}: ${b.name} is shown`);
      const welsh = p.url.startsWith('/cy/');
      assert.equal(shown[0].title, welsh ? 'Pwysig' : 'Important', p.url);
      assert.match(shown[0].text, welsh ? /swyddfeydd ar gau/ : /offices are closed/, p.url);
      const w = await width(page);
      assert.ok(!w.sideways, `${p.url}: ${w.scrollWidth}px wide in a 320px window`);
    } finally { await page.close(); }
  }
});

if (welshSite) test('pages with banners: axe 0 and the Nu Html Checker 0', async () => {
  const problems = [];
  const files = [];
  for (const p of PAGES) {
    const page = await withScript.newPage();
    try {
      await page.goto(base + p.url);
      problems.push(...(await axe(page)).map((v) => `${p.url}: ${v}`));
    } finally { await page.close(); }
    // The page as served (with its banners), for the Nu Html Checker.
    const file = path.join(work, `served-${files.length}.html`);
    fs.writeFileSync(file, await (await fetch(base + p.url)).text());
    files.push(file);
  }
  noProblems(assert, problems, 'axe violations');
  noProblems(assert, (await vnu(files)).map((m) => `${m.url}:${m.lastLine}: ${m.message}`), 'Nu Html Checker errors');
});
