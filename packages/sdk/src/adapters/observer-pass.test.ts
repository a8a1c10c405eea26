import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Observer } from '../observer/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { createTestObserver, eventually, type TestObserver } from '../testing/index.js';
import { sightlineExpress, sightlineExpressErrors, sightlineFastify, sightlineHandler } from './index.js';

const opened: TestObserver[] = [];
const closers: (() => Promise<void>)[] = [];

function testObserver(): TestObserver {
  const test = createTestObserver({ serviceName: 'adapters' });
  opened.push(test);
  return test;
}

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await Promise.all(opened.splice(0).map((test) => test.observer.shutdown()));
});

describe('how the adapters reach the request pass', () => {
  it('refuses, with a SightlineConfigError naming what to pass, an object createObserver() did not return', () => {
    const notAnObserver = { http: {}, health: {} } as unknown as Observer;
    const adapters = [
      () => sightlineHandler(notAnObserver, () => {}),
      () => sightlineExpress(notAnObserver),
      () => sightlineExpressErrors(notAnObserver),
      () => sightlineFastify(notAnObserver),
    ];
    for (const build of adapters) {
      expect(build).toThrow(SightlineConfigError);
      expect(build).toThrow(/pass the one createObserver\(\) \(or createTestObserver\(\)\) returned/);
    }
  });

  it('serves through a spread copy of the observer, which still carries its pass', async () => {
    const test = testObserver();
    const copy: Observer = { ...test.observer };
    const baseUrl = await listen(sightlineHandler(copy, (_req, res) => res.end('ok')));

    const response = await fetch(`${baseUrl}/copied`, { headers: { 'x-request-id': 'spread-copy' } });
    expect(await response.text()).toBe('ok');
    const access = await eventually(() => test.lines.find((line) => line.request_id === 'spread-copy'), 'the access line');
    expect(access).toMatchObject({ msg: 'request completed', path: '/copied', status: 200 });
  });
});

describe('observer.http', () => {
  it('shows only how many requests are in flight and when none is, not the request pass', async () => {
    const test = testObserver();
    const { observer } = test;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => {};
    const handlerEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const baseUrl = await listen(
      sightlineHandler(observer, async (_req, res) => {
        entered();
        await held;
        res.end('done');
      }),
    );

    expect(Object.keys(observer.http).sort()).toEqual(['inFlight', 'whenIdle']);
    expect(observer.http.inFlight).toBe(0);
    const pending = fetch(`${baseUrl}/held`);
    await handlerEntered;
    expect(observer.http.inFlight).toBe(1);

    let idle = false;
    const whenIdle = observer.http.whenIdle().then(() => {
      idle = true;
    });
    await Promise.resolve();
    expect(idle).toBe(false);
    release();
    expect(await (await pending).text()).toBe('done');
    await whenIdle;
    expect(observer.http.inFlight).toBe(0);
  });
});
