import { blankToUndefined } from '@tabula/contracts';

/** Form fields left blank mean "not given", so a query parameter of the same name still applies. */
export function withoutBlanks(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => blankToUndefined(value) !== undefined));
}
