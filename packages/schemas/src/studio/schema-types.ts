import { articleType } from './article.ts'
import { pictureType } from './picture.ts'
import { quoteType } from './quote.ts'
import { tagType } from './tag.ts'

/** Every document type the Studio edits, in the order the desk lists them. */
export const schemaTypes = [articleType, quoteType, pictureType, tagType]
