// A BullMQ queue against the server on the port given: five jobs added, a worker doubles each.
// Exits 0 when all five completed with the right results, 1 otherwise. BullMQ's whole queue is Lua
// scripts (EVALSHA, cmsgpack), so this is a check of scripting with a real library.
//   npm ci && node bullmq-queue.mjs 6379 [prefix]
import { Queue, Worker } from 'bullmq';

const port = Number(process.argv[2] ?? 6379);
const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
// '{bull}' (the default here): every key of the queue carries one hash tag, so all of them live on
// one shard, as Redis Cluster users configure BullMQ; its scripts build keys from the prefix without
// declaring them. BullMQ's own default is 'bull'.
const prefix = process.argv[3] ?? '{bull}';
const queue = new Queue('jobs', { connection, prefix });
const done = [];
const worker = new Worker('jobs', async job => job.data.n * 2, { connection, prefix });
worker.on('completed', (job, result) => done.push(result));
worker.on('failed', (job, err) => console.log('failed', err.message));

for (let i = 1; i <= 5; i++) {
  await queue.add('double', { n: i });
}
const deadline = Date.now() + 15000;
while (done.length < 5 && Date.now() < deadline) {
  await new Promise(resolve => setTimeout(resolve, 100));
}
const results = done.sort((a, b) => a - b);
console.log('results', JSON.stringify(results));
// getJobCounts' script is handed only the prefix and builds every state's key from it
const counts = await queue.getJobCounts('completed', 'failed', 'wait');
console.log('counts', JSON.stringify(counts));
await worker.close();
await queue.close();
const expected = JSON.stringify({ completed: 5, failed: 0, wait: 0 });
process.exit(JSON.stringify(results) === '[2,4,6,8,10]' && JSON.stringify(counts) === expected ? 0 : 1);
