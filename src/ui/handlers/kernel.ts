/**
 * The action keys: each opens the dialog or confirmation of its action (never acts at once).
 * Guarded by `guarded` in index.ts: refused when actions are off, elsewhere than its panes, or
 * while an action runs.
 */
import { ipvsadmServerArg } from '../../actions/describe.js';
import type { ServiceServer } from '../../actions/types.js';
import { arpTargets } from '../../doctor/arpRules.js';
import { serviceLabel } from '../../domain/labels.js';
import { AF_INET6 } from '../../kernel/ipvs/types.js';
import { neighbourId, selectedDest, selectedGone, selectedService } from '../../state/view.js';
import type { ActionCommand } from '../keys/commandList.js';
import { type CommandContext, failed } from './context.js';

/** The word `C` must be confirmed with. */
export const CLEAR_WORD = 'clear';

const serverName = (t: ServiceServer): string => `${ipvsadmServerArg(t.dest)} in ${serviceLabel(t.service)}`;

/** The selected service's VIP and the interface for it: --iface, else the one holding or routing it. */
async function vipAndInterface(
  x: CommandContext,
  what: string,
): Promise<{ af: number; address: string; iface: string | undefined } | undefined> {
  const entry = selectedService(x.d.getState());
  if (!entry) {
    x.error(`${what}: select a service first`);
    return undefined;
  }
  const s = entry.service;
  if (s.fwmark !== 0) {
    x.error(`${what}: ${serviceLabel(s)} is a firewall-mark service and has no VIP`);
    return undefined;
  }
  const iface = x.d.getState().config.iface ?? (await x.d.actions.interfaceFor(s.address));
  return { af: s.af, address: s.address, iface };
}

async function flushArp(x: CommandContext): Promise<void> {
  // What the user points at first: in the ARP pane the selected neighbour's interface; in the
  // Services pane a selected real server's, the one its route goes through (the real servers'
  // side, which is not the VIP's on a two-legged director).
  const s = x.d.getState();
  const row = s.focus === 'arp' ? s.neighbours?.find((n) => neighbourId(n) === s.arp.selected) : undefined;
  if (row?.interface) return x.confirm({ kind: 'flushNeighbours', iface: row.interface });
  const server = s.focus === 'services' ? selectedDest(s)?.dest : undefined;
  const serverIface = server && (await x.d.actions.interfaceFor(server.address));
  if (serverIface) return x.confirm({ kind: 'flushNeighbours', iface: serverIface });
  const configured = s.config.iface;
  const iface =
    configured ??
    (selectedService(x.d.getState())?.service.fwmark === 0
      ? (await vipAndInterface(x, 'flush ARP'))?.iface
      : undefined);
  if (iface) return x.confirm({ kind: 'flushNeighbours', iface });
  // No --iface and no VIP to go by: ask, with the host's interfaces listed.
  x.open({ kind: 'interface', value: '', choices: await x.d.actions.interfaces() });
}

async function gratuitousArp(x: CommandContext): Promise<void> {
  const target = await vipAndInterface(x, 'gratuitous ARP');
  if (!target) return;
  if (target.af === AF_INET6)
    return x.error(`gratuitous ARP: ${target.address} is IPv6 (ARP is IPv4 only; use unsolicited NA)`);
  if (!target.iface)
    return x.error(`gratuitous ARP: no interface holds or routes ${target.address}; start with --iface IF`);
  x.confirm({ kind: 'gratuitousArp', address: target.address, iface: target.iface });
}

/** The selected real server in its service, or an error on the status line. */
function selectedServer(x: CommandContext, what: string): ServiceServer | undefined {
  const state = x.d.getState();
  const entry = selectedService(state);
  const dest = selectedDest(state)?.dest;
  if (!entry || !dest) {
    x.error(`${what}: select a real server first (Enter expands a service)`);
    return undefined;
  }
  return { service: entry.service, dest };
}

async function undrain(x: CommandContext): Promise<void> {
  const t = selectedServer(x, 'undrain');
  if (!t) return;
  if (t.dest.weight !== 0) return x.error(`undrain: ${serverName(t)} is not drained (weight ${t.dest.weight})`);
  const saved = await x.d.actions.savedWeight(t.service, t.dest);
  if (saved === undefined) return x.open({ kind: 'weight', target: t, value: '', undrain: true });
  x.confirmWeight({ kind: 'setWeight', ...t, weight: saved });
}

/** `a` in the Doctor pane: one arping per IPv4 VIP held here, each shown in the confirmation. */
export async function arpCheck(x: CommandContext): Promise<void> {
  const services = x.d.getState().services;
  const { targets, skipped } = arpTargets({ services, addresses: await x.d.actions.localAddresses() });
  if (targets.length === 0)
    return x.error(`ARP check: no IPv4 VIP is held on an interface here${skipped.length ? ` (${skipped[0]})` : ''}`);
  x.confirm({ kind: 'arpProbe', targets });
}

async function drainHost(x: CommandContext): Promise<void> {
  const t = selectedServer(x, 'drain everywhere');
  if (!t) return;
  const all = await x.d.actions.serversAt(t.dest.af, t.dest.address);
  const steps = all.filter((s) => s.dest.weight !== 0).map((s) => ({ kind: 'setWeight' as const, ...s, weight: 0 }));
  if (steps.length === 0) return x.error(`drain everywhere: ${t.dest.address} has weight 0 in every service already`);
  x.confirmWeight({ kind: 'setWeights', steps });
}

/**
 * A row that left the table is shown a few seconds, marked gone: an action key that acts on the
 * selection (its record's `onSelection`) would act on nothing (or on its service), so it is
 * refused with why. True when it was.
 */
export function refuseOnGone(x: CommandContext, label: string): boolean {
  const state = x.d.getState();
  const gone = state.focus === 'services' ? selectedGone(state) : undefined;
  if (!gone) return false;
  x.error(`${label}: ${gone.what} is gone (no longer in the kernel table): nothing to act on`);
  return true;
}

/** What each action key opens, once `guarded` let it through. */
export const ACTION_HANDLERS: Record<ActionCommand, (x: CommandContext) => void> = {
  zeroService(x) {
    const entry = selectedService(x.d.getState());
    if (entry) x.confirm({ kind: 'zeroService', service: entry.service });
    else x.error('zero: select a service first (Z zeroes all)');
  },
  zeroAll: (x) => x.confirm({ kind: 'zeroAll' }),
  clearTable(x) {
    const state = x.d.getState();
    const dests = state.services.reduce((n, e) => n + (e.dests?.length ?? 0), 0);
    const counts = {
      services: state.services.length,
      dests,
      destsComplete: state.services.every((e) => e.dests !== undefined),
    };
    x.open({ kind: 'typeToConfirm', action: { kind: 'clearTable' }, word: CLEAR_WORD, typed: '', counts });
  },
  setTimeouts(x) {
    const t = x.d.getState().meta?.timeouts;
    const fields = t ? ([String(t.tcp), String(t.tcpFin), String(t.udp)] as const) : (['0', '0', '0'] as const);
    x.open({ kind: 'timeouts', fields, field: 0 });
  },
  flushArp: (x) => void flushArp(x).catch(failed(x, 'flush ARP')),
  gratuitousArp: (x) => void gratuitousArp(x).catch(failed(x, 'gratuitous ARP')),
  setWeight(x) {
    const t = selectedServer(x, 'weight');
    if (t) x.open({ kind: 'weight', target: t, value: String(t.dest.weight), undrain: false });
  },
  drain(x) {
    const t = selectedServer(x, 'drain');
    if (!t) return;
    if (t.dest.weight === 0) return x.error(`drain: ${serverName(t)} has weight 0 already`);
    x.confirmWeight({ kind: 'setWeight', ...t, weight: 0 });
  },
  undrain: (x) => void undrain(x).catch(failed(x, 'undrain')),
  drainHost: (x) => void drainHost(x).catch(failed(x, 'drain everywhere')),
};
