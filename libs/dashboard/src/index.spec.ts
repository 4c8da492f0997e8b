import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { dashboardDir } from './index.js';

// The hosts may be offline: everything the page loads must come from the API itself.
const dir = dashboardDir();
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|js|css)$/.test(f));
const uplotDist = path.dirname(createRequire(import.meta.url).resolve('uplot'));
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** Where the API serves a root-relative URL from (see createApiApp's staticDir and /vendor/uplot). */
function servedFile(url: string, from: string): string {
  if (url.startsWith('/vendor/uplot/')) return path.join(uplotDist, url.slice('/vendor/uplot/'.length));
  if (url.startsWith('/')) return path.join(dir, url);
  return path.join(path.dirname(path.join(dir, from)), url);
}

describe('dashboardDir', () => {
  it('is the folder with index.html, style.css and the entry module', () => {
    for (const file of ['index.html', 'style.css', 'js/app.js']) expect(existsSync(path.join(dir, file))).toBe(true);
  });

  it('has the panel /model-performance leads to (seed 003): the gateway\'s models', () => {
    expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toMatch(/<section [^>]*data-panel="gateway"[^>]* id="model-performance">/);
  });

  it('names no external URL in any file (no CDN)', () => {
    const external = files.flatMap((file) =>
      [...readFileSync(path.join(dir, file), 'utf8').matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s'"`)]*/gi)]
        .map((m) => m[0])
        // The SVG namespace is an identifier, never fetched.
        .filter((url) => url !== SVG_NAMESPACE)
        .map((url) => `${file}: ${url}`),
    );
    expect(external).toEqual([]);
  });

  it('loads only files that exist: scripts, styles and module imports resolve to public/ or the uplot package', () => {
    const references = files.flatMap((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const pattern = file.endsWith('.html') ? /\s(?:src|href)="([^"]+)"/g : /^\s*(?:import|export)\s[^'"]*from\s+'([^']+)'/gm;
      return [...text.matchAll(pattern)].map((m) => ({ file, url: m[1]! }));
    });
    expect(references.map((r) => r.url)).toEqual(expect.arrayContaining(['/vendor/uplot/uPlot.iife.min.js', '/vendor/uplot/uPlot.min.css', 'js/app.js', './panels/index.js']));
    const missing = references.filter((r) => !existsSync(servedFile(r.url, r.file))).map((r) => `${r.file}: ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('never turns text into markup (no innerHTML, outerHTML, insertAdjacentHTML or document.write)', () => {
    const offenders = files
      .filter((f) => f.endsWith('.js'))
      .filter((file) => /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b/.test(readFileSync(path.join(dir, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
