// Valid HTML: the Nu Html Checker (vnu-jar, run once over every page of public/).
// The form states are checked by forms.test.mjs, over the HTML it saves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { allPages, vnu, publicDir } from '../lib/common.mjs';

test('the Nu Html Checker finds no error on any generated page', async () => {
  const files = allPages().map((p) => p.file);
  assert.ok(files.length > 10, `public/ has pages (found ${files.length})`);
  const errors = await vnu(files);
  const lines = errors.map((m) => `${path.relative(publicDir, new URL(m.url).pathname)}:${m.lastLine ?? '?'}: ${m.message}${m.extract ? ` — ${m.extract.replace(/\s+/g, ' ').trim()}` : ''}`);
  console.log(`vnu: ${files.length} pages checked, ${errors.length} errors`);
  assert.deepEqual(lines, [], `vnu errors:\n${lines.join('\n')}`);
});
