import { describe, expect, it } from 'vitest';
import { Allowlist, BUILTIN_DETECTORS, Engine, LineIndex, normalize, normalizeTerm, resolvePolicy, type Detector, type TextPart } from '@prepub/core';

const TEXTS = [
  '000012\n机密★5年\n特急\n\nXX市保密局文件\n',
  '数据的机密性、完整性和可用性是信息安全的三要素。绝密任务。\n秘密★\n',
  '| 密级 | 机密★3年 |\n| 内部资料 | 注意保存 |\n',
  'TOP SECRET//NOFORN\n(S//NF) The plan.\nClassified By: J. Smith\nDeclassify On: 20451231\ntop secret recipe\n',
  '内部\n关于开展工作秘密自查的通知\n仅供内部使用\n',
  '联系人：张三，手机 13812345678，身份证 11010519491231002X。',
];

function part(text: string): TextPart {
  return { id: 'body', role: 'body', text, origin: {}, leading: true };
}

describe('Engine', () => {
  it('built-in triggers are written in normalized form (else the automaton could never find them)', () => {
    for (const d of BUILTIN_DETECTORS) for (const t of d.triggers ?? []) expect(normalizeTerm(t), `${d.id}: ${t}`).toBe(t);
  });

  it('detectors find the same with the engine’s trigger hits as when they search by themselves', () => {
    const engine = new Engine({ detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) });
    for (const text of TEXTS) {
      const viaEngine = engine.analyze([part(text)]).map((f) => `${f.ruleId}@${f.location.start}-${f.location.end}:${f.score}`);
      const norm = normalize(text);
      const lines = new LineIndex(norm.text);
      const standalone = BUILTIN_DETECTORS.flatMap((d) =>
        d.detect({ part: part(text), norm, lines, blocks: [], documentHints: { foreignBanner: /^TOP SECRET/m.test(text) } }),
      ).map((r) => `${r.ruleId}@${norm.map[r.start]}-${norm.map[r.end - 1] + 1}:${r.score}`);
      expect(viaEngine.sort(), text).toEqual(standalone.sort());
    }
  });

  it('calls a detector with triggers only for parts where one occurs, with their positions', () => {
    const seen: Array<{ part: string; starts: number[] }> = [];
    const spy: Detector = {
      id: 'spy',
      summary: 'records its calls',
      docs: 'spy',
      triggers: ['机密', 'secret'],
      detect(ctx) {
        seen.push({ part: ctx.part.id, starts: Array.from(ctx.hits!.starts.subarray(0, ctx.hits!.count)).sort((a, b) => a - b) });
        return [];
      },
    };
    const engine = new Engine({ detectors: [spy], policy: resolvePolicy(), allowlist: new Allowlist([]) });
    engine.analyze([
      { id: 'a', role: 'body', text: '没有触发词的段落。', origin: {} },
      { id: 'b', role: 'body', text: '机 密★ and a SECRET', origin: {} },
    ]);
    // Normalized coordinates: the space inside 机 密 is dropped; ASCII case is folded.
    expect(seen).toEqual([{ part: 'b', starts: [0, 10] }]);
  });
});
