/** `w` (and `u` when the weight before the drain is not known): a real server's new weight, 0..65535. */
import { memo } from 'react';
import { describeAction } from '../../actions/describe.js';
import type { ServiceServer } from '../../actions/types.js';
import { serviceLabel } from '../../domain/labels.js';
import { endpoint } from '../../domain/names.js';
import { parseWeightField } from '../../state/validate.js';
import { type Theme, useTheme } from '../theme.js';
import { type DialogContent, DialogFrame, keyHints } from './common.js';

export interface WeightDialogProps {
  target: ServiceServer;
  value: string;
  undrain: boolean;
  error?: string;
  width: number;
}

export function weightContent(p: Omit<WeightDialogProps, 'width'>, theme: Theme): DialogContent {
  const { service, dest } = p.target;
  const parsed = parseWeightField(p.value);
  const why = p.undrain ? 'weight before the drain not known; ' : '';
  const body = [
    [
      {
        text: `  ${endpoint(dest.af, dest.address, dest.port)} in ${serviceLabel(service)}, weight now ${dest.weight}: `,
      },
      { text: `${p.value}_`, style: theme.selected },
      { text: `   (${why}0-65535)`, style: theme.dim },
    ],
    parsed.ok ? `  $ ${describeAction({ kind: 'setWeight', service, dest, weight: parsed.value })}` : '',
    p.error ? [{ text: `  ${p.error}`, style: theme.error }] : '',
  ];
  return {
    title: p.undrain ? 'Undrain' : 'Weight',
    body,
    keys: keyHints([
      ['submit', 'review'],
      ['cancel', 'cancel'],
    ]),
  };
}

export const WeightDialog = memo(function WeightDialog(p: WeightDialogProps) {
  return <DialogFrame {...weightContent(p, useTheme())} width={p.width} />;
});
