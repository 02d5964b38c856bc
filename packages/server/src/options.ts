import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuditConfig, AuditStore } from '@prepub/audit';
import { renderMessage, type MessageRef, type Verdict } from '@prepub/core';

/** A setting of the service that is wrong: English `message`, and `ref` for the caller's language. */
function settingError(ref: MessageRef): Error & { ref: MessageRef } {
  return Object.assign(new Error(renderMessage('en', ref)), { ref });
}
import type { Scanner, ScannerOptions } from '@prepub/scanner';

/** A named API token. The name is what the audit trail records; the secret never is. */
export interface ApiToken {
  name: string;
  secret: string;
}

/** Options of {@link createServer} / {@link startServer}. Every limit has a safe default. */
export interface ServerOptions {
  /** A scanner to use (not closed by the server). Otherwise one is built from {@link scannerOptions}. */
  scanner?: Scanner;
  /** Options for the scanner the server builds (and closes) itself. */
  scannerOptions?: ScannerOptions;
  /**
   * API tokens. Default: `PREPUB_TOKENS=name:secret,name2:secret2`. The server refuses to start
   * without at least one; secrets must be at least 16 characters.
   */
  tokens?: ApiToken[] | Record<string, string>;
  /**
   * The audit trail: an open store (not closed by the server), a config (opened and closed by the
   * server), or `false` for none. Default: SQLite at `./prepub-audit.sqlite` (or `PREPUB_AUDIT_DB`,
   * or PostgreSQL when `PREPUB_AUDIT_PG_URL` is set).
   */
  audit?: AuditStore | AuditConfig | false;
  /** Largest upload in bytes: one file for /v1/scan, all files together for /v1/review (default 50 MiB). */
  maxBodyBytes?: number;
  /** Most attachments of one article (default 20). */
  maxAttachments?: number;
  /** Scans running at once (default: the number of CPUs). */
  concurrency?: number;
  /** Requests allowed to wait for a slot; beyond it 503 + Retry-After (default 2 × concurrency). */
  queueSize?: number;
  /**
   * Scan slots on top of `concurrency` that only quick uploads take (under 1 MB and not a PDF: a
   * short text, a small DOCX), so they are answered while PDFs hold every other slot; waiting quick
   * uploads also start first, but at most 8 of them take an ordinary slot ahead of a waiting PDF
   * (default 1, `0` for none).
   */
  quickSlots?: number;
  /** Seconds a refused client is told to wait (`Retry-After`, default 5). */
  retryAfterSeconds?: number;
  /** Deadline of one request's scanning, queue wait included, ms (default 120 000). The scan is aborted. */
  scanTimeoutMs?: number;
  /** Time to receive the whole request, headers and body, ms (default 60 000): slow uploads are cut off. */
  requestTimeoutMs?: number;
  /** Time to receive the request headers, ms (default 15 000). */
  headersTimeoutMs?: number;
  /** Idle socket timeout, ms (default 30 000). */
  connectionTimeoutMs?: number;
  /** Keep-alive idle timeout between requests, ms (default 5 000). */
  keepAliveTimeoutMs?: number;
  /** How often Node checks requests against the timeouts above, ms (default 1 000). */
  timeoutCheckIntervalMs?: number;
  /**
   * Keep copies of uploads for reviewers. Off by default: uploads live in memory only while scanned.
   * Files are written with mode 0600, named by SHA-256, in a folder created with mode 0700.
   */
  quarantine?: { dir: string; verdicts?: Verdict[] };
  /** Fastify logger: `false` (default) or pino options. Request bodies are never logged. */
  logger?: boolean | Record<string, unknown>;
  /** Trust `X-Forwarded-For` from a reverse proxy (default false). */
  trustProxy?: boolean;
}

/** Options of {@link startServer}. */
export interface StartOptions extends ServerOptions {
  /** Default 8731. */
  port?: number;
  /** Default `127.0.0.1`: the service is not reachable from other machines unless asked. */
  host?: string;
}

/** Settled options with defaults filled in. */
export interface Settings {
  maxBodyBytes: number;
  maxAttachments: number;
  concurrency: number;
  queueSize: number;
  quickSlots: number;
  retryAfterSeconds: number;
  scanTimeoutMs: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
  timeoutCheckIntervalMs: number;
}

/** Fills in defaults and checks ranges. */
export function settle(o: ServerOptions, cpus: number): Settings {
  const concurrency = o.concurrency ?? Math.max(1, cpus);
  const s: Settings = {
    maxBodyBytes: o.maxBodyBytes ?? 50 * 1024 * 1024,
    maxAttachments: o.maxAttachments ?? 20,
    concurrency,
    queueSize: o.queueSize ?? concurrency * 2,
    quickSlots: o.quickSlots ?? 1,
    retryAfterSeconds: o.retryAfterSeconds ?? 5,
    scanTimeoutMs: o.scanTimeoutMs ?? 120_000,
    requestTimeoutMs: o.requestTimeoutMs ?? 60_000,
    headersTimeoutMs: o.headersTimeoutMs ?? 15_000,
    connectionTimeoutMs: o.connectionTimeoutMs ?? 30_000,
    keepAliveTimeoutMs: o.keepAliveTimeoutMs ?? 5_000,
    timeoutCheckIntervalMs: o.timeoutCheckIntervalMs ?? 1_000,
  };
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isFinite(v) || v < 0 || (k !== 'queueSize' && k !== 'quickSlots' && v === 0)) throw new RangeError(`server option ${k} must be a positive number, got ${v}`);
  }
  // Node requires headersTimeout ≤ requestTimeout.
  s.headersTimeoutMs = Math.min(s.headersTimeoutMs, s.requestTimeoutMs);
  return s;
}

/** Parses `name:secret,name2:secret2`. */
export function parseTokenList(text: string): ApiToken[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      const i = t.indexOf(':');
      if (i <= 0 || i === t.length - 1) throw settingError({ id: 'serve.token-format', params: { shown: t.slice(0, Math.max(0, i)) || t.slice(0, 8) } });
      return { name: t.slice(0, i), secret: t.slice(i + 1) };
    });
}

/** The configured tokens, checked: unique names, secrets of 16+ characters, at least one. */
export function resolveTokens(o: ServerOptions, env: NodeJS.ProcessEnv): ApiToken[] {
  const tokens = o.tokens
    ? Array.isArray(o.tokens)
      ? o.tokens
      : Object.entries(o.tokens).map(([name, secret]) => ({ name, secret }))
    : parseTokenList(env.PREPUB_TOKENS ?? '');
  if (tokens.length === 0) throw settingError({ id: 'serve.no-tokens', params: {} });
  const names = new Set<string>();
  for (const t of tokens) {
    if (!/^[\w.@-]{1,64}$/.test(t.name)) throw settingError({ id: 'serve.token-name', params: { name: t.name } });
    if (names.has(t.name)) throw settingError({ id: 'serve.token-twice', params: { name: t.name } });
    names.add(t.name);
    if (t.secret.length < 16) throw settingError({ id: 'serve.token-short', params: { name: t.name } });
  }
  return tokens;
}

/**
 * Finds the token whose secret matches, comparing digests in constant time and always checking
 * every token, so the time taken says nothing about which secret is close.
 */
export function matchToken(tokens: ApiToken[], presented: string | undefined): ApiToken | undefined {
  if (!presented) return undefined;
  const given = createHash('sha256').update(presented).digest();
  let found: ApiToken | undefined;
  for (const t of tokens) {
    const want = createHash('sha256').update(t.secret).digest();
    if (timingSafeEqual(given, want) && !found) found = t;
  }
  return found;
}
