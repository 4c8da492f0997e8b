import { PERFORMANCE_FILE, statsView } from '@flywheel/gateway';
import { Gauge, type Registry } from 'prom-client';
import { QuantileGauge } from './quantile-gauge.js';
import { snapshotStamp, type GatewayPerformance, type GatewayPerformanceReader } from './gateway-performance.js';

/** Latency quantiles exported per model, as `statsView` names them. */
const QUANTILES = [
  ['0.5', 'p50'],
  ['0.95', 'p95'],
  ['0.99', 'p99'],
] as const;

/**
 * Per-model gauges from the gateway's saved snapshot, with the figures the performance
 * routes show (libs/gateway's `statsView`, both request kinds together): requests, success
 * rate, latency p50/p95/p99 of successful attempts, blacklisted now (0/1), and the snapshot's
 * age. None when the gateway has not saved a snapshot or it cannot be read (its age gauge
 * disappearing is the alert); a figure the routes show as null is left out.
 */
export function registerGatewayGauges(registry: Registry, reader: GatewayPerformanceReader, now: () => Date): void {
  const read = (): Promise<GatewayPerformance | null> => reader.read().catch(() => null);
  const models = (performance: GatewayPerformance) =>
    performance.upstreams.map((u) => ({ model: u.name, view: statsView(performance.tracker.stats(u.name)) }));

  new Gauge({
    name: 'flywheel_gateway_snapshot_age_seconds',
    help: 'Seconds since the gateway saved its performance snapshot in the status folder (it saves every gateway.saveSeconds)',
    // A label, so that without a snapshot there is no sample at all (an unlabelled gauge shows 0).
    labelNames: ['file'],
    registers: [registry],
    async collect() {
      this.reset();
      const performance = await read();
      const age = performance && snapshotStamp(performance, now()).snapshot_age_seconds;
      if (age !== null && age !== undefined) this.set({ file: PERFORMANCE_FILE }, age);
    },
  });

  new Gauge({
    name: 'flywheel_gateway_requests',
    help: 'Requests the gateway sent to each model (chat and completion; successes, failures and client errors), as of its snapshot',
    labelNames: ['model'],
    registers: [registry],
    async collect() {
      this.reset();
      const performance = await read();
      if (performance) for (const { model, view } of models(performance)) this.set({ model }, view.requests);
    },
  });

  new Gauge({
    name: 'flywheel_gateway_success_rate',
    help: 'Successes / (successes + failures) of each model at the gateway, as of its snapshot (absent before either)',
    labelNames: ['model'],
    registers: [registry],
    async collect() {
      this.reset();
      const performance = await read();
      if (!performance) return;
      for (const { model, view } of models(performance)) if (view.success_rate !== null) this.set({ model }, view.success_rate);
    },
  });

  new QuantileGauge({
    name: 'flywheel_gateway_latency_seconds',
    help: "Latency quantiles of each model's successful attempts at the gateway (its log-bucket histogram, within 1 %), as of its snapshot",
    labelNames: ['model', 'quantile'],
    registers: [registry],
    async collect() {
      this.reset();
      const performance = await read();
      if (!performance) return;
      for (const { model, view } of models(performance)) {
        for (const [quantile, key] of QUANTILES) {
          const ms = view.latency_ms[key];
          if (ms !== null) this.set({ model, quantile }, ms / 1000);
        }
      }
    },
  });

  new Gauge({
    name: 'flywheel_gateway_blacklisted',
    help: 'Whether the gateway leaves each model out now (1) or not (0): its blacklisting end from the snapshot against the clock',
    labelNames: ['model'],
    registers: [registry],
    async collect() {
      this.reset();
      const performance = await read();
      if (!performance) return;
      for (const { name } of performance.upstreams) this.set({ model: name }, performance.tracker.isBlacklisted(name) ? 1 : 0);
    },
  });
}
