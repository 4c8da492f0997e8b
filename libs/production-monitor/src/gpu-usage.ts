import { queryGpus, type GpuReport } from '@flywheel/gpu-stats';
import type { GpuFigure } from './window-safety-cost.js';

/** Mean utilisation over the GPUs that report one; the source says which command and how many GPUs. */
export function gpuFigure(report: GpuReport, command: string): GpuFigure {
  const values = report.gpus.map((g) => g.utilization_pct).filter((v): v is number => v !== null);
  if (!report.available || values.length === 0) return { utilization_percent: null, source: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { utilization_percent: Math.round(mean * 100) / 100, source: `${command} (${values.length} GPU${values.length === 1 ? '' : 's'})` };
}

/** The same query the API's `/api/gpu` runs (`api.nvidiaSmi`); a host without a GPU gives nulls, never an error. */
export async function readGpuFigure(command: string): Promise<GpuFigure> {
  return gpuFigure(await queryGpus(command, { timeoutMs: 5_000 }), command);
}
