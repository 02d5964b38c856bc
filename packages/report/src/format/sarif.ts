/**
 * SARIF 2.1.0 output for code-scanning dashboards and CI. One run; rules carry documentation from
 * the CLI's rule table with `helpUri` pointing at README anchors. Findings become results with
 * level error (block), warning (review) or note (info); suppressed findings carry a SARIF
 * suppression; unread content and files that could not be scanned become `unread` / `error`
 * results so nothing unread disappears from a dashboard.
 *
 * Offsets: `region.charOffset`/`charLength`/`startLine`/`startColumn` are positions in the text of
 * the document part the finding sits in (for plain text files, the file's text). The part is named
 * in the result's `logicalLocations` and `properties`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { t, unreadDetail, type Finding, type Lang, type UnreadItem } from '@prepub/core';
import type { FileReport, Report } from '../report.ts';
import { ERROR_RULE, UNREAD_RULE, localizedRuleDoc, ruleAnchor, ruleDoc, type RuleDoc } from '../rules.ts';

/** Options for {@link renderSarif}. */
export interface SarifOptions {
  /** Artifact URIs are made relative to this folder (`%SRCROOT%`). */
  cwd: string;
  /** Base of rule help links; an anchor is appended. Default: this package's README as a file URI. */
  helpUriBase?: string;
  /** Language of the rules' descriptions and the unread results' messages (default en). */
  lang?: Lang;
}

/** The SARIF schema URI written into `$schema`. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Json = Record<string, unknown>;

const LEVEL = { block: 'error', review: 'warning', info: 'note' } as const;

function defaultHelpBase(): string {
  return pathToFileURL(path.resolve(import.meta.dirname, '..', '..', 'README.md')).href;
}

function artifactUri(p: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (p === '-' ) return { uri: 'stdin' };
  const abs = path.resolve(cwd, p);
  const rel = path.relative(cwd, abs);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(abs).href };
}

/** Builds the SARIF log object for a report. */
export function renderSarif(report: Report, opts: SarifOptions): Json {
  const helpBase = opts.helpUriBase ?? defaultHelpBase();
  const lang = opts.lang ?? 'en';
  const rules: Json[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleFor = (id: string, fallback?: RuleDoc): number => {
    const known = ruleIndex.get(id);
    if (known !== undefined) return known;
    const doc = localizedRuleDoc(ruleDoc(id) ?? fallback ?? { id, title: id, severity: 'review', finds: id, why: '', waive: '' }, lang);
    const idx = rules.length;
    rules.push({
      id,
      name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
      shortDescription: { text: doc.title },
      fullDescription: { text: [doc.finds, doc.why].filter(Boolean).join(' ') },
      help: { text: `${doc.finds}\n\nWhy: ${doc.why}\n\nWaive: ${doc.waive}` },
      helpUri: `${helpBase}#${ruleAnchor(id)}`,
      defaultConfiguration: { level: LEVEL[doc.severity] },
    });
    ruleIndex.set(id, idx);
    return idx;
  };

  const artifacts: Json[] = [];
  const results: Json[] = [];

  report.results.forEach((file, artifactIndex) => {
    const loc = artifactUri(file.path, opts.cwd);
    artifacts.push({
      location: loc,
      length: file.document.size,
      mimeType: file.document.mediaType,
      ...(file.document.sha256 ? { hashes: { 'sha-256': file.document.sha256 } } : {}),
      properties: { verdict: file.verdict, format: file.document.format, reasons: file.reasons },
    });
    const artifactLocation = { ...loc, index: artifactIndex };
    for (const f of file.findings) results.push(findingResult(f, false));
    for (const f of file.suppressed) results.push(findingResult(f, true));
    for (const u of file.coverage.unread) results.push(unreadResult(u, file));
    for (const e of file.errors) {
      results.push({
        ruleId: ERROR_RULE.id,
        ruleIndex: ruleFor(ERROR_RULE.id, ERROR_RULE),
        level: 'warning',
        message: { text: t(lang, 'error.line', { code: e.code, message: e.message }) },
        locations: [{ physicalLocation: { artifactLocation } }],
        properties: { verdict: file.verdict },
      });
    }

    function findingResult(f: Finding, suppressed: boolean): Json {
      const l = f.location;
      const region: Json = {
        charOffset: l.start,
        charLength: Math.max(0, l.end - l.start),
        startLine: Math.max(1, l.line),
        startColumn: Math.max(1, l.column),
      };
      if (f.excerpt) region.snippet = { text: f.excerpt };
      const result: Json = {
        ruleId: f.ruleId,
        ruleIndex: ruleFor(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: f.message || f.ruleId },
        locations: [
          {
            physicalLocation: { artifactLocation, region },
            logicalLocations: [{ name: l.part, kind: 'member', fullyQualifiedName: `${file.path}#${l.part}` }],
          },
        ],
        partialFingerprints: { 'prepub/v1': f.fingerprint },
        rank: Math.round(Math.min(1, Math.max(0, f.score)) * 1000) / 10,
        properties: {
          category: f.category,
          severity: f.severity,
          score: f.score,
          verdict: file.verdict,
          part: l.part,
          role: l.role,
          visible: l.visible,
          ...(l.page !== undefined ? { page: l.page } : {}),
          ...(l.paragraph !== undefined ? { paragraph: l.paragraph } : {}),
          ...(l.box ? { box: l.box } : {}),
          ...(l.container ? { container: l.container } : {}),
          ...(l.cell ? { cell: l.cell } : {}),
        },
      };
      if (suppressed) {
        const s = f.suppressed;
        result.suppressions = [
          {
            kind: 'external',
            status: 'accepted',
            justification: s ? `${s.by}: ${s.reason}${s.approvedBy ? ` (approved by ${s.approvedBy})` : ''}` : 'suppressed by policy',
          },
        ];
      }
      return result;
    }

    function unreadResult(u: UnreadItem, fr: FileReport): Json {
      return {
        ruleId: UNREAD_RULE.id,
        ruleIndex: ruleFor(UNREAD_RULE.id, UNREAD_RULE),
        level: 'warning',
        kind: 'review',
        message: { text: lang === 'en' ? `Not read: ${u.where} (${u.reason}): ${u.detail}` : `${t(lang, 'pretty.not-read')}：${t(lang, 'pretty.unread-item', { where: u.where, reason: u.reason, detail: unreadDetail(lang, u) })}` },
        locations: [
          {
            physicalLocation: { artifactLocation },
            logicalLocations: [{ name: u.where, kind: 'member' }],
          },
        ],
        properties: { reason: u.reason, where: u.where, verdict: fr.verdict, ...(u.origin?.page !== undefined ? { page: u.origin.page } : {}) },
      };
    }
  });

  const run: Json = {
    tool: {
      driver: {
        name: 'prepub',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: helpBase,
        rules,
      },
    },
    originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(opts.cwd).href.replace(/\/?$/, '/') } },
    artifacts,
    results,
    columnKind: 'utf16CodeUnits',
    properties: { summary: report.summary },
  };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}
