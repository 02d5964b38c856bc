/**
 * A slash before a level joins it to another level only when a level stands before the slash
 * (秘密/机密, 公开/内部/秘密); after a path's or a link's folder it is a separator, and the whole
 * marking after it (…/公文/机密★5年/…) had been read as a list of levels and dropped.
 */
import { describe, expect, it } from 'vitest';
import { findingsOf, worst } from './helpers.ts';

const RULE = 'marking.cn-state-secret';

describe('levels after a slash', () => {
  it('a whole marking in a path or link is found', () => {
    for (const text of [
      'http://oa.jianglin.gov.cn/公文/机密★5年/汛期物资调度方案.docx\n',
      '原件存放于 D:/收文/2024/机密★5年 文件夹\n',
      '见共享目录 \\\\fs01\\办公室/机密★10年/会议纪要\n',
    ])
      expect(worst(findingsOf(text, RULE)), text).not.toBe('none');
  });
  it('levels joined by slashes are still a list', () => {
    for (const text of ['密级：公开/内部/秘密/机密\n', '请在表中勾选密级（秘密/机密/绝密）\n']) expect(worst(findingsOf(text, RULE)), text).toBe('none');
  });
});
