/**
 * A small Prometheus registry: counters and gauges with labels, and histograms. Enough for the
 * service's own numbers without a dependency; rendered in the text exposition format 0.0.4.
 */

type Labels = Record<string, string>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const keys = Object.keys(labels).sort();
  return keys.length ? `{${keys.map((k) => `${k}="${escapeLabel(labels[k])}"`).join(',')}}` : '';
};

interface Metric {
  render(): string;
}

/** A monotonically increasing count. */
export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const k = labelText(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelText(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines.join('\n');
  }
}

/** A value read when scraped. */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}
  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.read()}`].join('\n');
  }
}

/** A histogram with fixed buckets (seconds). */
export class Histogram implements Metric {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  ) {}
  observe(labels: Labels, value: number): void {
    const k = labelText(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

/** The service's metrics. */
export class ServiceMetrics {
  readonly requests = new Counter('prepub_http_requests_total', 'HTTP requests by route, method and status code.');
  readonly requestDuration = new Histogram('prepub_http_request_duration_seconds', 'Time from request received to response sent, by route.');
  readonly verdicts = new Counter('prepub_verdicts_total', 'Verdicts returned, by route and verdict.');
  readonly scanDuration = new Histogram('prepub_scan_duration_seconds', 'Time spent scanning one request (all its files), by route.');
  readonly rejected = new Counter('prepub_queue_rejected_total', 'Requests turned away with 503 because the queue was full.');
  readonly deadlines = new Counter('prepub_scan_deadline_exceeded_total', 'Scans cut off by the per-request deadline.');
  readonly auditFailures = new Counter('prepub_audit_failures_total', 'Decisions that could not be written to the audit trail (answered 503).');
  private readonly gauges: Gauge[];

  constructor(queue: { active: number; waiting: number; concurrency: number; maxWaiting: number }) {
    this.gauges = [
      new Gauge('prepub_queue_depth', 'Requests waiting for a scan slot.', () => queue.waiting),
      new Gauge('prepub_scans_active', 'Scans running now.', () => queue.active),
      new Gauge('prepub_scan_concurrency', 'Scan slots (concurrency limit).', () => queue.concurrency),
      new Gauge('prepub_queue_capacity', 'Most requests allowed to wait.', () => queue.maxWaiting),
      new Gauge('process_resident_memory_bytes', 'Resident memory of the service process.', () => process.memoryUsage.rss()),
    ];
  }

  render(): string {
    return `${[this.requests, this.requestDuration, this.verdicts, this.scanDuration, this.rejected, this.deadlines, this.auditFailures, ...this.gauges].map((m) => m.render()).join('\n')}\n`;
  }
}
