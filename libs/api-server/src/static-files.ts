import express, { type Router } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where uPlot's browser files are served: `/vendor/uplot/uPlot.iife.min.js`, `/vendor/uplot/uPlot.min.css`. */
export const UPLOT_PATH = '/vendor/uplot';

/** The folder of the installed uplot package's built files (`dist/`), found as Node resolves it. */
export function uplotDistDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('uplot'));
}

/**
 * The dashboard's files at `/` (index.html for `/`) and uPlot's from the npm package at
 * `/vendor/uplot/` (no CDN: the hosts may be offline). `express.static` refuses `..` and
 * dotfiles, and only answers GET/HEAD.
 */
export function staticFilesRouter(staticDir: string): Router {
  const router = express.Router();
  router.use(UPLOT_PATH, express.static(uplotDistDir(), { index: false, fallthrough: true }));
  router.use(express.static(staticDir, { index: 'index.html', fallthrough: true }));
  return router;
}
