// A separate writer process for the concurrency test: appends N records to the SQLite trail given.
import { SqliteAuditStore } from '../src/sqlite.ts';

const [path, count] = process.argv.slice(2);
const store = new SqliteAuditStore(path);
for (let i = 0; i < Number(count); i++) {
  await store.append({ kind: 'scan', callerToken: `writer-${process.pid}`, filename: `会议纪要-${i}.txt`, verdict: 'pass', size: i });
}
await store.close();
