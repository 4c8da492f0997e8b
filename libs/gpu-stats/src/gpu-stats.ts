/** One GPU as `/api/gpu` reports it. Memory in MiB as nvidia-smi counts it. */
export interface GpuStat {
  index: number;
  name: string;
  memory_used_mb: number | null;
  memory_total_mb: number | null;
  utilization_pct: number | null;
  temperature_c: number | null;
}

export type GpuReport = { available: true; gpus: GpuStat[] } | { available: false; reason: string; gpus: [] };

/** The query `/api/gpu` runs; the columns `parseNvidiaSmiCsv` expects, in this order. */
export const NVIDIA_SMI_ARGS = [
  '--query-gpu=index,name,memory.used,memory.total,utilization.gpu,temperature.gpu',
  '--format=csv,noheader,nounits',
] as const;

/**
 * Parses nvidia-smi's `csv,noheader,nounits` output of `NVIDIA_SMI_ARGS`, one GPU a line.
 * A figure the GPU does not report (`[N/A]`, `[Not Supported]`) is null, not 0.
 * @throws naming the line when a line does not have the six columns or its index is not a number
 */
export function parseNvidiaSmiCsv(text: string): GpuStat[] {
  const gpus: GpuStat[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    // GPU names have no commas; nvidia-smi separates columns with ", ".
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== 6) throw new Error(`nvidia-smi output line ${i + 1}: expected 6 columns, got ${cells.length}: "${line}"`);
    const [index, name, used, total, utilization, temperature] = cells as [string, string, string, string, string, string];
    if (!/^\d+$/.test(index)) throw new Error(`nvidia-smi output line ${i + 1}: index "${index}" is not a number`);
    gpus.push({
      index: Number(index),
      name,
      memory_used_mb: figure(used),
      memory_total_mb: figure(total),
      utilization_pct: figure(utilization),
      temperature_c: figure(temperature),
    });
  });
  return gpus;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function figure(cell: string): number | null {
  const value = Number(cell);
  return cell !== '' && Number.isFinite(value) ? value : null;
}

/**
 * Runs nvidia-smi (`command`: a name looked up on PATH, or a path) and reports every GPU;
 * `available: false` with the reason when it is not installed, fails, times out or prints
 * something unreadable. Never throws: a host without a GPU is a normal answer.
 */
export async function queryGpus(command: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<GpuReport> {
  // Loaded at the first query: most API processes never run it, and execa is not small.
  const { execa } = await import('execa');
  const result = await execa(command, NVIDIA_SMI_ARGS, {
    reject: false,
    timeout: options.timeoutMs ?? 5_000,
    env: options.env,
    stdin: 'ignore',
  });
  if (result.failed) {
    const notFound = (result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    const reason = notFound
      ? `${command} not found: no NVIDIA driver on this host (or it is not on PATH)`
      : `${command} failed: ${result.timedOut ? 'timed out' : firstLine(String(result.stderr || result.stdout || result.shortMessage))}`;
    return { available: false, reason, gpus: [] };
  }
  try {
    const gpus = parseNvidiaSmiCsv(String(result.stdout));
    if (gpus.length === 0) return { available: false, reason: `${command} listed no GPUs`, gpus: [] };
    return { available: true, gpus };
  } catch (error) {
    return { available: false, reason: (error as Error).message, gpus: [] };
  }
}
