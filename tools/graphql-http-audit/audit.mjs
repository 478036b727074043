// Usage: node audit.mjs http://127.0.0.1:8000/graphql
// Prints every audit that is not ok; exits 1 on any MUST failure (error) or
// SHOULD failure (warn). MAY items (notice) are printed, not counted.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url });
let failed = 0;
for (const r of results) {
  if (r.status === 'ok') continue;
  console.log(`${r.status.padEnd(6)} ${r.id} ${r.name}: ${r.reason}`);
  if (r.status === 'error' || r.status === 'warn') failed++;
}
const passed = results.filter((r) => r.status === 'ok').length;
console.log(`graphql-http audit: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
