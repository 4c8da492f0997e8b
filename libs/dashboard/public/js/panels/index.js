// Every panel of the page. A panel is `{ name, refreshOn, refresh(section), pollSeconds?, lookAgainMs?, bind? }`:
// `name` matches the section's data-panel attribute; `refreshOn` lists the status ids
// (libs/contracts STATUS_FILES) whose `status` events re-fetch it, or '*' for every one.
import { accuracyPanel } from './accuracy.js';
import { alertsPanel } from './alerts.js';
import { analysisPanel } from './analysis.js';
import { fineTunePanel } from './fine-tune.js';
import { freshnessPanel } from './freshness.js';
import { gatewayPanel } from './gateway.js';
import { gpuPanel } from './gpu.js';
import { healthPanel } from './health.js';
import { loopPanel } from './loop.js';
import { previewsPanel } from './previews.js';
import { rankingsPanel } from './rankings.js';
import { reliabilityPanel } from './reliability.js';
import { safetyCostPanel } from './safety-cost.js';
import { timelinePanel } from './timeline.js';
import { trainingPanel } from './training.js';

export const PANELS = [
  trainingPanel,
  rankingsPanel,
  accuracyPanel,
  timelinePanel,
  reliabilityPanel,
  previewsPanel,
  gpuPanel,
  loopPanel,
  healthPanel,
  fineTunePanel,
  alertsPanel,
  analysisPanel,
  safetyCostPanel,
  gatewayPanel,
  freshnessPanel,
];

/** The panels a `status` event for `statusId` re-fetches. */
export const panelsFor = (statusId) => PANELS.filter((p) => p.refreshOn === '*' || p.refreshOn.includes(statusId));
