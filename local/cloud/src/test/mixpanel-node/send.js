// Drives Mixpanel's Node.js SDK with only its host changed, against the API on
// http://127.0.0.1:<port>; prints one JSON line: the error (or null) of every call.
// Usage: node send.js <port> <token> <distinct_id>
'use strict';
const Mixpanel = require('mixpanel');

const [port, token, distinctId] = process.argv.slice(2);
const mixpanel = Mixpanel.init(token, { host: '127.0.0.1', port: Number(port), protocol: 'http' });
const results = {};

function call(name, fn) {
  return new Promise((resolve) =>
    fn((err) => {
      results[name] = err ? String(err.message || err) : null;
      resolve();
    }),
  );
}

(async () => {
  await call('track', (cb) => mixpanel.track('Node event', { distinct_id: distinctId, plan: 'pro' }, cb));
  await call('track_batch', (cb) =>
    mixpanel.track_batch(
      [
        { event: 'Node batch A', properties: { distinct_id: distinctId, time: Date.now() } },
        { event: 'Node batch B', properties: { distinct_id: distinctId, time: Date.now() } },
      ],
      cb,
    ),
  );
  await call('people.set', (cb) => mixpanel.people.set(distinctId, { name: 'Ada', gone: 1 }, cb));
  await call('people.set_once', (cb) => mixpanel.people.set_once(distinctId, 'first', 'yes', cb));
  await call('people.increment', (cb) => mixpanel.people.increment(distinctId, 'visits', 2, cb));
  await call('people.append', (cb) => mixpanel.people.append(distinctId, 'pages', '/a', cb));
  await call('people.union', (cb) => mixpanel.people.union(distinctId, { tags: ['x', 'y'] }, cb));
  await call('people.remove', (cb) => mixpanel.people.remove(distinctId, { tags: 'x' }, cb));
  await call('people.unset', (cb) => mixpanel.people.unset(distinctId, 'gone', cb));
  await call('groups.set', (cb) => mixpanel.groups.set('company', 'node-co', { name: 'Node Co' }, cb));
  process.stdout.write(JSON.stringify(results) + '\n');
})();
