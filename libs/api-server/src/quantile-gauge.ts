import { Gauge, type MetricObjectWithValues, type MetricValue } from 'prom-client';

/**
 * A gauge of quantiles computed elsewhere (a histogram's, a list of recent durations'),
 * exposed as a Prometheus summary: its samples keep their names and `quantile` label, and the
 * family says `# TYPE … summary`, as the exposition format wants of a `quantile` label (a gauge
 * with one is what `promtool check metrics` rejects). No `_sum` or `_count`: the quantiles
 * are all the API knows, and a summary may omit them.
 */
export class QuantileGauge<T extends string> extends Gauge<T> {
  override async get(): Promise<MetricObjectWithValues<MetricValue<T>>> {
    const metric = await super.get();
    // prom-client's typings number its metric types; the exposition writes the string.
    return { ...metric, type: 'summary' as unknown as MetricObjectWithValues<MetricValue<T>>['type'] };
  }
}
