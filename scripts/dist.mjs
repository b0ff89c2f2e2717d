// `make dist`: one self-contained dist/xiansuo.html that works from file://.
// - page JS (www/app.js and its imports, ECharts included) bundled by esbuild
//   into one classic inline script (module scripts do not run from file://);
// - the worker bundled the same way and kept in a non-executed
//   <script type="text/plain"> block, started from a Blob URL;
// - the wasm as base64 in a non-executed <script type="application/octet-stream">
//   block, handed to the worker, which uses initSync;
// - CSS inlined; the CSP allows exactly those inline blocks by hash, workers
//   from blob:, and nothing from anywhere.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const www = (p) => path.join(ROOT, 'www', p);

async function bundle(entry) {
  const r = await build({
    entryPoints: [entry], bundle: true, format: 'iife', write: false, minify: true, target: 'chrome109',
    legalComments: 'inline', logLevel: 'error',
    // import.meta.url is only used on the served page's paths (module worker, init() fetch).
    define: { 'import.meta.url': '"about:blank"' },
  });
  return r.outputFiles[0].text;
}

const sha = (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
// Inline text must not close its own element.
const safe = (s) => s.replace(/<\/(script|style)/gi, '<\\/$1');

const html = await readFile(www('index.html'), 'utf8');
// Every stylesheet the page links: the file:// CSP allows only the inlined style.
const css = (await Promise.all(['styles.css', 'ui/flow-view.css', 'ui/dossier.css'].map((f) => readFile(www(f), 'utf8')))).join('\n');
const wasm = await readFile(path.join(ROOT, 'pkg/xiansuo_bg.wasm'));
const worker = await bundle(www('worker.js'));
const app = await bundle(www('app.js'));
const favicon = `data:image/svg+xml;base64,${(await readFile(www('favicon.svg'))).toString('base64')}`;

// Runs before the app: tells it how to start the worker.
const boot = `(()=>{const b64=document.getElementById('xiansuo-wasm').textContent.trim();`
  + `const src=document.getElementById('xiansuo-worker').textContent;`
  + `const url=URL.createObjectURL(new Blob(['self.XIANSUO_WASM_B64=',JSON.stringify(b64),';\\n',src],{type:'text/javascript'}));`
  + `globalThis.XIANSUO_CREATE_WORKER=()=>new Worker(url);})();`;
const script = safe(`${boot}\n${app}`);
const style = safe(css);

const csp = [
  "default-src 'none'", `script-src ${sha(script)} 'wasm-unsafe-eval'`, 'worker-src blob:', "connect-src 'none'",
  'img-src data: blob:', `style-src ${sha(style)}`, "object-src 'none'", "base-uri 'none'", "form-action 'none'",
].join('; ');

let out = html
  .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
  .replace(/<link rel="icon" href="[^"]*">/, `<link rel="icon" href="${favicon}">`)
  .replace(/<link rel="stylesheet" href="styles.css">\s*<link rel="stylesheet" href="ui\/flow-view.css">\s*<link rel="stylesheet" href="ui\/dossier.css">/, () => `<style>${style}</style>`)
  .replace(/<script type="module" src="app.js"><\/script>\n?/, '');
if (out === html || /src="app.js"|href="styles.css"/.test(out)) throw new Error('dist: index.html changed shape; update scripts/dist.mjs');
out = out.replace('</body>', () => `<script type="application/octet-stream" id="xiansuo-wasm">${wasm.toString('base64')}</script>\n`
  + `<script type="text/plain" id="xiansuo-worker">${safe(worker)}</script>\n<script>${script}</script>\n</body>`);

await mkdir(path.join(ROOT, 'dist'), { recursive: true });
const file = path.join(ROOT, 'dist/xiansuo.html');
await writeFile(file, out);
const size = (await stat(file)).size;
console.error(`[dist] dist/xiansuo.html: ${size} bytes (${gzipSync(out, { level: 9 }).length} gzipped); wasm ${wasm.length} bytes`);
