// A stand-in inference server for deploy tests: serves --name on --port; unhealthy (503 on
// /health) when the checkpoint folder it serves holds a file named BROKEN.
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const args = process.argv.slice(2);
const arg = (name) => args[args.indexOf(name) + 1];
const name = arg('--name');
const broken = existsSync(path.join(arg('--checkpoint'), 'BROKEN'));
const server = http.createServer((req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.url === '/health') return send(broken ? 503 : 200, {});
  if (req.url === '/v1/models') return send(200, { data: [{ id: name }] });
  if (req.url === '/v1/completions') return send(200, { choices: [{ text: ` hello from ${name}` }] });
  send(404, {});
});
// One line of output, as a real server writes, so a test can see what <servingDir>/server.log holds.
// stdout is a file there, and writes to files are synchronous: it is on disk before /health answers.
process.stdout.write(`serving ${name}\n`);
server.listen(Number(arg('--port')), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
