// Prints the option table of docs/configuration.md from the config lib's OPTIONS:
//   node --conditions=development --import tsx scripts/config-reference.ts
import { envName, OPTIONS } from '@flywheel/config';

const rows = OPTIONS.map(
  (o) => `| \`${o.path}\` | ${o.flag ? `\`${o.flag}\`` : ''} | \`${envName(o.path)}\` | ${o.type} | ${o.defaultText} | ${o.description} |`,
);
console.log(['| option | flag | environment | type | default | meaning |', '|---|---|---|---|---|---|', ...rows].join('\n'));
