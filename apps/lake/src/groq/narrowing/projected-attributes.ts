import type { ExprNode, ObjectNode } from 'groq-js'
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
  const sub = (child: ExprNode) => substitute(child, attributes)
  switch (node.type) {
    case 'AccessAttribute': {
      if (node.base === undefined || node.base.type === 'This') {
        // An attribute the projection does not set is null on the projected object.
        const value = attributes.get(node.name)
        return value ? { type: 'Group', base: value } : nullValue
      }
      const base = sub(node.base)
      return base && { ...node, base }
    }
    case 'Value':
    case 'Parameter':
    case 'Parent':
    case 'Context':
    case 'Everything':
      return node
    case 'Group':
    case 'Not':
    case 'Neg':
    case 'Pos':
    case 'Asc':
    case 'Desc':
    case 'ArrayCoerce':
    case 'AccessElement':
    case 'Slice':
    case 'Deref': {
      const base = sub(node.base)
      return base && ({ ...node, base } as ExprNode)
    }
    case 'And':
    case 'Or':
    case 'OpCall': {
      const left = sub(node.left)
      const right = sub(node.right)
      return left && right && ({ ...node, left, right } as ExprNode)
    }
    case 'InRange': {
      const base = sub(node.base)
      const left = sub(node.left)
      const right = sub(node.right)
      return base && left && right && { ...node, base, left, right }
    }
    case 'FuncCall': {
      // Only functions of their arguments alone: `references()` reads `@` itself, `delta::` and
      // `diff::` the document before and after a change.
      const pure =
        node.namespace === 'global'
          ? pureGlobalFunctions.has(node.name)
          : pureNamespaces.has(node.namespace)
      if (!pure) return undefined
      const args = node.args.map(sub)
      return args.every((arg) => arg !== undefined) ? { ...node, args } : undefined
    }
    case 'Filter':
    case 'Map':
    case 'FlatMap':
    case 'Projection': {
      // The inner expression runs in a nested scope where `@` is no longer the object; it is left
      // as it is, which is only right when it does not look outwards with `^`.
      if (usesParent(node.expr)) return undefined
      const base = sub(node.base)
      return base && ({ ...node, base } as ExprNode)
    }
    default:
      return undefined
  }
}

function usesParent(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(usesParent)
  if (typeof node !== 'object' || node === null) return false
  const record = node as { type?: unknown }
  if (record.type === 'Parent') return true
  if (record.type === 'Value') return false
  return Object.values(record).some(usesParent)
}
