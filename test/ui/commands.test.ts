/** Every kernel action goes through createCommands: refusal, the dialog showing the command, the run, the outcome. */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { ActionOutcome } from '../../src/actions/types.js';
import type { Service } from '../../src/kernel/ipvs/types.js';
import { parseConnTable } from '../../src/kernel/proc/connParser.js';
import { FILTER_MAX } from '../../src/state/lineEdit.js';
import { type MonitorEvent, reducer } from '../../src/state/model.js';
import type { MonitorState } from '../../src/state/types.js';
import { type Commands, createCommands } from '../../src/ui/commands.js';
import { ACTION_COMMANDS, LIST_COMMANDS } from '../../src/ui/keys/bindings.js';
import { poll, run, start } from '../state/build.js';
import { settle } from '../state/manualClock.js';
import { dest, FakeActions, FakeKernel, fwmarkService, service } from './fakes.js';

interface Options {
  refusal?: string;
  iface?: string;
  services?: Service[];
  ifaceFor?: string | null;
}

function harness(o: Options = {}) {
  let state: MonitorState = poll(
    start({ refusal: o.refusal, iface: o.iface }),
    0,
    o.services ?? [service('192.0.2.1'), service('192.0.2.2')],
  );
  const events: MonitorEvent[] = [];
  const dispatch = (e: MonitorEvent): void => {
    events.push(e);
    state = reducer(state, e);
  };
  const actions = new FakeActions(o.refusal, o.ifaceFor === undefined ? 'lab-client' : o.ifaceFor);
  const refresh = vi.fn();
  const exit = vi.fn();
  const kernel = new FakeKernel();
  // Each call below is a key of its own read, made after the screen showed what the last one did.
  const reads = { current: 0, last: 0 };
  const inner = createCommands({
    actions,
    dispatch,
    getState: () => state,
    refresh,
    exit,
    reads,
    readConnRows: (keep, max) => kernel.readConnRows(keep, max),
  });
  const c = new Proxy(inner, {
    get:
      (target, name: keyof Commands) =>
      (...args: unknown[]) => {
        reads.current = ++reads.last;
        (target[name] as (...a: unknown[]) => void)(...args);
        if (state.dialog) target.shown();
      },
  });
  return {
    c,
    inner,
    kernel,
    reads,
    actions,
    refresh,
    exit,
    events,
    get state() {
      return state;
    },
    set: (f: (s: MonitorState) => MonitorState) => {
      state = f(state);
    },
  };
}

describe('global commands', () => {
  it('quit, help, pause and rates', () => {
    const h = harness();
    h.c.command('help');
    h.c.command('pause');
    h.c.command('rateMode');
    expect(h.state).toMatchObject({ help: true, paused: true, rateMode: 'kernel' });
    h.c.command('quit');
    expect(h.exit).toHaveBeenCalledTimes(1);
  });

  it('list commands become navigation events', () => {
    const h = harness();
    for (const c of LIST_COMMANDS) h.c.command(c);
    expect(h.events.map((e) => e.type)).toEqual([
      'move',
      'move',
      'page',
      'page',
      'edge',
      'edge',
      'toggleExpand',
      'filterStart',
      'filterClear',
      'sortNext',
      'sortReverse',
    ]);
    h.c.command('quit'); // not a list command
    expect(h.events).toHaveLength(LIST_COMMANDS.length);
  });
});

describe('refusal', () => {
  it.each(ACTION_COMMANDS)('%s is refused with the reason and opens nothing', async (command) => {
    const h = harness({ refusal: 'read-only mode (--read-only)' });
    h.c.command(command);
    await settle();
    expect(h.state.dialog).toBeUndefined();
    expect(h.state.status).toEqual({ kind: 'error', text: 'refused: read-only mode (--read-only)' });
    expect(h.actions.ran).toEqual([]);
    // Logged (the runner sends it to syslog with who tried).
    expect(h.actions.refusedLog).toEqual([`monitor: ${command}`]);
  });

  it('one action at a time', async () => {
    const h = harness();
    let finish!: (o: ActionOutcome) => void;
    h.actions.run = vi.fn(() => new Promise<ActionOutcome>((r) => (finish = r)));
    h.c.command('zeroAll');
    h.c.command('confirm');
    h.c.command('confirm'); // a repeated key before the next render
    expect(h.actions.run).toHaveBeenCalledTimes(1);
    expect(h.state.busy).toEqual({ kind: 'zeroAll' });
    h.c.command('zeroAll');
    expect(h.state.status).toEqual({ kind: 'error', text: 'wait: still running ipvsadm -Z' });
    expect(h.state.dialog).toBeUndefined();
    finish({ ok: true, message: 'zeroed' });
    await settle();
    expect(h.state.busy).toBeUndefined();
    expect(h.refresh).toHaveBeenCalledTimes(1);
    h.c.command('zeroAll');
    expect(h.state.dialog).toEqual({ kind: 'confirm', action: { kind: 'zeroAll' } });
  });
});

describe('zero', () => {
  it('z confirms the selected service, y runs it, the outcome goes to the status line, the table is re-read', async () => {
    const h = harness();
    h.set((s) => run(s, { type: 'move', by: 4 })); // a real server of the second service
    h.c.command('zeroService');
    expect(h.state.dialog).toEqual({ kind: 'confirm', action: { kind: 'zeroService', service: service('192.0.2.2') } });
    h.c.command('confirm');
    await settle();
    expect(h.actions.ran).toEqual([{ kind: 'zeroService', service: service('192.0.2.2') }]);
    expect(h.events.map((e) => e.type).slice(-2)).toEqual(['actionStarted', 'actionOutcome']);
    expect(h.state.status).toEqual({ kind: 'ok', text: 'done: zeroService' });
    expect(h.state.dialog).toBeUndefined();
    expect(h.refresh).toHaveBeenCalledTimes(1);
  });

  it('z without a service says to select one', () => {
    const h = harness({ services: [] });
    h.c.command('zeroService');
    expect(h.state.dialog).toBeUndefined();
    expect(h.state.status?.text).toBe('zero: select a service first (Z zeroes all)');
  });

  it("a failed action shows the kernel's error", async () => {
    const h = harness();
    h.actions.outcome = { ok: false, message: 'ipvsadm -Z: Operation not permitted' };
    h.c.command('zeroAll');
    h.c.command('submit'); // Enter in a confirmation runs it too
    await settle();
    expect(h.state.status).toEqual({ kind: 'error', text: 'ipvsadm -Z: Operation not permitted' });
  });

  it('cancel closes the dialog and says nothing changed', () => {
    const h = harness();
    h.c.command('zeroAll');
    h.c.command('cancel');
    expect(h.state.dialog).toBeUndefined();
    expect(h.state.status).toEqual({ kind: 'info', text: 'cancelled: nothing was changed' });
    expect(h.actions.ran).toEqual([]);
  });
});

describe('clear', () => {
  it('needs the word typed exactly and Enter; confirm() alone does nothing', async () => {
    const h = harness();
    h.c.command('clearTable');
    expect(h.state.dialog).toMatchObject({ kind: 'typeToConfirm', word: 'clear', typed: '' });
    h.c.command('confirm'); // a bare y
    h.c.type('y');
    h.c.command('submit');
    expect(h.state.dialog).toMatchObject({ error: 'type "clear" exactly, or Esc to cancel' });
    h.c.command('deleteBack');
    h.c.type('CLEAR');
    h.c.command('submit');
    await settle();
    expect(h.actions.ran).toEqual([]);
    for (let i = 0; i < 5; i++) h.c.command('deleteBack');
    h.c.type(' clear ');
    h.c.command('submit');
    await settle();
    expect(h.actions.ran).toEqual([{ kind: 'clearTable' }]);
  });
});

describe('timeouts', () => {
  it('prefills the current values; a bad value is an inline error; good values go to a confirmation', async () => {
    const h = harness();
    h.c.command('setTimeouts');
    expect(h.state.dialog).toEqual({ kind: 'timeouts', fields: ['900', '120', '300'], field: 0 });
    h.c.type('x');
    h.c.command('submit');
    expect(h.state.dialog).toMatchObject({ kind: 'timeouts', error: 'tcp: "900x" is not a whole number of seconds' });
    h.c.command('deleteBack');
    h.c.command('nextField');
    h.c.command('deleteBack');
    h.c.command('deleteBack');
    h.c.command('deleteBack');
    h.c.type('60');
    h.c.command('submit');
    expect(h.state.dialog).toEqual({
      kind: 'confirm',
      action: {
        kind: 'setTimeouts',
        timeouts: { tcp: 900, tcpFin: 60, udp: 300 },
        was: { tcp: 900, tcpFin: 120, udp: 300 },
      },
    });
    h.c.command('confirm');
    await settle();
    expect(h.actions.ran).toEqual([
      { kind: 'setTimeouts', timeouts: { tcp: 900, tcpFin: 60, udp: 300 }, was: { tcp: 900, tcpFin: 120, udp: 300 } },
    ]);
  });

  it('starts from zeros before the first read', () => {
    const h = harness();
    h.set(() => start());
    h.c.command('setTimeouts');
    expect(h.state.dialog).toMatchObject({ fields: ['0', '0', '0'] });
  });
});

describe('flush ARP', () => {
  it('uses --iface when given', async () => {
    const h = harness({ iface: 'eth1' });
    h.c.command('flushArp');
    await settle();
    expect(h.state.dialog).toEqual({ kind: 'confirm', action: { kind: 'flushNeighbours', iface: 'eth1' } });
  });

  it('else the interface holding the selected VIP', async () => {
    const h = harness();
    h.c.command('flushArp');
    await settle();
    expect(h.state.dialog).toEqual({ kind: 'confirm', action: { kind: 'flushNeighbours', iface: 'lab-client' } });
  });

  it.each<[string, Options]>([
    ['no interface holds the VIP', { ifaceFor: null }],
    ['a fwmark service has no VIP', { services: [fwmarkService(7)] }],
    ['no service', { services: [] }],
  ])('else asks which interface (%s), and refuses one that does not exist', async (_why, o) => {
    const h = harness(o);
    h.c.command('flushArp');
    await settle();
    expect(h.state.dialog).toEqual({ kind: 'interface', value: '', choices: ['lab-client', 'lab-rs', 'lo'] });
    h.c.type('eth9');
    h.c.command('submit');
    expect(h.state.dialog).toMatchObject({
      kind: 'interface',
      error: 'no interface "eth9" (have: lab-client lab-rs lo)',
    });
    for (let i = 0; i < 4; i++) h.c.command('deleteBack');
    h.c.type('lo');
    h.c.command('submit');
    expect(h.state.dialog).toEqual({ kind: 'confirm', action: { kind: 'flushNeighbours', iface: 'lo' } });
    expect(h.actions.ran).toEqual([]);
  });

  it('reports a failing interface lookup', async () => {
    const h = harness();
    h.actions.interfaceFor = () => Promise.reject(new Error('netlink timeout'));
    h.c.command('flushArp');
    await settle();
    expect(h.state.status).toEqual({ kind: 'error', text: 'flush ARP: netlink timeout' });
  });
});

describe('gratuitous ARP', () => {
  it('confirms arping for the selected VIP on its interface (or --iface)', async () => {
    const h = harness();
    h.c.command('gratuitousArp');
    await settle();
    expect(h.state.dialog).toEqual({
      kind: 'confirm',
      action: { kind: 'gratuitousArp', address: '192.0.2.1', iface: 'lab-client' },
    });
    const i = harness({ iface: 'eth1' });
    i.c.command('gratuitousArp');
    await settle();
    expect(i.state.dialog).toMatchObject({ action: { iface: 'eth1' } });
  });

  it.each<[string, Options, string]>([
    ['no service', { services: [] }, 'gratuitous ARP: select a service first'],
    [
      'a fwmark service',
      { services: [fwmarkService(7)] },
      'gratuitous ARP: FWM 7 is a firewall-mark service and has no VIP',
    ],
    [
      'an IPv6 VIP',
      { services: [{ ...service('2001:db8::1'), af: 10 }] },
      'gratuitous ARP: 2001:db8::1 is IPv6 (ARP is IPv4 only; use unsolicited NA)',
    ],
    [
      'no interface',
      { ifaceFor: null },
      'gratuitous ARP: no interface holds or routes 192.0.2.1; start with --iface IF',
    ],
  ])('refuses %s with a reason', async (_what, o, message) => {
    const h = harness(o);
    h.c.command('gratuitousArp');
    await settle();
    expect(h.state.dialog).toBeUndefined();
    expect(h.state.status).toEqual({ kind: 'error', text: message });
  });
});

describe('ARP check (a in the Doctor pane)', () => {
  const lan = (address: string) => ({ af: 2 as const, address, prefixLength: 24, interface: 'lab-client' });
  /** Both VIPs held on lab-client, asked from 192.0.2.100. */
  function checking(o: Options = {}) {
    const h = harness(o);
    h.actions.addresses = [lan('192.0.2.1'), lan('192.0.2.2'), lan('192.0.2.100')];
    return h;
  }
  const targets = [
    { address: '192.0.2.1', iface: 'lab-client', source: '192.0.2.100' },
    { address: '192.0.2.2', iface: 'lab-client', source: '192.0.2.100' },
  ];

  it('confirms one arping per VIP; y runs it, and its results stay for the Doctor pane', async () => {
    const h = checking();
    h.c.command('arpCheck');
    await settle();
    expect(h.state.dialog).toEqual({ kind: 'confirm', action: { kind: 'arpProbe', targets } });
    h.inner.shown(); // drawn: the next key may answer it
    const arpCheck = { results: [], ownMacs: [], at: 5 };
    h.actions.outcome = { ok: true, message: 'ARP check of 2 VIPs: no other host answers', arpCheck };
    h.c.command('confirm');
    await settle();
    expect(h.actions.ran).toEqual([{ kind: 'arpProbe', targets }]);
    expect(h.state.status).toEqual({ kind: 'ok', text: 'ARP check of 2 VIPs: no other host answers' });
    expect(h.state.arpCheck).toBe(arpCheck);
    // Another action's outcome keeps it.
    h.actions.outcome = undefined;
    h.c.command('zeroAll');
    h.c.command('confirm');
    await settle();
    expect(h.state.arpCheck).toBe(arpCheck);
  });

  it('n declines: nothing is sent', async () => {
    const h = checking();
    h.c.command('arpCheck');
    await settle();
    h.c.command('decline');
    expect(h.state.dialog).toBeUndefined();
    expect(h.state.status).toEqual({ kind: 'info', text: 'cancelled: nothing was changed' });
    expect(h.actions.ran).toEqual([]);
  });

  it('is refused in --read-only with the reason, before asking', async () => {
    const h = checking({ refusal: 'read-only mode (--read-only)' });
    h.c.command('arpCheck');
    await settle();
    expect(h.state.dialog).toBeUndefined();
    expect(h.state.status).toEqual({ kind: 'error', text: 'refused: read-only mode (--read-only)' });
    expect(h.actions.ran).toEqual([]);
  });

  it('says so when no IPv4 VIP is held here', async () => {
    const h = harness();
    h.c.command('arpCheck');
    await settle();
    expect(h.state.dialog).toBeUndefined();
    expect(h.state.status).toEqual({ kind: 'error', text: 'ARP check: no IPv4 VIP is held on an interface here' });
  });
});

describe('typed and pasted text, whatever it is (property-based)', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 300 });

  it('the filter takes it literally, without control characters, at most its length, and acts on nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(anyText, fc.constantFrom('.*', '[', '(?', '\\', '$(id)', 'Zy\r', '\x1b[1;5P')), {
          maxLength: 8,
        }),
        (parts) => {
          const h = harness();
          h.c.command('filter');
          for (const p of parts) h.c.type(p);
          h.c.paste(parts.join(''));
          const f = h.state.svc.filter;
          expect([...f].length).toBeLessThanOrEqual(FILTER_MAX);
          expect(f).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
          expect(h.state.filterEdit).toBeDefined(); // still typing: no text pressed Enter
          expect(h.actions.ran).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('every dialog field refuses it with a reason or keeps it bounded, and never runs an action unconfirmed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('setTimeouts', 'clearTable'),
        fc.array(anyText, { maxLength: 6 }),
        (opener, parts) => {
          const h = harness();
          h.c.command(opener as 'setTimeouts' | 'clearTable');
          for (const p of parts) h.c.type(p);
          h.c.command('submit');
          const d = h.state.dialog;
          if (d?.kind === 'timeouts') {
            for (const f of d.fields) expect([...f].length).toBeLessThanOrEqual(10);
            expect(d.error ?? 'valid').not.toBe('');
          }
          if (d?.kind === 'typeToConfirm') expect([...d.typed].length).toBeLessThanOrEqual(32);
          // Nothing runs without its confirmation: C only on the exact word, t only after y.
          const word = d?.kind === 'typeToConfirm' ? d.typed.trim() === 'clear' : false;
          if (!word) expect(h.actions.ran).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('weights: w, d, u, D on the selected real server', () => {
  const web = service('192.0.2.1');
  const rs = dest('198.51.100.11');
  const onServer = () => {
    const h = harness();
    h.set((s) => run(s, { type: 'move', by: 1 })); // the first real server of the first service
    return h;
  };

  it('d confirms weight 0 with the full ipvsadm -e, y runs it', async () => {
    const h = onServer();
    h.c.command('drain');
    expect(h.state.dialog).toEqual({
      kind: 'confirm',
      action: { kind: 'setWeight', service: web, dest: rs, weight: 0 },
    });
    h.c.command('confirm');
    await settle();
    expect(h.actions.ran).toEqual([{ kind: 'setWeight', service: web, dest: rs, weight: 0 }]);
    expect(h.refresh).toHaveBeenCalledTimes(1);
  });

  it('d warns in the confirmation when a health checker runs', () => {
    const h = onServer();
    h.actions.warnings = [{ short: '! keepalived runs, may undo this', long: '' }];
    h.c.command('drain');
    expect(h.state.dialog).toMatchObject({ kind: 'confirm', note: '! keepalived runs, may undo this' });
  });

  it('w opens the weight prefilled; a bad weight is an inline error; a good one goes to a confirmation', () => {
    const h = onServer();
    h.c.command('setWeight');
    expect(h.state.dialog).toEqual({ kind: 'weight', target: { service: web, dest: rs }, value: '1', undrain: false });
    h.c.type('x');
    h.c.command('submit');
    expect(h.state.dialog).toMatchObject({ kind: 'weight', error: 'a weight is a whole number 0..65535' });
    for (let i = 0; i < 2; i++) h.c.command('deleteBack');
    h.c.type('7');
    h.c.command('submit');
    expect(h.state.dialog).toEqual({
      kind: 'confirm',
      action: { kind: 'setWeight', service: web, dest: rs, weight: 7 },
    });
    expect(h.actions.ran).toEqual([]);
  });

  it('u puts back the saved weight, and asks when none is known', async () => {
    const drained = dest('198.51.100.11', 0);
    const h = harness();
    h.set((s) => poll(s, 1000, [web], () => [drained]));
    h.set((s) => run(s, { type: 'move', by: 1 }));
    h.actions.saved.set('198.51.100.11:80', 4);
    h.c.command('undrain');
    await settle();
    expect(h.state.dialog).toEqual({
      kind: 'confirm',
      action: { kind: 'setWeight', service: web, dest: drained, weight: 4 },
    });
    h.c.command('decline');
    h.actions.saved.clear();
    h.c.command('undrain');
    await settle();
    expect(h.state.dialog).toEqual({
      kind: 'weight',
      target: { service: web, dest: drained },
      value: '',
      undrain: true,
    });
  });

  it('u on a server that is not drained says so', async () => {
    const h = onServer();
    h.c.command('undrain');
    await settle();
    expect(h.state.dialog).toBeUndefined();
    expect(h.state.status?.text).toBe('undrain: 198.51.100.11:80 in TCP 192.0.2.1:80 is not drained (weight 1)');
  });

  it('D drains the address in every service it is in, in one confirmation', async () => {
    const h = onServer();
    const other = service('192.0.2.2');
    h.actions.servers = [
      { service: web, dest: rs },
      { service: other, dest: rs },
      { service: service('192.0.2.3'), dest: dest('198.51.100.11', 0) }, // drained already: left out
    ];
    h.c.command('drainHost');
    await settle();
    const steps = [
      { kind: 'setWeight', service: web, dest: rs, weight: 0 },
      { kind: 'setWeight', service: other, dest: rs, weight: 0 },
    ];
    expect(h.state.dialog).toEqual({ kind: 'confirm', action: { kind: 'setWeights', steps } });
    h.inner.shown(); // the dialog came after the key's read: on screen now
    h.c.command('confirm');
    await settle();
    expect(h.actions.ran).toEqual([{ kind: 'setWeights', steps }]);
  });

  it('each needs a real server selected', async () => {
    for (const c of ['setWeight', 'drain', 'undrain', 'drainHost'] as const) {
      const h = harness(); // a service row is selected
      h.c.command(c);
      await settle();
      expect(h.state.dialog).toBeUndefined();
      expect(h.state.status?.text).toMatch(/select a real server first/);
    }
  });
});

describe('c: client lookup', () => {
  const persistent: Service = { ...service('192.0.2.2'), flags: 3, netmask: '255.255.255.0', timeout: 60 };
  const other: Service = { ...service('192.0.2.3', 443), flags: 3, netmask: '255.255.255.255', timeout: 60 };
  const rows = parseConnTable(
    [
      'TCP CB007100 0000 C0000202 0050 C633640C 0050 ASSURED          42',
      'TCP CB007107 1F40 C0000202 0050 C633640C 0050 ESTABLISHED     900',
      'TCP CB007108 1F41 C0000202 0050 C633640B 0050 ESTABLISHED     900',
      'TCP CB007107 1F42 C0000201 0050 C633640D 0050 TIME_WAIT        60',
    ].join('\n'),
  );

  it('names the real server the template pins the client to, the services it is not pinned in, its entries', async () => {
    const h = harness({ services: [service('192.0.2.1'), persistent, other] });
    h.kernel.connRows = rows;
    h.c.command('clientLookup');
    h.c.type('203.0.113.7');
    h.c.command('submit');
    await settle();
    const d = h.state.dialog;
    expect(d?.kind).toBe('client');
    if (d?.kind !== 'client') return;
    expect(d.reading).toBe(false);
    expect(d.result?.pins.map((p) => [p.service.address, p.template.destAddress, p.template.expires])).toEqual([
      ['192.0.2.2', '198.51.100.12', 42],
    ]);
    expect(d.result?.unpinned.map((s) => s.address)).toEqual(['192.0.2.3']);
    expect(d.result?.entries.map((r) => r.clientPort)).toEqual([0x1f40, 0x1f42]);
  });

  it('refuses what is not an address in the dialog, and reads nothing', async () => {
    const h = harness();
    h.kernel.connRows = rows;
    h.c.command('clientLookup');
    h.c.type('203.0.113.7/40');
    h.c.command('submit');
    await settle();
    const d = h.state.dialog;
    expect(d?.kind === 'client' && d.error).toMatch(/not an address/);
    expect(d?.kind === 'client' && d.result).toBeFalsy();
  });
});
