import express, { type Router } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Seed 003's address of the model performance dashboard: the dashboard's gateway panel (its `id`). */
export const MODEL_PERFORMANCE_PATH = '/model-performance';

/** Where uPlot's browser files are served: `/vendor/uplot/uPlot.iife.min.js`, `/vendor/uplot/uPlot.min.css`. */
export const UPLOT_PATH = '/vendor/uplot';

/** The folder of the installed uplot package's built files (`dist/`), found as Node resolves it. */
export function uplotDistDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('uplot'));
}

/**
 * The dashboard's files at `/` (index.html for `/`), `/model-performance` sent to its gateway
 * panel, and uPlot's from the npm package at `/vendor/uplot/` (no CDN: the hosts may be offline). `express.static` refuses `..` and
 * dotfiles, and only answers GET/HEAD.
 */
export function staticFilesRouter(staticDir: string): Router {
  const router = express.Router();
  router.use(UPLOT_PATH, express.static(uplotDistDir(), { index: false, fallthrough: true }));
  router.get(MODEL_PERFORMANCE_PATH, (_req, res) => res.redirect(302, `/#${MODEL_PERFORMANCE_PATH.slice(1)}`));
  router.use(express.static(staticDir, { index: 'index.html', fallthrough: true }));
  return router;
}
