// Dumps the word lexicon of the npm package compromise (MIT) as JSON
// {tag: [words...]}. Run by build.sh with NODE_PATH pointing at an unpacked
// compromise and efrt.
import { unpack } from 'efrt'

const src = process.argv[2]
const { default: lexData } = await import(src + '/src/2-two/preTagger/model/lexicon/_data.js')
const out = {}
for (const tag of Object.keys(lexData).sort()) {
  out[tag] = Object.keys(unpack(lexData[tag])).sort()
}
console.log(JSON.stringify(out))
