// The behaviour every audit backend must show, run against real SQLite and real PostgreSQL.
import { describe, expect, it } from 'vitest';
import { AuditError, formatRecords, type AuditEntry, type AuditStore } from '../src/index.ts';

/** Entries as the service writes them: a roster with ID numbers, a marked notice, a clean news item. */
export function sampleEntries(): AuditEntry[] {
  return [
    {
      kind: 'scan',
      time: '2025-05-06T08:00:00.000Z',
      callerToken: 'portal',
      callerUser: 'zhangwei',
      filename: '2025年第一季度值班人员名单.xlsx.txt',
      sha256: 'a'.repeat(64),
      size: 2048,
      mediaType: 'text/plain',
      verdict: 'review',
      findings: [
        {
          ruleId: 'pii.cn-id-card',
          category: 'personal-data',
          severity: 'review',
          score: 0.97,
          fingerprint: 'f1',
          location: { part: 'body', role: 'body', line: 4, column: 9 },
        },
      ],
      unread: [],
      policyVersion: 'policy-1',
      dictionaryVersion: 'dict-1',
      durationMs: 12.5,
    },
    {
      kind: 'scan',
      time: '2025-05-07T09:30:00.000Z',
      callerToken: 'cms',
      callerUser: 'lina',
      filename: '关于开展安全生产检查的通知.docx',
      sha256: 'b'.repeat(64),
      size: 30211,
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      verdict: 'block',
      findings: [
        {
          ruleId: 'marking.cn-state-secret',
          category: 'classification-marking',
          severity: 'block',
          score: 0.99,
          fingerprint: 'f2',
          location: { part: 'word/header1.xml', role: 'header', page: 1, line: 1, column: 1 },
        },
      ],
      unread: [{ where: 'word/media/image1.png', reason: 'ocr-failed', detail: '图片文字无法识别' }],
      policyVersion: 'policy-1',
      dictionaryVersion: 'dict-1',
      durationMs: 88,
    },
    {
      kind: 'scan',
      time: '2025-05-08T10:00:00.000Z',
      callerToken: 'cms',
      callerUser: 'lina',
      filename: '区政府召开春季植树活动动员会.html',
      sha256: 'c'.repeat(64),
      size: 5120,
      mediaType: 'text/html',
      verdict: 'pass',
      findings: [],
      unread: [],
      policyVersion: 'policy-1',
      dictionaryVersion: 'dict-1',
      durationMs: 4,
    },
  ];
}

/** Changes one stored row behind the application's back (as someone with database access could). */
export type Tamper = (store: AuditStore, sql: string) => Promise<void>;

export function defineStoreSuite(name: string, open: () => Promise<AuditStore>, tamper: Tamper): void {
  describe(`${name} audit trail`, () => {
    it('chains records, verifies, and shows where a changed row breaks the chain', async () => {
      const store = await open();
      try {
        const recs = [];
        for (const e of [...sampleEntries(), ...sampleEntries(), ...sampleEntries()]) recs.push(await store.append(e));
        expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(recs[0].prevHash).toBe('0'.repeat(64));
        expect(recs[4].prevHash).toBe(recs[3].hash);
        const ok = await store.verifyChain();
        expect(ok).toMatchObject({ ok: true, records: 9, headHash: recs[8].hash });

        // The table refuses updates from the application.
        await expect(tamper(store, "UPDATE audit_log SET verdict = 'pass' WHERE seq = 5")).rejects.toThrow(/append-only/);

        await withoutGuard(store, tamper, "UPDATE audit_log SET verdict = 'pass' WHERE seq = 5");
        const broken = await store.verifyChain();
        expect(broken.ok).toBe(false);
        expect(broken.firstBroken?.seq).toBe(5);
        expect(broken.firstBroken?.reason).toMatch(/altered/);
        expect((await store.get(5))?.verdict).toBe('pass');
      } finally {
        await store.close();
      }
    });

    it('detects a deleted record as a gap', async () => {
      const store = await open();
      try {
        for (const e of sampleEntries()) await store.append(e);
        await withoutGuard(store, tamper, 'DELETE FROM audit_log WHERE seq = 2');
        const report = await store.verifyChain();
        expect(report.ok).toBe(false);
        expect(report.firstBroken?.seq).toBe(3);
        expect(report.firstBroken?.reason).toMatch(/gap/);
      } finally {
        await store.close();
      }
    });

    it('links approvals and rejections to the scan they decide, once', async () => {
      const store = await open();
      try {
        const [roster, notice, news] = await Promise.all(sampleEntries().map((e) => store.append(e)));
        expect((await store.list({ pending: true })).map((r) => r.seq)).toEqual([roster.seq]);
        const d = await store.decide({ ref: roster.seq, decision: 'approved', reviewer: '王主任', reason: '身份证号已脱敏后发布' });
        expect(d).toMatchObject({ kind: 'decision', ref: roster.seq, decision: 'approved', callerUser: '王主任', sha256: roster.sha256 });
        const shown = await store.show(roster.seq);
        expect(shown?.decisions.map((x) => x.seq)).toEqual([d.seq]);
        expect(await store.list({ pending: true })).toEqual([]);
        await expect(store.decide({ ref: roster.seq, decision: 'rejected', reviewer: '李', reason: '再议' })).rejects.toMatchObject({ code: 'already-decided' });
        await expect(store.decide({ ref: notice.seq, decision: 'approved', reviewer: '李', reason: '误报' })).rejects.toMatchObject({ code: 'not-reviewable' });
        await expect(store.decide({ ref: news.seq + 100, decision: 'approved', reviewer: '李', reason: 'x' })).rejects.toBeInstanceOf(AuditError);
        await expect(store.decide({ ref: roster.seq, decision: 'approved', reviewer: ' ', reason: 'x' })).rejects.toMatchObject({ code: 'invalid' });
        expect((await store.verifyChain()).ok).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('filters by date range, verdict and caller, and exports CSV and JSON', async () => {
      const store = await open();
      try {
        for (const e of sampleEntries()) await store.append(e);
        expect((await store.list({ from: '2025-05-07', to: '2025-05-07' })).map((r) => r.filename)).toEqual(['关于开展安全生产检查的通知.docx']);
        expect((await store.list({ verdict: 'pass' })).map((r) => r.seq)).toEqual([3]);
        expect((await store.list({ caller: 'lina' })).map((r) => r.seq)).toEqual([2, 3]);
        expect((await store.list({ caller: 'portal' })).map((r) => r.seq)).toEqual([1]);
        expect((await store.list({ order: 'desc', limit: 1 })).map((r) => r.seq)).toEqual([3]);
        const all = await store.list();
        const csv = formatRecords(all, 'csv').split('\r\n');
        expect(csv[0]).toMatch(/^seq,time,kind,verdict/);
        expect(csv[2]).toContain('marking.cn-state-secret');
        expect(csv[2]).toContain('word/media/image1.png: ocr-failed');
        const json = JSON.parse(formatRecords(all, 'json'));
        expect(json[1].findings[0].location.role).toBe('header');
      } finally {
        await store.close();
      }
    });
  });
}

/** Tampering as an attacker with database rights would: the append-only guard removed first. */
async function withoutGuard(store: AuditStore, tamper: Tamper, sql: string): Promise<void> {
  if (store.backend === 'sqlite') {
    await tamper(store, 'DROP TRIGGER IF EXISTS audit_log_no_update');
    await tamper(store, 'DROP TRIGGER IF EXISTS audit_log_no_delete');
  } else {
    await tamper(store, 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
  }
  await tamper(store, sql);
}
