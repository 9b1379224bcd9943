/**
 * Word lists for synthetic copy in the publication's register (technology, geopolitics, economy).
 * The text is not meant to read well, only to have the length, word shapes and character mix of
 * real articles, so text search, `pt::text` and JSON sizes behave as they would in production.
 */

/** Whitespace-separated words. */
function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean)
}

/** `|`-separated phrases (they may contain spaces; an empty phrase is kept). */
function phrases(text: string): string[] {
  return text.split('|').map((phrase) => phrase.trim())
}

export const commonWords: readonly string[] = words(`
  the of and to in a is that for it as was with be by on not this are at from but have an they
  which one you were all their has been would more when who will no if out so what up its
  about than into them can only other new some could time these two may then first any like
  now over such our even most made after also did many before must through years where much
  way well down should because each just those how too still while against between under never
  since without
`)

export const contentWords: readonly string[] = words(`
  model models chip chips export controls sanctions government market markets investors
  startup startups research researchers lab labs data compute cloud platform platforms
  regulators regulation policy security privacy users developers open source weights license
  supply chain factory factories foundry semiconductor network networks satellite energy power
  grid battery batteries electric vehicles software hardware code infrastructure alliance
  rivalry competition innovation talent engineers universities budget billion million percent
  growth decline strategy ministry parliament commission treaty tariffs trade currency
  inflation surveillance censorship propaganda influence narrative audience media newsroom
  readers algorithm algorithms benchmark training inference datacenter datacenters bandwidth
  latency encryption quantum robotics automation workers labour wages productivity consumers
  prices demand shortage capacity leadership ambition sovereignty independence dependence
  partnership negotiations summit agreement dispute crisis risk risks opportunity future
  history decade century generation experts analysts officials executives founders engineering
  platform ecosystem standards protocol interoperability monopoly antitrust lawsuit court
  ruling fine disclosure transparency accountability misinformation election voters campaign
  diplomacy embassy military defence drone drones missile shipping ports rare earths minerals
  mining lithium gallium export quietly rapidly openly sharply largely arguably increasingly
  suddenly global national regional digital strategic technical economic political cheap
  expensive powerful fragile dominant ambitious cautious aggressive builds shapes controls
  funds blocks releases launches trains deploys warns argues claims reveals suggests shows
  changes challenges rewrites
`)

export const places: readonly string[] = phrases(`
  Beijing | Washington | Brussels | Berlin | Paris | London | Tokyo | Seoul | Taipei |
  Shenzhen | Hangzhou | Shanghai | Silicon Valley | Bangalore | Singapore | Tel Aviv |
  Moscow | Kyiv | Warsaw | Tallinn | Stockholm | Helsinki | Amsterdam | Eindhoven | Dublin |
  Geneva | Nairobi | Lagos | São Paulo | Mexico City | Toronto | Sydney
`)

export const authors: readonly string[] = phrases(`
  Cybermediateinment | Ana Kovač | Marek Nowak | Li Wei | Sofia Rossi | Jonas Berg |
  Amara Okafor | Hannah Müller | Rahul Mehta | Chloé Martin | Diego Álvarez | Yuki Tanaka |
  Olga Petrova | Tomás Silva | Fatima Zahra | Lukas Novák | Emma Johansson | Kwame Mensah |
  Ines Duarte | Mateusz Zieliński | Noor Haddad | Elena Popescu | Sven Lindqvist |
  Grace O’Neill | Park Ji-woo | Luca Bianchi | Zainab Bello | Pieter de Vries | Aylin Demir |
  Tariq Rahman
`)

export const roles: readonly string[] = phrases(`
  CEO | chief scientist | minister for digital affairs | senior fellow |
  professor of economics | trade negotiator | former ambassador | head of research |
  founder | policy director | security researcher | member of parliament | chip analyst |
  venture investor | editor
`)

export const organisations: readonly string[] = phrases(`
  a Brussels think tank | the Ministry of Industry | a national AI lab | a chip foundry |
  an open-source foundation | a sovereign wealth fund | the European Commission |
  a cloud provider | a defence contractor | a university in Zurich | a Shenzhen start-up |
  the central bank | a consumer rights group | a satellite operator
`)

export const sources: readonly string[] = phrases(`
  Interview | Press conference | Parliamentary hearing | Keynote | Podcast | Op-ed |
  Annual report | Reddit AMA | Panel discussion | Earnings call
`)

/** Subjects and angles combined into the tag taxonomy (see tags.ts). */
export const tagSubjects: readonly string[] = phrases(`
  AI | Open source | Chips | China | USA | Europe | Eurasia | India | Japan | Taiwan |
  Korea | Russia | Africa | Latin America | Middle East | Cloud | Privacy | Security |
  Energy | Climate | Batteries | Space | Robotics | Quantum | Biotech | Media | Elections |
  Trade | Finance | Crypto | Labour | Education | Health | Defence | Telecom | Mobility |
  Startups | Big Tech | Data | Standards
`)

export const tagAngles: readonly string[] = phrases(`
   | policy | markets | research | regulation | supply chains | talent | infrastructure
`)

export const linkHosts: readonly string[] = phrases(`
  https://www.reuters.com | https://arxiv.org/abs | https://eur-lex.europa.eu/legal-content |
  https://www.congress.gov/bill | https://github.com | https://www.ft.com/content |
  https://www.nature.com/articles | https://www.bis.doc.gov/index.php |
  https://huggingface.co | https://www.scmp.com/tech | https://www.economist.com |
  https://en.wikipedia.org/wiki
`)
