/**
 * The Studio's slug for a title: lowercase ASCII words joined by hyphens, cut at a word boundary to
 * at most `maxLength` characters (the slug field's `maxLength` is 96).
 */
export function slugify(title: string, maxLength = 96): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
  let slug = ''
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word
    if (next.length > maxLength) break
    slug = next
  }
  return slug || 'untitled'
}
