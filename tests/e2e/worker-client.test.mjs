// WorkerClient without a browser: a fake worker shows that a wasm trap
// (`fatal` error) replaces the worker and restores the Session before the
// next call, and that an ordinary error does not.
import test from 'node:test';
import assert from 'node:assert/strict';
import { WorkerClient } from '../../www/worker-client.js';

function fakeFactory(behaviour) {
  const created = [];
  const create = () => {
    const w = {
      terminated: false,
      onmessage: null,
      postMessage({ id, method }) {
        const reply = behaviour(method, created.length);
        queueMicrotask(() => w.onmessage?.({ data: { id, ...reply } }));
      },
      terminate() { w.terminated = true; },
    };
    created.push(w);
    return w;
  };
  return { create, created };
}

test('a fatal error (wasm trap) replaces the worker and restores before the next call', async () => {
  const restored = [];
  const { create, created } = fakeFactory((method) =>
    method === 'crash' ? { type: 'error', fatal: true, message: 'unreachable' } : { type: 'result', value: method });
  const client = new WorkerClient('w.js', { create, restore: async (raw) => restored.push(await raw('load')) });
  assert.equal(await client.call('ping'), 'ping');
  await assert.rejects(client.call('crash'), /unreachable/);
  assert.equal(created[0].terminated, true, 'the trapped worker is terminated');
  assert.equal(await client.call('ping'), 'ping');
  assert.equal(created.length, 2, 'a fresh worker serves the next call');
  assert.deepEqual(restored, ['load'], 'the fresh worker was restored first');
});

test('an ordinary error keeps the worker and its Session', async () => {
  const { create, created } = fakeFactory((method) =>
    method === 'bad' ? { type: 'error', message: '找不到列' } : { type: 'result', value: method });
  const client = new WorkerClient('w.js', { create });
  await assert.rejects(client.call('bad'), /找不到列/);
  assert.equal(await client.call('ping'), 'ping');
  assert.equal(created.length, 1);
  assert.equal(created[0].terminated, false);
});
