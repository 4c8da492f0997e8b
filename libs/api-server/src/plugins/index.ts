import type { ApiPlugin } from '../plugin.js';
import { adversarialPlugin } from './adversarial.plugin.js';
import { checkpointsPlugin } from './checkpoints.plugin.js';
import { confidencePlugin } from './confidence.plugin.js';
import { curriculumPlugin } from './curriculum.plugin.js';
import { deploymentsPlugin } from './deployments.plugin.js';
import { modelComparisonPlugin } from './model-comparison.plugin.js';
import { regressionPlugin } from './regression.plugin.js';
import { selfCorrectionPlugin } from './self-correction.plugin.js';
import { testingPlugin } from './testing.plugin.js';
import { trainingPlugin } from './training.plugin.js';

/**
 * The plugins the API serves by default, in the order `/api/status` lists them (the seed's
 * endpoint list). To add one: write `src/plugins/<name>.plugin.ts` with `definePlugin(...)`
 * and add it here.
 */
export const DEFAULT_PLUGINS: readonly ApiPlugin[] = [
  trainingPlugin,
  adversarialPlugin,
  curriculumPlugin,
  regressionPlugin,
  modelComparisonPlugin,
  confidencePlugin,
  selfCorrectionPlugin,
  testingPlugin,
  checkpointsPlugin,
  deploymentsPlugin,
];
