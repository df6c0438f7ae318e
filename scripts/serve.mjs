// A small static file server for the built site (no dependencies, loopback only).
//   node scripts/serve.mjs [DIR=web/dist] [PORT=8000]
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.md': 'text/markdown',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

/**
 * Starts serving root on host:port (port 0 picks a free one) under the URL path prefix (default /);
 * resolves with {server, url}. `headers` go on every file served (a test serves a package to other
 * origins with access-control-allow-origin).
 */
export function serveStatic(root, port = 8000, host = '127.0.0.1', prefix = '/', headers = {}) {
  const base = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!urlPath.startsWith(prefix)) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    let file = path.join(base, urlPath.slice(prefix.length - 1));
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      await stat(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}${prefix}` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = process.argv[2] ?? path.join(here, '../web/dist');
  const port = Number(process.argv[3] ?? 8000);
  const { url } = await serveStatic(dir, port);
  console.log(`rnnbook is served at ${url.replace('127.0.0.1', 'localhost')}  (Ctrl-C stops)`);
}
