import { describe, expect, it } from 'vitest';
import { findingsOf, worst } from './helpers.ts';

const RULE = 'marking.cn-lower';
const FIXTURES: Array<[string, string, 'review' | 'none']> = [
  ['内部资料 注意保存 on the cover', '内部资料 注意保存\n\n2024年度工作要点\n', 'review'],
  ['内部参考', '内部参考\n第12期\n', 'review'],
  ['工作秘密 alone', '工作秘密\n关于调整值班安排的通知\n', 'review'],
  ['仅供内部使用', '仅供内部使用\n培训讲义\n', 'review'],
  ['商业秘密 in a header cell', '| 密级 | 商业秘密 |\n', 'review'],
  ['handling words as a row of a table comparing ways of writing', '附表：常用标注写法对照（供学习参考）\n| 写法 | 说明 |\n| 严禁外传 | 正确写法 |\n', 'none'],
  ['publication restriction in a quiz table', '知识竞赛：判断下列写法是否规范。\n| 题目 | 答案 |\n| 此件不予公开 | 规范 |\n', 'none'],
  ['内部 in a sentence', '加强内部控制，完善内部管理制度。\n', 'none'],
  ['工作秘密 in a sentence', '工作人员不得泄露工作秘密，违者依法处理。\n', 'none'],
  ['quoted example', '文件首页标注“内部资料”字样的，不得上网发布。\n', 'none'],
];

describe(RULE, () => {
  it.each(FIXTURES)('%s', (_l, text, expected) => {
    expect(worst(findingsOf(text, RULE))).toBe(expected);
  });
  it('never blocks', () => {
    expect(findingsOf('内部\n', RULE).every((f) => f.severity !== 'block')).toBe(true);
  });
});
