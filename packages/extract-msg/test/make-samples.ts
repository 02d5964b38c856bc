/**
 * The MSG sample corpus, samples/msg/ with its labels (run `pnpm tsx samples/scripts/make-msg-samples.ts`).
 * Messages are written from code by msg-writer.ts (Outlook cannot run here, and LibreOffice does not
 * write .msg). Authorities, people and addresses are invented.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { msg, uncompressedRtf, type MsgMessage } from './msg-writer.ts';

const OUT = join(import.meta.dirname, '../../../samples/msg');
type Label = { verdict: 'block' | 'review' | 'pass'; accept?: string[]; findings?: Array<Record<string, string | number>>; note: string };

export const BENIGN = '各位同事：\n定于5月开展统计业务培训，请按时参加。\n江临市统计局办公室';
export const MARKED = '000012\n机密★5年\n特急\n关于做好港区规划调整保密工作的通知\n各有关单位：\n现将有关事项通知如下。';

/** An RTF body whose text is `text` (Chinese as `\uN` escapes), with `hidden` as hidden text (`\v`). */
export function rtfOf(text: string, hidden = ''): Uint8Array {
  const esc = (s: string) => [...s].map((c) => (c === '\n' ? '\\par ' : c.charCodeAt(0) < 0x80 ? c : `\\u${c.charCodeAt(0)}?`)).join('');
  return uncompressedRtf(`{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil SimSun;}}\\uc1\\f0 ${esc(text)}${hidden ? `{\\v ${esc(hidden)}}` : ''}\\par}`);
}

const base = (o: Partial<MsgMessage>): MsgMessage => ({
  senderName: '江临市统计局办公室',
  recipients: [{ name: '王建国', address: 'wangjg@tj.jianglin.example' }, { name: '李晓梅', address: 'lixm@tj.jianglin.example', type: 2 }],
  transportHeaders: 'Received: from mail.tj.jianglin.example\r\nFrom: =?UTF-8?B?5rGf5Li05biC57uf6K6h5bGA?= <office@tj.jianglin.example>\r\nTo: staff@tj.jianglin.example\r\nSubject: notice\r\nX-Mailer: Outlook 16.0\r\n',
  ...o,
});

/** The corpus: file name → bytes and label. */
export function msgSamples(): { files: Map<string, Uint8Array>; labels: Record<string, Label> } {
  const files = new Map<string, Uint8Array>();
  const labels: Record<string, Label> = {};
  const save = (name: string, m: MsgMessage, label: Label) => {
    files.set(name, msg(m));
    labels[name] = label;
  };
  save('benign-training-notice.msg', base({ subject: '关于开展统计业务培训的通知', body: BENIGN, html: `<html><body><p>${BENIGN.replace(/\n/g, '<br>')}</p></body></html>`, rtfCompressed: rtfOf(BENIGN), attachments: [{ name: '日程.txt', mime: 'text/plain', data: new TextEncoder().encode('5月8日 上午 开班\n5月9日 下午 结业\n') }] }), {
    verdict: 'pass',
    note: 'A training notice with plain, HTML and RTF bodies saying the same, two recipients and a schedule attached: everything read, nothing marked.',
  });
  save('marked-subject.msg', base({ subject: '机密★5年 关于港区规划调整的通知', body: BENIGN, rtfCompressed: rtfOf(BENIGN) }), {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'title' }],
    note: 'The marking stands in the subject only; the body is a benign notice.',
  });
  save('marked-attachment.msg', base({ subject: '港区规划材料', body: '各位：\n材料见附件。', attachments: [{ name: '港区规划调整通知.txt', mime: 'text/plain', data: new TextEncoder().encode(MARKED) }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', line: 2 }],
    note: 'The message is benign; the attached notice is marked 机密★5年 under its 份号.',
  });
  save('hidden-html-marking.msg', base({ subject: '培训通知', body: BENIGN, html: `<html><body><p>${BENIGN.replace(/\n/g, '<br>')}</p><div style="display:none">${MARKED.replace(/\n/g, '<br>')}</div></body></html>` }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'hidden' }],
    note: 'The plain body is benign; the HTML body hides a marked notice in a display:none element.',
  });
  save('attached-message-marking.msg', base({ subject: '转发：港区规划', body: '请阅转发的邮件。', attachments: [{ name: '港区规划调整', message: base({ subject: '港区规划调整', body: MARKED }) }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 2 }],
    note: 'An attached Outlook message (embedded message storage) whose body is the marked notice.',
  });
  save('rtf-hidden-text.msg', base({ subject: '培训通知', body: BENIGN, rtfCompressed: rtfOf(BENIGN, '机密★5年') }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'hidden' }],
    note: 'The RTF body hides text (\\v) the plain body lacks: the RTF is handed on to the RTF reader, which reads the hidden 机密★5年.',
  });
  save('smime-encrypted.msg', base({ subject: '加密邮件', messageClass: 'IPM.Note.SMIME', attachments: [{ name: 'smime.p7m', mime: 'application/pkcs7-mime', data: Uint8Array.from({ length: 400 }, (_, i) => (i * 7919 + 13) % 251) }] }), {
    verdict: 'review',
    note: 'An S/MIME encrypted message: its content is sealed in smime.p7m, unread (encrypted).',
  });
  return { files, labels };
}

export const labelsJson = (labels: Record<string, Label>) => JSON.stringify({ version: 1, files: labels }, null, 2) + '\n';

export function writeMsgSamples(): void {
  const { files, labels } = msgSamples();
  mkdirSync(OUT, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(OUT, name), bytes);
  writeFileSync(join(OUT, 'labels.json'), labelsJson(labels));
}
