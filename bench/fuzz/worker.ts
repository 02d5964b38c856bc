/**
 * Child process that scans fuzz inputs with the real scanner. It lives in its own process so a
 * crash, a hang or runaway memory costs one input (the parent kills and restarts it) instead of the
 * whole run, and so the parent can measure its memory from outside.
 */
import { createScanner } from '@prepub/scanner';

export interface ScanRequest {
  index: number;
  filename: string;
  bytes: Uint8Array;
}

/** What the parent needs of a result: small enough for IPC, enough for the report. */
export interface ScanReply {
  index: number;
  ok: boolean;
  verdict?: 'pass' | 'review' | 'block';
  complete?: boolean;
  format?: string;
  unread?: Array<{ where: string; reason: string; detail: string }>;
  errors?: Array<{ code: string; message: string }>;
  findings?: Array<{ ruleId: string; severity: string; part: string; text?: string }>;
  /** Error of JSON.stringify/parse of the whole result, if any. */
  jsonError?: string;
  /** scan() threw instead of answering. */
  thrown?: string;
  ms: number;
  rssMb: number;
}

const ocr = process.env.PREPUB_FUZZ_OCR === '1';
const fileTimeoutMs = Number(process.env.PREPUB_FUZZ_FILE_TIMEOUT_MS ?? 20_000);
const scanner = await createScanner({ ocr, limits: { fileTimeoutMs, pageTimeoutMs: Math.min(fileTimeoutMs, 15_000) } });

process.on('message', (msg: ScanRequest) => {
  void (async () => {
    const t0 = performance.now();
    const reply: ScanReply = { index: msg.index, ok: false, ms: 0, rssMb: 0 };
    try {
      const r = await scanner.scan(msg.bytes, { filename: msg.filename });
      reply.ok = true;
      reply.verdict = r.verdict;
      reply.complete = r.coverage.complete;
      reply.format = r.document.format;
      reply.unread = r.coverage.unread.slice(0, 20).map((u) => ({ where: u.where, reason: u.reason, detail: u.detail.slice(0, 300) }));
      reply.errors = r.errors.slice(0, 20).map((e) => ({ code: e.code, message: e.message.slice(0, 300) }));
      reply.findings = r.findings.slice(0, 20).map((f) => ({ ruleId: f.ruleId, severity: f.severity, part: f.location.part, text: f.explanation.normalized }));
      try {
        const back = JSON.parse(JSON.stringify(r)) as { verdict?: string };
        if (back.verdict !== r.verdict) reply.jsonError = 'the verdict did not survive a JSON round trip';
      } catch (e) {
        reply.jsonError = (e as Error).message;
      }
    } catch (e) {
      reply.thrown = `${(e as Error).name}: ${(e as Error).message}`;
    }
    reply.ms = Math.round(performance.now() - t0);
    reply.rssMb = Math.round(process.memoryUsage().rss / 1048576);
    process.send!(reply);
  })();
});

process.send!({ ready: true });
