/**
 * GROQ functions whose result depends on their arguments alone (no clock, identity, `$params` or
 * dataset): a filter or projection made of them and attributes can be reasoned about per document.
 */
export const pureGlobalFunctions: ReadonlySet<string> = new Set([
  'coalesce',
  'count',
  'dateTime',
  'defined',
  'length',
  'lower',
  'path',
  'round',
  'string',
  'upper',
])

/** Namespaces whose every function is pure in that sense. */
export const pureNamespaces: ReadonlySet<string> = new Set(['string', 'array', 'math'])
