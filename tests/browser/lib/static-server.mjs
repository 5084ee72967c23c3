// Serves public/ over HTTP on 127.0.0.1 while `porth serve` does not exist yet, so the
// pages are loaded as a browser would load them (absolute /css/ links, real requests).
// Usage: node static-server.mjs PUBLIC_DIR PORT_FILE  (writes the port it got to PORT_FILE)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const [root, portFile] = process.argv.slice(2);
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/healthz') { res.writeHead(200, { 'content-type': 'text/plain' }); return res.end('ok'); }
  let p = path.join(root, decodeURIComponent(url.pathname));
  if (!p.startsWith(path.resolve(root))) { res.writeHead(400); return res.end(); }
  try { if (fs.statSync(p).isDirectory()) p = path.join(p, 'index.html'); } catch { /* 404 below */ }
  fs.readFile(p, (err, body) => {
    if (err) {
      const lang = url.pathname.startsWith('/cy/') ? 'cy' : 'en';
      const notFound = [path.join(root, lang, '404.html'), path.join(root, '404.html')].find((f) => fs.existsSync(f));
      res.writeHead(404, { 'content-type': types['.html'] });
      return res.end(notFound ? fs.readFileSync(notFound) : 'not found');
    }
    res.writeHead(200, { 'content-type': types[path.extname(p)] || 'application/octet-stream' });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(server.address().port)));
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => server.close(() => process.exit(0)));
