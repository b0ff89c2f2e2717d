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

// A fake whose 'load' replies only when released, to cancel mid-restore.
function slowLoadFactory() {
  const created = [];
  const held = [];
  const create = () => {
    const w = {
      terminated: false,
      onmessage: null,
      postMessage({ id, method }) {
        const reply = () => w.onmessage?.({ data: { id, ...(method === 'crash' ? { type: 'error', fatal: true, message: 'unreachable' } : { type: 'result', value: method }) } });
        if (method === 'load' && created.length > 1) held.push(reply); else queueMicrotask(reply);
      },
      terminate() { w.terminated = true; },
    };
    created.push(w);
    return w;
  };
  return { create, created, held };
}

test('a cancel that arrives while a fresh worker is restoring cancels the call', async () => {
  const { create, created, held } = slowLoadFactory();
  let restarts = 0;
  const client = new WorkerClient('w.js', { create, restore: async (raw) => { await raw('load'); }, onRestart: () => { restarts += 1; } });
  await assert.rejects(client.call('crash'), /unreachable/);
  const ctrl = new AbortController();
  const p = client.call('screen', [], { signal: ctrl.signal });
  while (!held.length) await new Promise((r) => setTimeout(r, 1));
  ctrl.abort();
  await assert.rejects(p, (e) => e.name === 'AbortError');
  assert.equal(created[1].terminated, true, 'the restoring worker is stopped');
  assert.equal(restarts, 0, 'a cancelled restore is not a restart');
  held.length = 0;
  const next = client.call('ping');
  while (!held.length) await new Promise((r) => setTimeout(r, 1));
  held.shift()();
  assert.equal(await next, 'ping');
  assert.equal(created.length, 3, 'the next call restored a third worker');
  assert.equal(restarts, 1);
});

test('a worker whose restore failed is never used; the next call starts over', async () => {
  const { create, created } = fakeFactory((method) =>
    method === 'crash' ? { type: 'error', fatal: true, message: 'unreachable' } : { type: 'result', value: method });
  let attempts = 0;
  const client = new WorkerClient('w.js', { create, restore: async (raw) => { attempts += 1; await raw('load'); if (attempts === 1) throw new Error('文件读取失败'); } });
  await assert.rejects(client.call('crash'), /unreachable/);
  await assert.rejects(client.call('ping'), /文件读取失败/);
  assert.equal(created[1].terminated, true, 'the half-restored worker is dropped');
  assert.equal(await client.call('ping'), 'ping');
  assert.equal(created.length, 3);
  assert.equal(attempts, 2);
});
