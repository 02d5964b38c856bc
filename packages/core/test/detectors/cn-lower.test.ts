import { describe, expect, it } from 'vitest';
import { findingsOf, tablePart, worst } from './helpers.ts';

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
  ['内部 in the 密级 column of a register of documents', '收文登记簿\n| 序号 | 文号 | 标题 | 密级 |\n| 1 | 江政发〔2024〕5号 | 关于印发农业发展规划的通知 | 公开 |\n| 2 | 江政办〔2024〕41号 | 关于做好春季植树工作的通知 | 内部 |\n| 3 | 江政办〔2024〕42号 | 关于做好安全生产工作的通知 | 非密 |\n', 'none'],
];

describe(RULE, () => {
  it.each(FIXTURES)('%s', (_l, text, expected) => {
    expect(worst(findingsOf(text, RULE))).toBe(expected);
  });
  it('内部 in the 密级 column of a register in a word-processor table passes; alone in a cell of another table it reviews', () => {
    const rows = [
      ['序号', '文号', '标题', '密级'],
      ['1', '江政发〔2024〕5号', '关于印发农业发展规划的通知', '公开'],
      ['2', '江政办〔2024〕41号', '关于做好春季植树工作的通知', '非密'],
      ['3', '江政办〔2024〕42号', '关于做好安全生产工作的通知', '内部'],
    ];
    expect(worst(findingsOf([tablePart('收文登记簿', rows)], RULE))).toBe('none');
    expect(worst(findingsOf([tablePart('封面', [['资料性质', '内部'], ['编印单位', '江临市统计局']])], RULE))).toBe('review');
  });
  it('never blocks', () => {
    expect(findingsOf('内部\n', RULE).every((f) => f.severity !== 'block')).toBe(true);
  });
});
