import type { ExprNode, SelectorNested, SelectorNode } from 'groq-js'

/**
 * The one place that knows which child expressions each node of groq-js's syntax tree has, so the
 * lake's readers and rewriters of queries (the narrowing, the cost classifier, the projected
 * attributes, the params check) switch only on the node types they interpret. A node type added to
 * groq-js's `ExprNode` fails the typecheck here until its children are listed.
 */

/**
 * Where a child is evaluated: `same`, in its parent's scope; `nested`, once per element (or per
 * object) in a scope of its own, where `@` is that element and `^` the parent's `@`: the `expr` of
 * a filter, map or projection, the arguments of `| order(…)` and `anywhere()`.
 */
export type ChildScope = 'same' | 'nested'

/**
 * `node` with each child expression replaced by `map(child, scope)`, in source order; the node
 * itself (no copy) when every child comes back unchanged. The data of `Value` nodes is no child.
 * Selectors (the paths `diff::changedAny(…)` compares) are typed apart from the expressions they are
 * made of; `map` is trusted to leave a selector a selector.
 */
export function mapChildren(
  node: ExprNode,
  map: (child: ExprNode, scope: ChildScope) => ExprNode,
): ExprNode {
  const same = (child: ExprNode) => map(child, 'same')
  const nested = (child: ExprNode) => map(child, 'nested')
  switch (node.type) {
    case 'Everything':
    case 'This':
    case 'Parent':
    case 'Parameter':
    case 'Context':
    case 'Value':
      return node
    case 'AccessAttribute':
      return node.base ? patch(node, { base: same(node.base) }) : node
    case 'AccessElement':
    case 'ArrayCoerce':
    case 'Asc':
    case 'Deref':
    case 'Desc':
    case 'Group':
    case 'Neg':
    case 'Not':
    case 'Pos':
    case 'Slice':
      return patch(node, { base: same(node.base) })
    case 'And':
    case 'Or':
    case 'OpCall':
      return patch(node, { left: same(node.left), right: same(node.right) })
    case 'InRange':
      return patch(node, {
        base: same(node.base),
        left: same(node.left),
        right: same(node.right),
      })
    case 'Filter':
    case 'Map':
    case 'FlatMap':
    case 'Projection':
      return patch(node, { base: same(node.base), expr: nested(node.expr) })
    case 'PipeFuncCall':
      return patch(node, { base: same(node.base), args: all(node.args, nested) })
    case 'FuncCall':
      return patch(node, { args: all(node.args, same) })
    case 'Tuple':
      return patch(node, { members: all(node.members, same) })
    case 'Array':
      return patch(node, {
        elements: all(node.elements, (element) => patch(element, { value: same(element.value) })),
      })
    case 'Object':
      return patch(node, {
        attributes: all(node.attributes, (attribute) =>
          attribute.type === 'ObjectConditionalSplat'
            ? patch(attribute, {
                condition: same(attribute.condition),
                value: same(attribute.value),
              })
            : patch(attribute, { value: same(attribute.value) }),
        ),
      })
    case 'Select':
      return patch(node, {
        alternatives: all(node.alternatives, (alternative) =>
          patch(alternative, {
            condition: same(alternative.condition),
            value: same(alternative.value),
          }),
        ),
        fallback: node.fallback && same(node.fallback),
      })
    case 'SelectorNested':
      return patch(node, {
        base: same(node.base) as SelectorNode,
        nested: same(node.nested) as SelectorNested,
      })
    case 'SelectorFuncCall':
      return patch(node, { arg: nested(node.arg) })
    default:
      return unknownNode(node)
  }
}

/** The child expressions of `node`, in source order. */
export function children(node: ExprNode): ExprNode[] {
  const found: ExprNode[] = []
  mapChildren(node, (child) => {
    found.push(child)
    return child
  })
  return found
}

/** Whether `test` holds for `node` or any expression below it. */
export function someNode(node: ExprNode, test: (node: ExprNode) => boolean): boolean {
  return test(node) || children(node).some((child) => someNode(child, test))
}

function unknownNode(node: never): never {
  throw new Error(`Unknown GROQ node type: ${(node as { type: string }).type}`)
}

/** `node` with `fields` set, or `node` itself when each field is already the same. */
function patch<N extends object>(node: N, fields: { [K in keyof N]?: N[K] }): N {
  for (const key of Object.keys(fields) as (keyof N)[]) {
    if (fields[key] !== node[key]) return { ...node, ...fields }
  }
  return node
}

/** `items` mapped, or `items` itself when each item is already the same. */
function all<T>(items: T[], map: (item: T) => T): T[] {
  const mapped = items.map(map)
  return mapped.some((item, i) => item !== items[i]) ? mapped : items
}
