import { parse } from 'groq-js'
import type { ExprNode } from 'groq-js'
import { describe, expect, it } from 'vitest'
import { children, mapChildren, someNode } from './ast-children.ts'
import type { ChildScope } from './ast-children.ts'

/** Every type of groq-js's `ExprNode`: a type added to groq-js fails the typecheck here. */
const nodeTypes = {
  AccessAttribute: true,
  AccessElement: true,
  And: true,
  Array: true,
  ArrayCoerce: true,
  Asc: true,
  Context: true,
  Deref: true,
  Desc: true,
  Everything: true,
  Filter: true,
  FlatMap: true,
  FuncCall: true,
  Group: true,
  InRange: true,
  Map: true,
  Neg: true,
  Not: true,
  Object: true,
  OpCall: true,
  Or: true,
  Parameter: true,
  Parent: true,
  PipeFuncCall: true,
  Pos: true,
  Projection: true,
  Select: true,
  SelectorFuncCall: true,
  SelectorNested: true,
  Slice: true,
  This: true,
  Tuple: true,
  Value: true,
} satisfies Record<ExprNode['type'], true>

/** One query using every kind of node (`before()` is a `Context` in delta mode). */
const everySyntax = [
  '{',
  '"scan": *[_type == $type && !(slug.current in path("a.*")) || -n < +m][0...10]',
  '  | order(rank asc, title desc){title, "first": tags[0]->name, ...meta, defined(x) => {y}},',
  '"maps": tags[].refs[]._ref,',
  '"outer": ^.title,',
  '"pick": select(a in 1..3 => [1, ...$list], (2)),',
  '"changed": diff::changedAny(before(), after(), (a.(b, c), anywhere(_type == "x"))),',
  '"score": *[x] | score(x match "y")',
  '}',
].join('\n')

const tree = parse(everySyntax, { mode: 'delta' })

/** Every node found by reading every field of every object below `node`, as if nothing were known. */
function nodesByFields(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) nodesByFields(item, found)
  else if (typeof node === 'object' && node !== null) {
    const { type } = node as { type?: unknown }
    if (typeof type === 'string' && type in nodeTypes) found.push(type)
    if (type !== 'Value') for (const value of Object.values(node)) nodesByFields(value, found)
  }
  return found
}

function visitedTypes(node: ExprNode): string[] {
  const found: string[] = []
  someNode(node, (each) => {
    found.push(each.type)
    return false
  })
  return found
}

describe('ast-children', () => {
  it('visits every node type groq-js has, in a query using all of them', () => {
    expect(new Set(visitedTypes(tree))).toEqual(new Set(Object.keys(nodeTypes)))
  })

  it('misses no child: the walk finds each node a read of every field finds', () => {
    expect(visitedTypes(tree).sort()).toEqual(nodesByFields(tree).sort())
  })

  it('gives the scope of each child: nested for the bodies of filters, maps, projections, pipes', () => {
    const scopes = (query: string) => {
      const found: [string, ChildScope][] = []
      mapChildren(parse(query), (child, scope) => {
        found.push([child.type, scope])
        return child
      })
      return found
    }
    expect(scopes('*[a]')).toEqual([
      ['Everything', 'same'],
      ['AccessAttribute', 'nested'],
    ])
    expect(scopes('a{b}')).toEqual([
      ['AccessAttribute', 'same'],
      ['Object', 'nested'],
    ])
    expect(scopes('a[].b')).toEqual([
      ['ArrayCoerce', 'same'],
      ['AccessAttribute', 'nested'],
    ])
    expect(scopes('a | order(b)')).toEqual([
      ['AccessAttribute', 'same'],
      ['AccessAttribute', 'nested'],
    ])
    expect(scopes('a == count(b)')).toEqual([
      ['AccessAttribute', 'same'],
      ['FuncCall', 'same'],
    ])
  })

  it('copies only the nodes on the way to a changed child', () => {
    expect(mapChildren(tree, (child) => child)).toBe(tree)
    const twos = (node: ExprNode): ExprNode =>
      node.type === 'Value' && node.value === 1
        ? { type: 'Value', value: 2 }
        : mapChildren(node, twos)
    const before = parse('{"a": [1, ...$b], "c": select(d => e)}')
    const after = twos(before)
    expect(after).toEqual(parse('{"a": [2, ...$b], "c": select(d => e)}'))
    const attributes = (node: ExprNode) => (node.type === 'Object' ? node.attributes : [])
    const [changed, unchanged] = attributes(after)
    expect(changed).not.toBe(attributes(before)[0])
    expect(unchanged).toBe(attributes(before)[1])
  })

  it('lists the children in source order', () => {
    expect(children(parse('a in 1..3'))).toEqual([
      { type: 'AccessAttribute', name: 'a' },
      { type: 'Value', value: 1 },
      { type: 'Value', value: 3 },
    ])
  })

  it('refuses a node type it does not know', () => {
    expect(() => children({ type: 'Unknown' } as unknown as ExprNode)).toThrow(/Unknown/)
  })
})
