/** Registers `ipvstop weight`, `drain` and `undrain` on the command line. */
import type { Command } from 'commander';
import { MAX_WEIGHT } from '../domain/weight.js';
import { type WeightCommand, type WeightOptions, type WeightRequest, weightRequest } from './weightArgs.js';

function serviceOptions(cmd: Command): Command {
  return cmd
    .option('-t, --tcp-service <addr:port>', 'the TCP service')
    .option('-u, --udp-service <addr:port>', 'the UDP service')
    .option('--sctp-service <addr:port>', 'the SCTP service')
    .option('-f, --fwmark-service <mark>', 'the fwmark service')
    .option('-6, --ipv6', 'after -f: an IPv6 fwmark service')
    .option('-r, --real-server <addr[:port]>', 'the real server (IPv6 in brackets)')
    .option('--json', 'what was changed, as JSON')
    .option('--read-only', 'refuse to act (as the monitor does)');
}

/** Adds the three commands; `run` gets the checked request. */
export function addWeightCommands(program: Command, run: (r: WeightRequest) => Promise<void>): void {
  const go = (command: WeightCommand) => async (o: WeightOptions) => run(weightRequest(command, o));
  serviceOptions(program.command('weight'))
    .description(`set a real server's weight (0-${MAX_WEIGHT}), every other setting kept`)
    .argument('<weight>', `the new weight, 0-${MAX_WEIGHT}`)
    .action(async (weight: string, o: WeightOptions) => run(weightRequest('weight', o, weight)));
  serviceOptions(program.command('drain'))
    .description('drain a real server (weight 0, existing connections stay), or with --server every one at ADDR')
    .option('--server <addr>', 'every service with a real server at this address')
    .option('--wait', 'wait until no connection or persistence template is left (exit 3 on timeout)')
    .option('--timeout <seconds>', 'how long --wait waits (default 300)')
    .action(go('drain'));
  serviceOptions(program.command('undrain'))
    .description('give a drained real server back the weight it had (or --weight W)')
    .option('--server <addr>', 'every service with a real server at this address')
    .option('--weight <w>', 'the weight to set, when ipvstop did not save one')
    .action(go('undrain'));
}
