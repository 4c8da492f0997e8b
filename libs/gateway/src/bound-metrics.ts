import { Counter, Histogram, type MetricObjectWithValues, type MetricValueWithName, type Registry } from 'prom-client';

/** One counter series, added to in place. */
export interface CounterSeries {
  value: number;
}
/** One histogram series: a count per bucket (not cumulative; the last is +Inf), their sum and count. */
export interface HistogramSeries {
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

type Labels<T extends string> = Record<T, string>;
type Exposed = MetricObjectWithValues<MetricValueWithName<string>>;
interface FamilyConfig<T extends string> {
  name: string;
  help: string;
  labelNames: readonly T[];
  registers: Registry[];
}

/** What the registry writes out: prom-client's typings number the metric types, the exposition writes the string. */
function exposed(config: FamilyConfig<string>, type: 'counter' | 'histogram', values: MetricValueWithName<string>[]): Exposed {
  return { name: config.name, help: config.help, type: type as unknown as Exposed['type'], values, aggregator: 'sum', collect: () => undefined };
}

/**
 * A prom-client counter whose series are bound once (`series(labels)`) and then added to as a
 * plain number: prom-client's own `inc(labels)` validates and hashes the labels on every call,
 * which on the gateway's request path would cost more than the counting. Exposed by
 * prom-client's registry like any counter.
 */
export class BoundCounter<T extends string> extends Counter<T> {
  readonly #series = new Map<string, { labels: Labels<T>; series: CounterSeries }>();
  readonly #config: FamilyConfig<T>;

  constructor(config: FamilyConfig<T>) {
    super(config as ConstructorParameters<typeof Counter<T>>[0]);
    this.#config = config;
  }

  /** The series of `labels` (made at the first call; later calls return the same one). */
  series(labels: Labels<T>): CounterSeries {
    const { key, ordered } = bind(this.#config.labelNames, labels);
    let entry = this.#series.get(key);
    if (!entry) this.#series.set(key, (entry = { labels: ordered, series: { value: 0 } }));
    return entry.series;
  }

  /** Drops the series of `labels` from the exposition (Prometheus then marks it stale). */
  drop(labels: Labels<T>): void {
    this.#series.delete(bind(this.#config.labelNames, labels).key);
  }

  override async get(): Promise<Exposed> {
    return exposed(this.#config, 'counter', [...this.#series.values()].map(({ labels, series }) => ({ labels, value: series.value, metricName: this.#config.name })));
  }
}

/** The histogram counterpart of `BoundCounter`: `observe` on a bound series is a bucket search and three additions. */
export class BoundHistogram<T extends string> extends Histogram<T> {
  readonly #series = new Map<string, { labels: Labels<T>; series: HistogramSeries }>();
  readonly #bounds: readonly number[];
  readonly #config: FamilyConfig<T>;

  constructor(config: FamilyConfig<T> & { buckets: readonly number[] }) {
    super({ ...config, buckets: [...config.buckets] } as ConstructorParameters<typeof Histogram<T>>[0]);
    this.#bounds = [...config.buckets];
    this.#config = config;
  }

  series(labels: Labels<T>): HistogramSeries {
    const { key, ordered } = bind(this.#config.labelNames, labels);
    let entry = this.#series.get(key);
    if (!entry) this.#series.set(key, (entry = { labels: ordered, series: { counts: new Float64Array(this.#bounds.length + 1), sum: 0, count: 0 } }));
    return entry.series;
  }

  drop(labels: Labels<T>): void {
    this.#series.delete(bind(this.#config.labelNames, labels).key);
  }

  /** Counts `value` in `series` (bucket i holds values at or below bound i and above bound i−1). */
  record(series: HistogramSeries, value: number): void {
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    series.counts[i]! += 1;
    series.sum += value;
    series.count += 1;
  }

  /** What prom-client's registry asks a histogram for, rather than `get()`. */
  getForPromString(): Promise<Exposed> {
    return this.get();
  }

  override async get(): Promise<Exposed> {
    const name = this.#config.name;
    const values: MetricValueWithName<string>[] = [];
    for (const { labels, series } of this.#series.values()) {
      let cumulative = 0;
      this.#bounds.forEach((bound, i) => {
        cumulative += series.counts[i]!;
        values.push({ labels: { ...labels, le: bound }, value: cumulative, metricName: `${name}_bucket` });
      });
      values.push({ labels: { ...labels, le: '+Inf' }, value: series.count, metricName: `${name}_bucket` });
      values.push({ labels, value: series.sum, metricName: `${name}_sum` });
      values.push({ labels, value: series.count, metricName: `${name}_count` });
    }
    return exposed(this.#config, 'histogram', values);
  }
}

/** A series' key and its labels in the family's order (the exposition's order). */
function bind<T extends string>(names: readonly string[], labels: Labels<T>): { key: string; ordered: Labels<T> } {
  const ordered = Object.fromEntries(names.map((name) => [name, labels[name as T] ?? ''])) as Labels<T>;
  return { key: JSON.stringify(Object.values(ordered)), ordered };
}
