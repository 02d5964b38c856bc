/**
 * Prometheus metrics of the service, through prom-client: request, verdict, scan-time, queue and
 * audit-failure series, plus prom-client's default process metrics (CPU, memory, event-loop lag,
 * heap, handles). One registry per service instance, so several instances in a process (tests,
 * embedding) do not mix their counts.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: from a tiny text to a long scan under the default deadline. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The service's metrics; `render()` gives the Prometheus text exposition. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'prepub_http_requests_total', help: 'HTTP requests by route, method and status code.', labelNames: ['route', 'method', 'status'] as const, registers: [this.registry] });
  readonly requestDuration = new Histogram({ name: 'prepub_http_request_duration_seconds', help: 'Time from request received to response sent, by route.', labelNames: ['route'] as const, buckets: BUCKETS, registers: [this.registry] });
  readonly verdicts = new Counter({ name: 'prepub_verdicts_total', help: 'Verdicts returned, by route and verdict.', labelNames: ['route', 'verdict'] as const, registers: [this.registry] });
  readonly scanDuration = new Histogram({ name: 'prepub_scan_duration_seconds', help: 'Time spent scanning one request (all its files), by route.', labelNames: ['route'] as const, buckets: BUCKETS, registers: [this.registry] });
  readonly rejected = new Counter({ name: 'prepub_queue_rejected_total', help: 'Requests turned away with 503 because the queue was full.', registers: [this.registry] });
  readonly deadlines = new Counter({ name: 'prepub_scan_deadline_exceeded_total', help: 'Scans cut off by the per-request deadline.', registers: [this.registry] });
  readonly auditFailures = new Counter({ name: 'prepub_audit_failures_total', help: 'Decisions that could not be written to the audit trail (answered 503).', registers: [this.registry] });

  constructor(queue: { active: number; waiting: number; concurrency: number; maxWaiting: number }) {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge('prepub_queue_depth', 'Requests waiting for a scan slot.', () => queue.waiting);
    gauge('prepub_scans_active', 'Scans running now.', () => queue.active);
    gauge('prepub_scan_concurrency', 'Scan slots (concurrency limit).', () => queue.concurrency);
    gauge('prepub_queue_capacity', 'Most requests allowed to wait.', () => queue.maxWaiting);
    collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition format's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** All series in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
