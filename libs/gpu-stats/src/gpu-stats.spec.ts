import { describe, expect, it } from '@jest/globals';
import { parseNvidiaSmiCsv } from './gpu-stats.js';

// Written by hand in the shape of `nvidia-smi --query-gpu=index,name,memory.used,memory.total,
// utilization.gpu,temperature.gpu --format=csv,noheader,nounits` on a two-GPU host.
const TWO_GPUS = '0, NVIDIA GeForce RTX 4090, 20123, 24564, 97, 71\n1, NVIDIA GeForce RTX 3090, 512, 24576, 0, 38\n';

describe('parseNvidiaSmiCsv', () => {
  it('reads one GPU a line, figures as numbers', () => {
    expect(parseNvidiaSmiCsv(TWO_GPUS)).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 4090', memory_used_mb: 20123, memory_total_mb: 24564, utilization_pct: 97, temperature_c: 71 },
      { index: 1, name: 'NVIDIA GeForce RTX 3090', memory_used_mb: 512, memory_total_mb: 24576, utilization_pct: 0, temperature_c: 38 },
    ]);
  });

  it('gives null for a figure the GPU does not report, and tolerates CRLF and blank lines', () => {
    const text = '\r\n0, NVIDIA A100-SXM4-40GB MIG 1g.5gb, 3, 4864, [N/A], [Not Supported]\r\n\r\n';
    expect(parseNvidiaSmiCsv(text)).toEqual([
      { index: 0, name: 'NVIDIA A100-SXM4-40GB MIG 1g.5gb', memory_used_mb: 3, memory_total_mb: 4864, utilization_pct: null, temperature_c: null },
    ]);
  });

  it('names the line of output it cannot read', () => {
    expect(() => parseNvidiaSmiCsv('0, RTX 4090, 1, 2, 3, 4\n1, RTX 4090, 1, 2\n')).toThrow(
      'nvidia-smi output line 2: expected 6 columns, got 4: "1, RTX 4090, 1, 2"',
    );
    expect(() => parseNvidiaSmiCsv('No devices were found, , , , ,')).toThrow('nvidia-smi output line 1: index "No devices were found" is not a number');
  });

  it('reads no GPUs from empty output', () => {
    expect(parseNvidiaSmiCsv('')).toEqual([]);
  });
});
