// The one static file server of the Node side: the e2e fixtures (tests/e2e/fixtures.mjs), the
// screenshots and the browser benchmarks (bench/browser/harness.mjs) serve a trunk dist/ with it.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Sent gzipped to a client that accepts it, as a static host would; the rest as is. */
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.txt']);

/**
 * Serves the folder `root` on 127.0.0.1 at a free port, with `no-store` so that every load
 * fetches and compiles everything again (a first visit), and text and wasm gzipped (level 6,
 * compressed once per file content and kept, so a warmed server spends no load compressing). `pages` maps
 * more paths to HTML served as is (the benchmark's blank page). Resolves to { url, close }.
 */
export async function serveStatic(root, { pages = {} } = {}) {
  root = resolve(root);
  const index = join(root, 'index.html');
  try {
    await stat(index);
  } catch {
    throw new Error(`${index} is missing: build the release first (scripts/dist.sh, or trunk build --release)`);
  }
  const gzipped = new Map();
  const server = createServer(async (req, res) => {
    const send = (type, body, key) => {
      const headers = { 'content-type': type, 'cache-control': 'no-store', vary: 'accept-encoding' };
      if (COMPRESSED.has(extname(key)) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        const kept = gzipped.get(key);
        if (!kept || !kept.raw.equals(body)) gzipped.set(key, { raw: body, gz: gzipSync(body, { level: 6 }) });
        body = gzipped.get(key).gz;
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (Object.hasOwn(pages, path)) {
        send(MIME['.html'], Buffer.from(pages[path]), `${path}.html`);
        return;
      }
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      if (path.endsWith('/')) file = join(file, 'index.html');
      send(MIME[extname(file)] || 'application/octet-stream', await readFile(file), file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
