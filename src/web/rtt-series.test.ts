import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RttSeries, chartGeometry, chooseWindow, formatMs, formatWindow, niceCeil } from './rtt-series.js';

test('the series keeps the newest samples up to its capacity', () => {
  const s = new RttSeries(3);
  for (let i = 1; i <= 5; i++) s.add(i * 1000, i);
  assert.deepEqual(s.samples().map((x) => x.rttMs), [3, 4, 5]);
  assert.throws(() => new RttSeries(0), RangeError);
});

test('nonsense samples (negative, NaN) are ignored rather than drawn', () => {
  const s = new RttSeries();
  s.add(1, -3);
  s.add(2, Number.NaN);
  s.add(3, 7);
  assert.equal(s.summary().count, 1);
});

test('summary: last, min, median and max', () => {
  const s = new RttSeries();
  assert.deepEqual(s.summary(), { count: 0, lastMs: null, minMs: null, medianMs: null, maxMs: null });
  for (const v of [12, 3, 40, 5]) s.add(0, v);
  assert.deepEqual(s.summary(), { count: 4, lastMs: 5, minMs: 3, medianMs: 8.5, maxMs: 40 });
  s.add(0, 1);
  assert.equal(s.summary().medianMs, 5);
});

test('the y axis ends at a nice number', () => {
  assert.deepEqual([0.3, 1, 1.2, 3, 7, 12, 49, 51, 180, 1000].map(niceCeil), [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 1000]);
  assert.equal(niceCeil(0), 1);
});

test('RTTs read as people read them', () => {
  assert.equal(formatMs(0.42), '0.4 ms');
  assert.equal(formatMs(3), '3 ms');
  assert.equal(formatMs(12.6), '13 ms');
  assert.equal(formatMs(1500), '1.5 s');
  assert.equal(formatMs(100_400), '100 s');
});

test('chart: time runs left to right over the window, RTT bottom to top', () => {
  const samples = [
    { at: 0, rttMs: 99 }, // outside the window: not drawn
    { at: 5000, rttMs: 0 },
    { at: 7500, rttMs: 5 },
    { at: 10_000, rttMs: 10 },
  ];
  const g = chartGeometry(samples, { width: 110, height: 60, windowMs: 5000, now: 10_000, padLeft: 10, padTop: 5, padBottom: 5 });
  assert.equal(g.yMaxMs, 10);
  assert.deepEqual(g.points.map((p) => [p.x, p.y]), [[10, 55], [60, 30], [110, 5]]);
  assert.equal(g.line, 'M10 55 L60 30 L110 5');
  assert.deepEqual(g.gridlines.map((l) => l.label), ['0 ms', '5 ms', '10 ms']);
  assert.deepEqual(g.gridlines.map((l) => l.y), [55, 30, 5]);
});

test('chart with nothing to show draws no line', () => {
  const g = chartGeometry([], { width: 100, height: 50, now: 0 });
  assert.equal(g.line, '');
  assert.equal(g.points.length, 0);
  assert.equal(g.yMaxMs, 1);
});

test('the window grows with the connection\'s age, in steps, up to 10 minutes', () => {
  assert.equal(chooseWindow(undefined, 5000), 30_000);
  assert.equal(chooseWindow(1000, 9000), 30_000);
  assert.equal(chooseWindow(0, 45_000), 60_000);
  assert.equal(chooseWindow(0, 4 * 60_000), 5 * 60_000);
  assert.equal(chooseWindow(0, 3_600_000), 10 * 60_000);
  assert.deepEqual([30_000, 120_000].map(formatWindow), ['30 s', '2 min']);
});

test('the line is not drawn across a reconnect', () => {
  const samples = [
    { at: 1000, rttMs: 2, conn: 1 },
    { at: 2000, rttMs: 2, conn: 1 },
    { at: 9000, rttMs: 4, conn: 2 },
    { at: 10_000, rttMs: 4, conn: 2 },
  ];
  const g = chartGeometry(samples, { width: 100, height: 10, windowMs: 10_000, now: 10_000 });
  assert.equal(g.line.split(' ').filter((cmd) => cmd.startsWith('M')).length, 2);
  assert.equal(g.line, 'M10 6 L20 6 M90 2 L100 2', "y: 2 and 4 ms on a 0–5 ms axis");
});
