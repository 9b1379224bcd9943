import type { ExprNode, ObjectNode } from 'groq-js'
import { mapChildren, someNode } from '../ast-children.ts'
import { pureGlobalFunctions, pureNamespaces } from './pure-functions.ts'

/**
 * Rewrites an expression over a projected object (`*[…]{a, "n": count(x)}[n > 0]`) into the same
 * expression over the document it was projected from (`count(x) > 0`), so a filter or sort after a
 * projection can run before it. Inside a projection, `@` is the document and `^` the same scope
 * as for the following filter's `^`, so a projected attribute's expression means the same there.
 * Returns `undefined` when that cannot be shown: `@` used whole, a splat that may set any
 * attribute, or a nested scope that looks outwards (`^`).
 */
export function overProjectionSource(node: ExprNode, projection: ObjectNode): ExprNode | undefined {
  const attributes = projectedAttributes(projection)
  return attributes && substitute(node, attributes)
}

/** Each attribute's defining expression, or `undefined` when a splat leaves any of them open. */
function projectedAttributes(projection: ObjectNode): Map<string, ExprNode> | undefined {
  const attributes = new Map<string, ExprNode>()
  for (const attribute of projection.attributes) {
    if (attribute.type !== 'ObjectAttributeValue') return undefined
    attributes.set(attribute.name, attribute.value)
  }
  return attributes
}

const nullValue: ExprNode = { type: 'Value', value: null }

function substitute(node: ExprNode, attributes: Map<string, ExprNode>): ExprNode | undefined {
  switch (node.type) {
    case 'AccessAttribute':
      if (node.base === undefined || node.base.type === 'This') {
        // An attribute the projection does not set is null on the projected object.
        const value = attributes.get(node.name)
        return value ? { type: 'Group', base: value } : nullValue
      }
      break
    // `@` used whole. The others could follow the scope rule below, but the narrowing's property
    // test builds none of them over a projection: they stay after it.
    case 'This':
    case 'Object':
    case 'Array':
    case 'Select':
    case 'PipeFuncCall':
    case 'Tuple':
    case 'SelectorNested':
    case 'SelectorFuncCall':
      return undefined
    case 'FuncCall': {
      // Only functions of their arguments alone: `references()` reads `@` itself, `delta::` and
      // `diff::` the document before and after a change.
      const pure =
        node.namespace === 'global'
          ? pureGlobalFunctions.has(node.name)
          : pureNamespaces.has(node.namespace)
      if (!pure) return undefined
      break
    }
  }
  const unshown: ExprNode[] = []
  const substituted = mapChildren(node, (child, scope) => {
    // A nested scope's `@` is no longer the object: it is left as it is, which is only right when
    // it does not look outwards with `^`.
    const next =
      scope === 'same'
        ? substitute(child, attributes)
        : someNode(child, (each) => each.type === 'Parent')
          ? undefined
          : child
    if (next === undefined) unshown.push(child)
    return next ?? child
  })
  return unshown.length === 0 ? substituted : undefined
}
