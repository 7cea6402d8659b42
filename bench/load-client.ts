// Load generator, run in its own process so it does not share the server's event loop.
// Usage: node bench/load-client.ts <base url> <cookies.json> <seconds> <connections> <path,path,…>
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [baseUrl, cookiesFile, seconds, connections, paths] = process.argv.slice(2) as [string, string, string, string, string];
const cookies = JSON.parse(readFileSync(cookiesFile, 'utf8')) as string[];
let next = 0;

const result = await autocannon({
  url: baseUrl,
  connections: Number(connections),
  duration: Number(seconds),
  requests: paths.split(',').map((path) => ({
    method: 'GET' as const,
    path,
    // Each request goes as one of the signed-in users, in turn.
    setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, cookie: cookies[next++ % cookies.length]! } }),
  })),
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    duration_s: result.duration,
    errors: result.errors + result.timeouts + result.non2xx,
    non_2xx: result.non2xx,
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
    requests_per_s: result.requests.average,
  }),
);
