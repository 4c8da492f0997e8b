import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface CpuSnapshot {
  idle: number;
  total: number;
}

export interface HostUsage {
  memory_used_bytes: number;
  memory_total_bytes: number;
  memory_percent: number;
  cpu_percent: number | null;
  load_average_1m: number;
  monitor_rss_bytes: number;
}

/** Summed CPU times of every core (ms), from the os module. */
export function cpuSnapshot(): CpuSnapshot {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/** Busy share (percent) of all cores between two snapshots; null when no time passed. */
export function cpuPercent(before: CpuSnapshot, after: CpuSnapshot): number | null {
  const total = after.total - before.total;
  if (total <= 0) return null;
  return Math.min(100, Math.max(0, (1 - (after.idle - before.idle) / total) * 100));
}

/** Memory in use: MemTotal − MemAvailable from /proc/meminfo (page cache is not "used"); os.freemem elsewhere. */
function memory(): { used: number; total: number } {
  try {
    const text = readFileSync('/proc/meminfo', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text)?.[1]);
    const total = kb('MemTotal');
    const available = kb('MemAvailable');
    if (Number.isFinite(total) && Number.isFinite(available)) return { used: (total - available) * 1024, total: total * 1024 };
  } catch {
    // Not Linux: fall through.
  }
  return { used: os.totalmem() - os.freemem(), total: os.totalmem() };
}

/** Memory and CPU of the host the monitor runs on (the serving host); CPU since `previous`. */
export function hostUsage(previous: CpuSnapshot | null): { usage: HostUsage; snapshot: CpuSnapshot } {
  const snapshot = cpuSnapshot();
  const { used, total } = memory();
  const busy = previous ? cpuPercent(previous, snapshot) : null;
  return {
    snapshot,
    usage: {
      memory_used_bytes: used,
      memory_total_bytes: total,
      memory_percent: total === 0 ? 0 : Math.round((used / total) * 1000) / 10,
      cpu_percent: busy === null ? null : Math.round(busy * 10) / 10,
      load_average_1m: os.loadavg()[0] ?? 0,
      monitor_rss_bytes: process.memoryUsage.rss(),
    },
  };
}
