import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gpuFigure, readGpuFigure } from './gpu-usage.js';

describe('GPU utilisation for the cost figures', () => {
  it('averages the GPUs nvidia-smi lists (the same query as /api/gpu)', async () => {
    const { dir, remove } = await tempDir('gpu-usage');
    try {
      // A stand-in nvidia-smi printing two GPUs at 30 % and 50 %: mean 40 %.
      const smi = path.join(dir, 'nvidia-smi');
      await writeFile(smi, '#!/bin/sh\necho "0, NVIDIA A100, 1000, 40960, 30, 51"\necho "1, NVIDIA A100, 2000, 40960, 50, 55"\n');
      await chmod(smi, 0o755);
      expect(await readGpuFigure(smi)).toEqual({ utilization_percent: 40, source: `${smi} (2 GPUs)` });
      expect(await readGpuFigure(path.join(dir, 'missing'))).toEqual({ utilization_percent: null, source: null });
    } finally {
      await remove();
    }
  });

  it('leaves out GPUs without a utilisation figure', () => {
    const gpu = (utilization_pct: number | null, index: number) => ({ index, name: 'g', memory_used_mb: 1, memory_total_mb: 2, utilization_pct, temperature_c: null });
    expect(gpuFigure({ available: true, gpus: [gpu(null, 0), gpu(70, 1)] }, 'nvidia-smi')).toEqual({ utilization_percent: 70, source: 'nvidia-smi (1 GPU)' });
    expect(gpuFigure({ available: false, reason: 'none', gpus: [] }, 'nvidia-smi')).toEqual({ utilization_percent: null, source: null });
  });
});
