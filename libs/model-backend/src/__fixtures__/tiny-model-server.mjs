// A stand-in model server process for the command strategy's tests: serves /health and
// /v1/models on --port, under --name; exits on SIGTERM. `--fail` exits at once with a message.
import http from 'node:http';

const args = process.argv.slice(2);
const arg = (name) => args[args.indexOf(name) + 1];
if (args.includes('--fail')) {
  console.error('error: CUDA out of memory while loading weights');
  process.exit(3);
}
const name = arg('--name');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(req.url === '/v1/models' ? { data: [{ id: name }] } : { ok: true }));
});
server.listen(Number(arg('--port')), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
