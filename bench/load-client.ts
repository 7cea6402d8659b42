// Load generator, run in its own process so it does not share the server's event loop.
// Usage: node bench/load-client.ts <base url> <cookies.json> <seconds> <users> <path,path,…> [requests per second per user]
// Without a rate, autocannon's closed loop: each user sends its next request as soon as the last is
// answered. With a rate, each user asks for the next page every 1/rate seconds from a random start.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

const [baseUrl, cookiesFile, seconds, users, paths, rate] = process.argv.slice(2) as [string, string, string, string, string, string | undefined];
const cookies = JSON.parse(readFileSync(cookiesFile, 'utf8')) as string[];
const pages = paths.split(',');

function percentile(sorted: number[], share: number): number | null {
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!) : null;
}

async function closedLoop() {
  let next = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: Number(users),
        duration: Number(seconds),
        requests: pages.map((path) => ({
          method: 'GET' as const,
          path,
          // Each request goes as one of the signed-in users, in turn.
          setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, cookie: cookies[next++ % cookies.length]! } }),
        })),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    mode: 'closed loop: each user asks again as soon as answered',
    requests: result.requests.total,
    duration_s: result.duration,
    errors: result.errors + result.timeouts + result.non2xx,
    non_2xx: result.non2xx,
    latency_ms: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p95: percentile(latencies, 0.95),
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    requests_per_s: result.requests.average,
  };
}

/**
 * Each user asks for the pages in turn, one every 1/rate seconds, from a random start within the
 * first interval. Latency runs from when the request was due, not when it was sent, so a server
 * that falls behind shows in the figures (no coordinated omission).
 */
async function paced(perSecond: number) {
  const interval = 1000 / perSecond;
  const started = performance.now();
  const end = started + Number(seconds) * 1000;
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    cookies.slice(0, Number(users)).map(async (cookie, user) => {
      let due = started + Math.random() * interval;
      for (let request = 0; due < end; request++, due += interval) {
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        try {
          const response = await fetch(baseUrl + pages[(user + request) % pages.length]!, { headers: { cookie } });
          await response.arrayBuffer();
          if (response.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - due);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const duration = (performance.now() - started) / 1000;
  return {
    mode: `paced: each user asks for a page ${perSecond} time(s) a second, latency from when each request was due`,
    requests: latencies.length,
    duration_s: Math.round(duration * 10) / 10,
    errors,
    latency_ms: {
      p50: percentile(latencies, 0.5),
      p90: percentile(latencies, 0.9),
      p95: percentile(latencies, 0.95),
      p97_5: percentile(latencies, 0.975),
      p99: percentile(latencies, 0.99),
      max: percentile(latencies, 1),
    },
    requests_per_s: Math.round(latencies.length / duration),
  };
}

process.stdout.write(JSON.stringify(rate ? await paced(Number(rate)) : await closedLoop()));
