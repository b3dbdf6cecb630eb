/** What to read, from the state and the panes on screen (readPlan), and how the poller hands it on (Steering). */
import { describe, expect, it } from 'vitest';
import { entryQuery } from '../../src/state/entries.js';
import { serviceKey } from '../../src/state/identity.js';
import { type PaneRead, type ReadPlan, readPlan } from '../../src/state/poll/plan.js';
import { type Steered, Steering } from '../../src/state/poll/steering.js';
import { service } from '../ui/fakes.js';
import { noDests, poll, run, start } from './build.js';

const none = new Set<PaneRead>();

describe('readPlan', () => {
  const many = Array.from({ length: 60 }, (_, i) => service(`198.18.0.${i}`));
  const table = () => run(poll(start(), 0, many, noDests), { type: 'viewport', servicesRows: 5, arpRows: 5 });

  it('wants the real servers of the expanded services on screen and of the selected one', () => {
    let s = table();
    expect([...readPlan(s, none).dests]).toEqual([serviceKey(many[0]!)]);
    s = run(s, { type: 'move', by: 2 }, { type: 'toggleExpand' }, { type: 'edge', to: 'first' });
    expect(readPlan(s, none).dests).toEqual(new Set([serviceKey(many[0]!), serviceKey(many[2]!)]));
    // Scrolled past: the expanded service is no longer on screen, nor selected; the selected one is wanted.
    s = run(s, { type: 'move', by: 10 });
    const plan = readPlan(s, none);
    expect(plan.dests.has(serviceKey(many[2]!))).toBe(false);
    expect(plan.dests).toEqual(new Set([plan.talkersService]));
  });

  it('reads neighbours, talkers, HA and the doctor as the panes on screen ask', () => {
    const s = table();
    expect(readPlan(s, none)).toMatchObject({ neighbours: false, talkers: false, ha: false, doctor: false });
    expect(readPlan(s, new Set(['neighbours']))).toMatchObject({ neighbours: true, talkers: false, ha: false });
    expect(readPlan(s, new Set(['talkers', 'ha']))).toMatchObject({ neighbours: false, talkers: true, ha: true });
    expect(readPlan(s, new Set(['doctor']))).toMatchObject({ neighbours: false, ha: false, doctor: true });
  });

  it('counts the talkers of the selected service apart', () => {
    let s = table();
    expect(readPlan(s, none).talkersService).toBe(serviceKey(many[0]!));
    s = run(s, { type: 'move', by: 3 });
    expect(readPlan(s, none).talkersService).toBe(serviceKey(many[3]!));
    expect(readPlan(start(), none).talkersService).toBeUndefined();
  });

  it("asks for the entry browser's query, at once until a window of it is read", () => {
    let s = table();
    const plan = readPlan(s, none);
    expect(plan.entries).toEqual(entryQuery(s));
    expect(plan.entriesNow).toBe(true);
    s = run(s, { type: 'entries', window: { id: plan.entries.id, rows: [], first: 0, matched: 0 } });
    expect(readPlan(s, none).entriesNow).toBe(false);
  });

  it('is paused with the state', () => {
    const s = table();
    expect(readPlan(s, none).paused).toBe(false);
    expect(readPlan(run(s, { type: 'togglePause' }), none).paused).toBe(true);
  });
});

describe('Steering', () => {
  function steered() {
    const calls: string[] = [];
    const to: Steered = {
      services: { setWanted: (keys) => calls.push(`wanted ${[...keys].join(',')}`) },
      conn: {
        setTalkers: (visible, key) => calls.push(`talkers ${visible} ${key}`),
        setEntries: (q, now) => calls.push(`entries ${q.id} ${now}`),
      },
      neighbours: { setVisible: (v) => calls.push(`neighbours ${v}`) },
      ha: { setVisible: (v) => calls.push(`ha ${v}`) },
      doctor: { setVisible: (v) => calls.push(`doctor ${v}`) },
      setPaused: (p) => calls.push(`paused ${p}`),
    };
    return { calls, steering: new Steering(to) };
  }
  const s = poll(start(), 0, [service('192.0.2.1'), service('192.0.2.2')]);
  const plan = readPlan(s, none);

  it('hands every part over the first time, pause first and the talkers before the entries', () => {
    const { calls, steering } = steered();
    steering.apply(plan);
    expect(calls).toEqual([
      'paused false',
      `wanted ${[...plan.dests].join(',')}`,
      'neighbours false',
      'ha false',
      'doctor false',
      `talkers false ${serviceKey(service('192.0.2.1'))}`,
      `entries ${plan.entries.id} true`,
    ]);
  });

  it('hands over only the parts that changed; a new set of the same services is no change', () => {
    const { calls, steering } = steered();
    steering.apply(plan);
    calls.length = 0;
    steering.apply({ ...plan, dests: new Set(plan.dests) });
    expect(calls).toEqual([]);
    const shown: ReadPlan = { ...plan, neighbours: true };
    steering.apply(shown);
    expect(calls).toEqual(['neighbours true']);
    calls.length = 0;
    // The entries are read only with the talkers: showing them hands the query again.
    steering.apply({ ...shown, talkers: true });
    expect(calls).toEqual([`talkers true ${plan.talkersService}`, `entries ${plan.entries.id} true`]);
  });
});
