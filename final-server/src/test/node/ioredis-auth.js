// ioredis against Sabaody-KV with a password and with an ACL user: run by ClientLibrariesTest as
//   node ioredis-auth.js <port> <default password> <user> <user password>
// Prints "ok", or throws.
const Redis = require('ioredis');
const assert = require('assert');

async function main() {
  const [port, password, user, userPassword] = process.argv.slice(2);
  const byPassword = new Redis({ port: Number(port), password, lazyConnect: true, maxRetriesPerRequest: 0 });
  await byPassword.connect();
  assert.strictEqual(await byPassword.set('ioredis:k', 'v'), 'OK');
  assert.strictEqual(await byPassword.get('ioredis:k'), 'v');
  byPassword.disconnect();

  const asUser = new Redis({ port: Number(port), username: user, password: userPassword, lazyConnect: true,
    maxRetriesPerRequest: 0 });
  await asUser.connect();
  assert.strictEqual(await asUser.call('ACL', 'WHOAMI'), user);
  assert.strictEqual(await asUser.set('app:ioredis', '1'), 'OK');
  await assert.rejects(asUser.get('ioredis:k'), /NOPERM this user has no permissions to access one of the keys/);
  asUser.disconnect();

  // No ready check: it would run INFO, refused before AUTH, and give up on the connection.
  const stranger = new Redis({ port: Number(port), lazyConnect: true, maxRetriesPerRequest: 0,
    enableReadyCheck: false });
  await stranger.connect();
  await assert.rejects(stranger.get('ioredis:k'), /NOAUTH Authentication required/);
  stranger.disconnect();
  console.log('ok');
}

main().catch((e) => { console.error(e); process.exit(1); });
