import { blankToUndefined } from '@tabula/contracts';

/** Form fields left blank mean "not given", so a query parameter of the same name still applies. */
export function withoutBlanks(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => blankToUndefined(value) !== undefined));
}

/**
 * Whether the model is known before the file arrives: model_name in the query string, or a
 * model_name form field sent before the file. Only then may a streamed answer read the file
 * straight from the socket; otherwise a model_name after the file would come too late.
 */
export function namesModelFirst(query: Record<string, unknown>, fieldsBeforeFile: Record<string, unknown>): boolean {
  return blankToUndefined(query.model_name) !== undefined || blankToUndefined(fieldsBeforeFile.model_name) !== undefined;
}
