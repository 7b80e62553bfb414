// ioredis's subscriber mode against Sabaody-KV: run by ClientLibrariesTest as
//   node ioredis-pubsub.js <port> <password>
// A subscriber on a channel, a pattern and a keyspace event; a publisher on another connection
// (with two shards, most channels and keys live on the other shard). Prints "ok", or throws.
const Redis = require('ioredis');
const assert = require('assert');

async function main() {
  const [port, password] = process.argv.slice(2);
  const options = { port: Number(port), password, lazyConnect: true, maxRetriesPerRequest: 0 };
  const sub = new Redis(options);
  const pub = new Redis(options);
  await sub.connect();
  await pub.connect();
  await pub.config('SET', 'notify-keyspace-events', 'E$');
  const got = [];
  sub.on('message', (channel, message) => got.push(`message ${channel} ${message}`));
  sub.on('pmessage', (pattern, channel, message) => got.push(`pmessage ${pattern} ${channel} ${message}`));
  assert.strictEqual(await sub.subscribe('news', 'sports'), 2);
  assert.strictEqual(await sub.psubscribe('weather.*', '__keyevent@0__:set'), 4);
  assert.strictEqual(await pub.publish('news', 'n1'), 1);
  assert.strictEqual(await pub.publish('weather.oslo', 'rain'), 1);
  assert.strictEqual(await pub.publish('nobody', 'x'), 0);
  await pub.set('ioredis:key', 'v');
  assert.strictEqual(await pub.publish('sports', 's1'), 1);
  const deadline = Date.now() + 10000;
  while (got.length < 4 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.deepStrictEqual(got, ['message news n1', 'pmessage weather.* weather.oslo rain',
    'pmessage __keyevent@0__:set __keyevent@0__:set ioredis:key', 'message sports s1']);
  assert.strictEqual(await sub.unsubscribe('news'), 3);
  sub.disconnect();
  pub.disconnect();
  console.log('ok');
}

main().catch((e) => { console.error(e); process.exit(1); });
